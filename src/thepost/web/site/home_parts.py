"""The home page's top stories and section blocks, stored for each edition.

They are some forty cards, the same for every reader until a story or what the cards
show changes. They are rendered when that happens, once at the end of the writing
transaction (``app.py`` subscribes ``refresh``), and stored (``HomePart``), so a
reader's request, the first after a publish included, reads them in one row and renders
only the latest list (its times are relative to now) and the page around them.

A stored part is current while its stamp is the one this process would render (the
card and home templates, the code shaping them, the site's settings: ``stamp``) and no
scheduled story has come out since it was rendered (``until``), unless a theme has a
home page of its own, which may show the stories its own way. Otherwise the page
renders them itself, as it did before they were stored, until the next write or
``thepost render`` stores them again::

    refresh(session, services)                           # every edition, as they stand now
    stored = current(request, session, shown)            # Stored(top, blocks), or None
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any, NamedTuple

from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.requests import Request

from thepost.cache import generation
from thepost.content import pages as stored_pages
from thepost.content import queries, site, translations
from thepost.content.site import SiteSettings
from thepost.services import Renderer, Services
from thepost.web import deps
from thepost.web.site import pages, rendering, tiles

PART = "site/_home.html"
PAGE = "site/home.html"


def stamp(templates: Renderer, cards: str) -> str:
    """What the stored parts depend on: the cards' stamp (``pages.stamp``), the home
    template and the code that chooses and frames the cards."""
    code = pages.code_digest((tiles.__file__ or "", __file__))
    text = "\0".join((cards, code, templates.source(PART)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def refresh(session: Session, services: Services) -> None:
    """Render and store the home page's parts of every edition as they stand now.

    Under the cache generation's lock (``generation.hold``; every write readers see has
    taken it already), so that two writers' renders follow their commits: the last
    stored holds every change committed before it."""
    generation.hold(session)
    templates, now = services.templates, services.clock()
    main = site.load(session)
    cards = pages.stamp(templates, services.settings.base_url, main)
    current = stamp(templates, cards)
    shelves = queries.sections(session)
    for language in ("", *main.languages):
        shown = (
            main.in_language(language, translations.section_names(session, language))
            if language
            else main
        )
        found = queries.home(  # without the latest list: each request makes its own
            session,
            now=now,
            pinned=shown.lead_ids,
            language=language,
            shelves=shelves,
            latest=0,
        )
        home = tiles.home_of(found, _tiles(session, templates, shown, cards, now))
        module = templates.module(PART, shown)
        stored_pages.store_home(
            session,
            language,
            {
                "stamp": current,
                "until": stored_pages.next_out(session, language, now=now),
                "top": str(module.top_stories(home)),
                "blocks": str(module.section_blocks(home)),
            },
        )


def _tiles(
    session: Session, templates: Renderer, shown: SiteSettings, cards: str, now: datetime
) -> Callable[[list[Any]], list[tiles.Tile]]:
    """What makes the edition ``shown``'s tiles of rows: their stored words, or those
    rendered now from the stories whose stored ones are of another stamp."""

    def made(rows: list[Any]) -> list[tiles.Tile]:
        def render(ids: list[int]) -> dict[int, tuple[Markup, Markup]]:
            return tiles.rendered(session, templates, shown, ids, now=now)

        return tiles.made(rows, cards, render)

    return made


class Stored(NamedTuple):
    top: Markup
    blocks: Markup


def current(request: Request, session: Session, shown: SiteSettings) -> Stored | None:
    """The stored parts of the edition ``shown`` if they are current, else None."""
    services = deps.services(request)
    if services.templates.themed(PAGE):
        return None  # a theme's home page may show the stories its own way
    part = stored_pages.home_part(session, shown.edition)
    if part is None or (part.until is not None and services.clock() >= part.until):
        return None
    cards = rendering.page_stamp(request, session)
    made = services.memo.get("home_stamp", lambda: stamp(services.templates, cards))
    return Stored(Markup(part.top), Markup(part.blocks)) if part.stamp == made else None
