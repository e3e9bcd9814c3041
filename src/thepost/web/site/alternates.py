"""A page's versions in the site's languages, for ``<link rel="alternate" hreflang>`` in
its head and the language switcher on it.

Every version names every version, itself included, and the one in the site's own
language is also the ``x-default`` (what search engines show a reader of none of them):
the pairs are valid both ways because each page reads the same group. A story or page
has the versions its translations make (``content.translations``, read at request time:
a translation published or scheduled later appears on its original's page without
rendering the original again); the home page, a section and the latest list exist in
every language the site publishes in. A site in one language has none, and reads nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session, joinedload
from starlette.requests import Request

from thepost import i18n
from thepost.content import page_queries, translations
from thepost.content.models import Article, Page
from thepost.content.site import SiteSettings
from thepost.web import deps, urls
from thepost.web.site import rendering


@dataclass(frozen=True)
class Alternate:
    language: str  # BCP 47
    name: str  # the language's name in itself
    href: str  # absolute
    current: bool  # the page being read
    default: bool  # in the site's own language: the x-default


def _alternate(shown: SiteSettings, language: str, href: str) -> Alternate:
    return Alternate(
        language,
        i18n.name(language),
        href,
        language == shown.language,
        language == shown.main_language,
    )


def editions(
    request: Request, shown: SiteSettings, path_in: Callable[[str], str]
) -> list[Alternate]:
    """A page every language has (``path_in``: its path given a language's segment)."""
    if not shown.languages:
        return []
    base = rendering.base_url(request)
    return [
        _alternate(shown, tag, base + path_in("" if tag == shown.main_language else tag))
        for tag in shown.all_languages
    ]


def versions(
    request: Request, session: Session, model: type[Article] | type[Page], item: Any
) -> list[Alternate]:
    """The live versions of a story or page (``item``: one, or a row with its ``id``,
    ``language`` and ``translation_of_id``)."""
    services = deps.services(request)
    shown = rendering.edition(request, session)
    options = [joinedload(Article.section)] if model is Article else []
    found = translations.versions(
        session, model, item, settings=shown, now=services.clock(), options=options
    )
    if not found:
        return []
    if model is Article:
        path_of: Callable[[Any], str] = urls.article
    else:
        paths = page_queries.paths(session, live_only=services.clock())
        path_of = lambda page: urls.page_path(paths.get(page.id, page.slug))  # noqa: E731
    base = rendering.base_url(request)
    return [_alternate(shown, v.language, base + path_of(v.item)) for v in found]
