"""The cards of the reader's lists, from what is stored with each story.

A card's words (section, title, excerpt, byline, date) and the home page's lead are
rendered when the story changes and stored with its page (``ArticlePage.card`` and
``lead``, ``web/site/pages.py``). A list reads them in the statement that finds its
stories (``queries.TILE_COLUMNS``), with the picture's columns: the picture's markup is
chosen by each list at request time (its sizes, whether it loads first, whether it is
shown), a few string joins. A card stored with other templates or settings (another
stamp), or not stored yet, is rendered from its story now, as the article page does::

    found = tiles.of_rows(request, session, queries.related_cards(...))
    {{ card(t, sizes=..., eager=true) }}        {# site/_card.html #}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from markupsafe import Markup
from sqlalchemy.orm import Session
from starlette.requests import Request

from thepost.content import queries
from thepost.content.models import LIVE, article_path
from thepost.content.site import SiteSettings
from thepost.services import Renderer
from thepost.web import deps
from thepost.web.site import pages, rendering


class Picture(NamedTuple):
    """What the templates' ``picture`` reads of an image."""

    sha256: str
    renditions: list[int]
    width: int
    height: int
    alt: str


class Tile(NamedTuple):
    """A story as a list shows it."""

    id: int
    href: str
    title: str
    published_at: datetime
    is_live: bool
    section_id: int | None
    image: Picture | None
    alt: str
    words: Markup  # the card's
    lead: Markup  # the home page's lead


def of_rows(request: Request, session: Session, rows: Sequence[Any]) -> list[Tile]:
    """The tiles of ``rows`` (``queries.TILE_COLUMNS``), in their order."""
    stamp = rendering.page_stamp(request, session)
    return made(rows, stamp, lambda ids: _rendered(request, session, ids))


def made(
    rows: Sequence[Any], stamp: str, render: Callable[[list[int]], dict[int, tuple[Markup, Markup]]]
) -> list[Tile]:
    """The tiles of ``rows``: their stored words where stored with ``stamp``, else those
    ``render`` makes from the stories (of the ids it is given)."""
    stale = [row.id for row in rows if row.stamp != stamp]
    fresh = render(stale) if stale else {}
    found = []
    for row in rows:
        words = fresh.get(row.id) or (
            (Markup(row.card), Markup(row.lead)) if row.stamp == stamp else None
        )
        if words is not None:
            found.append(_tile(row, *words))
    return found


def of_home(request: Request, session: Session, found: queries.Home) -> queries.Home:
    """The home page's rows as tiles (in one pass: one rendering of any out of date)."""
    return home_of(found, lambda rows: of_rows(request, session, rows))


def home_of(found: queries.Home, made: Callable[[list[Any]], list[Tile]]) -> queries.Home:
    """``found`` with its rows as the tiles ``made`` makes of them, in one call."""
    rows = [*found.top, *found.latest, *(row for _, block in found.sections for row in block)]
    tiles = {t.id: t for t in made([*filter(None, [found.lead]), *rows])}

    def shown(some: list[Any]) -> list[Tile]:
        return [tiles[row.id] for row in some if row.id in tiles]

    return queries.Home(
        tiles.get(found.lead.id) if found.lead is not None else None,
        shown(found.top),
        shown(found.latest),
        [(section, shown(block)) for section, block in found.sections],
    )


def listed(
    request: Request, session: Session, listing: queries.Listing, *, page: int, size: int
) -> queries.Page[Tile]:
    """A numbered page of a reader's list, as tiles."""
    now = deps.services(request).clock()
    found = queries.tiles_page(session, listing, now=now, page=page, size=size)
    return queries.Page(of_rows(request, session, found.items), page, size, found.total)


def _rendered(
    request: Request, session: Session, ids: list[int]
) -> dict[int, tuple[Markup, Markup]]:
    services = deps.services(request)
    shown = rendering.edition(request, session)
    return rendered(session, services.templates, shown, ids, now=services.clock())


def rendered(
    session: Session, templates: Renderer, shown: SiteSettings, ids: list[int], *, now: datetime
) -> dict[int, tuple[Markup, Markup]]:
    """The words of the live ones of ``ids`` rendered from the stories now, as the
    edition ``shown`` shows them."""
    articles = queries.cards_by_ids(session, ids, now=now)
    return {a.id: pages.tile_words(templates, a, shown) for a in articles}


def _tile(row: Any, words: Markup, lead: Markup) -> Tile:
    image = (
        Picture(row.sha256, row.renditions or [], row.width, row.height, row.image_alt)
        if row.sha256
        else None
    )
    return Tile(
        id=row.id,
        href=article_path(row.section_slug or "", row.slug, row.language),
        title=row.title,
        published_at=row.published_at,
        is_live=row.live_status == LIVE,
        section_id=row.section_id,
        image=image,
        alt=row.featured_alt,
        words=words,
        lead=lead,
    )
