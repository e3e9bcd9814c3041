"""Jinja2 environment: autoescape on, partials start with ``_``, and a theme folder
(``THEPOST_THEME_DIR``, optional) is searched before the built-in templates so a site
can override any of them. ``picture(image, ...)`` links renditions through the site's
``MediaUrls``."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from thepost.content.models import Author, Image
from thepost.media import html as media_html
from thepost.media.urls import MediaUrls
from thepost.web import avatars, urls

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

CARD_SIZES = "(min-width: 64rem) 18rem, (min-width: 40rem) 45vw, 100vw"
LEAD_SIZES = "(min-width: 64rem) 40rem, 100vw"
ARTICLE_SIZES = "(min-width: 60rem) 46rem, 100vw"


class Templates:
    def __init__(self, theme_dir: Path | None, media_urls: MediaUrls) -> None:
        loaders = [FileSystemLoader(theme_dir)] if theme_dir else []
        loaders.append(FileSystemLoader(TEMPLATE_DIR))
        self.media_urls = media_urls
        self._sources: dict[str, str] = {}
        self.env = Environment(
            loader=ChoiceLoader(loaders),
            autoescape=select_autoescape(["html", "xml"], default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            auto_reload=False,
        )
        self.env.globals.update(urls=urls, picture=self.picture, avatar=avatars.identicon)
        self.env.filters.update(
            date=format_date,
            datetime=format_datetime,
            when=format_when,
            clock=lambda d: d.strftime("%H:%M UTC") if d else "",
            iso=lambda d: d.replace(microsecond=0).isoformat(),
            byline=byline,
        )

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)

    def module(self, name: str) -> Any:
        """A template's macros, as callables (``module("site/_card.html").card(...)``)."""
        return self.env.get_template(name).module

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
        if image is None:
            return Markup("")
        return Markup(
            media_html.picture(
                self.media_urls.url,
                image.sha256,
                image.renditions,
                image.width,
                image.height,
                alt or image.alt,
                sizes=sizes,
                eager=eager,
            )
        )


def byline(authors: list[Author]) -> str:
    names = [a.name for a in authors]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def format_date(value: datetime | None) -> str:
    return value.strftime("%-d %B %Y") if value else ""


def format_when(value: datetime | None, now: datetime) -> str:
    """Time of day for today's stories, the date for older ones (the 'Latest' list)."""
    if value is None:
        return ""
    return value.strftime("%H:%M") if value.date() == now.date() else value.strftime("%-d %b")


def format_datetime(value: datetime | None) -> str:
    return value.strftime("%-d %B %Y, %H:%M UTC") if value else ""
