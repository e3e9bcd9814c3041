"""Jinja2 environment: autoescape on, partials start with ``_``, and a theme folder
(``THEPOST_THEME_DIR``, optional) is searched before the built-in templates so a site
can override any of them. ``picture(image, ...)`` links renditions through the site's
``MediaUrls``."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from babel.lists import format_list
from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup

from thepost import i18n, localtime
from thepost.content.models import Author, Image
from thepost.localtime import UTC_SHOWN, Local
from thepost.media import html as media_html
from thepost.media.urls import MediaUrls
from thepost.web import avatars, language, script_words, urls

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

CARD_SIZES = "(min-width: 64rem) 18rem, (min-width: 40rem) 45vw, 100vw"
LEAD_SIZES = "(min-width: 64rem) 40rem, 100vw"
ARTICLE_SIZES = "(min-width: 60rem) 46rem, 100vw"


class Templates:
    def __init__(self, theme_dir: Path | None, media_urls: MediaUrls) -> None:
        loaders = [FileSystemLoader(theme_dir)] if theme_dir else []
        loaders.append(FileSystemLoader(TEMPLATE_DIR))
        self.theme_dir = theme_dir
        self.media_urls = media_urls
        self._sources: dict[str, str] = {}
        self._modules: dict[tuple[str, Any], Any] = {}
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(["html", "xml"], default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
            extensions=["jinja2.ext.i18n"],
        )
        language.install(self.env)  # each render speaks its own site's language
        self.env.globals.update(
            urls=urls,
            picture=self.picture,
            tile_card=self.card,
            cards=self.cards,
            avatar=avatars.identicon,
            direction=i18n.direction,
            language_name=i18n.name,
            script_words=script_words.script_words,
        )
        # Dates in the site's time zone and the page's language: each filter reads
        # ``site`` (the SiteSettings) and ``language`` from the page's context, or from a
        # module's variables (``language.language_of``: the page's own, else the site's).
        self.env.filters.update(
            date=pass_context(lambda ctx, d: shown(ctx).date(d)),
            datetime=pass_context(lambda ctx, d: shown(ctx).date_and_time(d)),
            when=pass_context(lambda ctx, d, now: shown(ctx).when(d, now)),
            clock=pass_context(lambda ctx, d: shown(ctx).time(d)),
            iso=pass_context(lambda ctx, d: shown(ctx).iso(d)),
            og_locale=localtime.og_locale,
            byline=_byline,
            shelf=_shelf,
        )

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def module(self, name: str, site: Any = None) -> Any:
        """A template's macros, as callables (``module("site/_card.html").card(...)``).
        With ``site`` (the SiteSettings), the macros see it as a page's template does:
        their dates are the site's. Kept per template and settings (a few at a time)."""
        template = self.env.get_template(name)
        if site is None:
            return template.module
        key = (name, site)
        found = self._modules.get(key)
        if found is None:
            if len(self._modules) > 64:
                self._modules.clear()
            found = self._modules[key] = template.make_module({"site": site})
        return found

    @functools.lru_cache(maxsize=64)  # noqa: B019 (one Templates per process, kept for its life)
    def themed(self, name: str) -> bool:
        """Whether the theme has its own copy of the template ``name``."""
        return self.theme_dir is not None and (self.theme_dir / name).is_file()

    def source(self, name: str) -> str:
        """A template's text as the loader found it (a theme's copy first), read once like
        the compiled template (``auto_reload`` is off)."""
        if name not in self._sources:
            loader = self.env.loader
            assert loader is not None
            self._sources[name] = loader.get_source(self.env, name)[0]
        return self._sources[name]

    def picture(
        self, image: Image | None, alt: str = "", sizes: str = CARD_SIZES, eager: bool = False
    ) -> Markup:
        """``image`` (an ``Image``, or anything with its sha256, renditions, width, height
        and alt: a list's ``tiles.Picture``) as a ``<picture>``."""
        if image is None:
            return Markup("")
        return self._picture(
            image.sha256,
            tuple(image.renditions),
            image.width,
            image.height,
            alt or image.alt,
            sizes,
            eager,
        )

    def card(
        self, t: Any, sizes: str | None = None, eager: bool = False, show_image: bool = True,
        **more: str,
    ) -> Markup:  # fmt: skip
        """A list's card (``site/_card.html``'s ``card``): ``t`` a ``tiles.Tile``, its
        picture at ``sizes``, fetched first when ``eager``, left out without
        ``show_image``; ``class`` more classes. A frame around stored words, joined here
        rather than by a macro: the home page shows some fifty."""
        image = ""
        if show_image and t.image:
            shown = self.picture(t.image, t.alt, sizes or CARD_SIZES, eager)
            image = (
                f'<a class="card-image" href="{Markup.escape(t.href)}" tabindex="-1" '
                f'aria-hidden="true">{shown}</a>'
            )
        extra = Markup.escape(more.get("class", ""))
        return Markup(f'<article class="card {extra}">{image}{t.words}</article>')

    def cards(
        self, card: Any, tiles: Iterable[Any], sizes: str | None = None, first: str = ""
    ) -> Markup:
        """A list's cards side by side: ``card`` each of ``tiles``, at ``sizes``; with
        ``first``, only the first card shows its picture and has that class (the home
        page's section blocks). ``card`` is the page's own (``site/_card.html``): a
        theme's macro is called card by card; the default is joined here, without a
        template call per card (the home page shows some fifty)."""
        if not first:
            if card == self.card:
                return Markup("").join(self.card(t, sizes) for t in tiles)
            return Markup("").join(card(t, sizes=sizes) for t in tiles)
        return Markup("").join(
            card(t, show_image=i == 0, **{"class": first if i == 0 else ""})
            for i, t in enumerate(tiles)
        )

    @functools.lru_cache(maxsize=2048)  # noqa: B019 (one Templates per process, kept for its life)
    def _picture(
        self, sha256: str, widths: tuple[int, ...], width: int, height: int, alt: str,
        sizes: str, eager: bool,
    ) -> Markup:  # fmt: skip
        """The same picture is shown again and again (the lists' cards): its markup, made
        once, costs a lookup."""
        shown = media_html.picture(
            self.media_urls.url, sha256, widths, width, height, alt, sizes=sizes, eager=eager
        )
        return Markup(shown)


def byline(authors: list[Author], language: str) -> str:
    """The names joined as the language joins a list ("A, B and C", "A, B y C")."""
    names = [a.name for a in authors]
    return format_list(names, locale=localtime.locale(language)) if names else ""


@pass_context
def _byline(context: Context, authors: list[Author]) -> str:
    return byline(authors, language.language_of(context))


@pass_context
def _shelf(context: Context, section: Any) -> str:
    """A section's name in the page's language (``SiteSettings.section_names``)."""
    site = context.get("site")
    return site.section_name(section.id, section.name)[0] if site is not None else section.name


def shown(context: Context) -> Local:
    """How the page shows dates: its site's time zone and numerals, in the page's
    language (a newsroom page speaks its user's)."""
    site = context.get("site")
    if site is None:
        return UTC_SHOWN
    return localtime.of(site.time_zone, language.language_of(context), site.numerals)
