"""Reads of pages, for the reader's site and the newsroom. A path is a page's address
without the leading slash (``about/team``); readers see a page that is published, or
scheduled with its time come (``queries.live``), whatever its parents' status::

    found = live_page(session, "about/team", now=now)   # None: no page there for readers
    found.page, found.crumbs, found.children
    moved(session, "about/staff", now=now)              # -> "about/team": answer 301
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, defer, joinedload

from thepost.content.models import LIVE_STATUSES, Image, Page, PageRevision, PageSlug
from thepost.content.page_actions import MAX_DEPTH
from thepost.content.queries import live
from thepost.content.revisions import history

MAX_PATH = 1000


@dataclass(frozen=True)
class Crumb:
    title: str
    path: str | None  # None: not live, shown without a link


@dataclass(frozen=True)
class Child:
    title: str
    path: str
    excerpt: str


@dataclass
class PageView:
    """A live page with what its reader page shows around it."""

    page: Page
    path: str
    crumbs: list[Crumb]  # the pages above it, top first
    children: list[Child]  # the live pages right below it, in order


def segments(path: str) -> list[str] | None:
    """A path's slugs; None when it cannot be a page's (empty parts, too deep, too long)."""
    parts = path.strip("/").split("/")
    if len(path) > MAX_PATH or len(parts) > MAX_DEPTH or not all(parts):
        return None
    return parts


def live_page(session: Session, path: str, *, now: datetime, language: str = "") -> PageView | None:
    """The live page at ``path`` among the pages in ``language`` ("" for the site's own),
    with its breadcrumbs and children, in two statements: every page named by one of the
    path's slugs (picture joined), then the children."""
    parts = segments(path)
    if parts is None:
        return None
    candidates = session.scalars(
        select(Page)
        .where(Page.slug.in_(set(parts)), Page.language == language)
        .options(joinedload(Page.featured_image))
    ).unique()
    by_place = {(p.parent_id, p.slug): p for p in candidates}
    chain: list[Page] = []
    for slug in parts:
        found = by_place.get((chain[-1].id if chain else None, slug))
        if found is None:
            return None
        chain.append(found)
    page = chain[-1]
    if not page.live_at(now):
        return None
    prefix = [language] if language else []
    here = "/".join([*prefix, *parts])
    crumbs = [
        Crumb(p.title, "/".join([*prefix, *parts[: n + 1]]) if p.live_at(now) else None)
        for n, p in enumerate(chain[:-1])
    ]
    rows = session.execute(
        select(Page.slug, Page.title, Page.excerpt)
        .where(Page.parent_id == page.id, live(now, Page))
        .order_by(Page.position, Page.title, Page.id)
    )
    children = [Child(title, f"{here}/{slug}", excerpt) for slug, title, excerpt in rows]
    return PageView(page, here, crumbs, children)


def moved(session: Session, path: str, *, now: datetime) -> str | None:
    """Where the live page that once had ``path`` is now."""
    if segments(path) is None:
        return None
    page_id = session.scalar(select(PageSlug.page_id).where(PageSlug.path == path.strip("/")))
    if page_id is None:
        return None
    found = paths(session, live_only=now)
    return found.get(page_id)


def paths(session: Session, *, live_only: datetime | None = None) -> dict[int, str]:
    """Every page's path by id (``live_only``: of the pages readers see at that time), in
    one statement: pages are few, and a path needs every page above."""
    rows = session.execute(
        select(Page.id, Page.parent_id, Page.slug, Page.status, Page.published_at, Page.language)
    ).all()
    places = {row.id: (row.parent_id, row.slug, row.language) for row in rows}
    shown = [
        row.id
        for row in rows
        if live_only is None or is_live(row.status, row.published_at, live_only)
    ]
    return {page_id: _path(places, page_id) for page_id in shown}


def is_live(status: str, published_at: datetime | None, now: datetime) -> bool:
    return status in LIVE_STATUSES and published_at is not None and published_at <= now


def _path(places: dict[int, tuple[int | None, str, str]], page_id: int) -> str:
    """A page's path: its language's segment (not the site's own), its ancestors' slugs
    and its own."""
    slugs: list[str] = []
    current: int | None = page_id
    seen: set[int] = set()
    while current is not None and current in places and current not in seen:
        seen.add(current)
        current, slug, _ = places[current]
        slugs.append(slug)
    language = places[page_id][2] if page_id in places else ""
    return "/".join([*([language] if language else []), *reversed(slugs)])


# -- sitemaps and search ------------------------------------------------------------------


@dataclass(frozen=True)
class SitemapRow:
    path: str
    lastmod: datetime
    image_sha256: str | None
    image_widths: tuple[int, ...]
    language: str = ""  # as the column keeps it: "" for the site's own
    group: int = 0  # its translations' original (its own id for an original)


def sitemap_rows(session: Session, *, now: datetime) -> list[SitemapRow]:
    """Every live page's address, newest change and featured picture, by path."""
    found = paths(session, live_only=now)
    rows = session.execute(
        select(
            Page.id, Page.updated_at, Page.published_at, Image.sha256, Image.renditions,
            Page.language, Page.translation_of_id,
        )
        .outerjoin(Image, Image.id == Page.featured_image_id)
        .where(live(now, Page))
    )  # fmt: skip
    made = [
        SitemapRow(
            found[row.id],
            max(row.updated_at, row.published_at),
            row.sha256,
            tuple(row.renditions or ()),
            row.language,
            row.translation_of_id or row.id,
        )
        for row in rows
        if row.id in found
    ]
    return sorted(made, key=lambda row: row.path)


def newest_change(session: Session, *, now: datetime) -> datetime | None:
    row = session.execute(
        select(func.max(Page.updated_at), func.max(Page.published_at)).where(live(now, Page))
    ).one()
    values = [v for v in row if v is not None]
    return max(values) if values else None


# -- the newsroom --------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeRow:
    page: Page
    depth: int  # 0: top level
    path: str


def tree(session: Session) -> list[TreeRow]:
    """Every page (bodies left unread), each parent followed by its children, siblings in
    their order."""
    pages = list(
        session.scalars(
            select(Page).options(
                defer(Page.body_source, raiseload=True),
                defer(Page.body_html, raiseload=True),
                defer(Page.body_text, raiseload=True),
            )
        )
    )
    below: dict[int | None, list[Page]] = {}
    for page in pages:
        below.setdefault(page.parent_id, []).append(page)
    for siblings in below.values():
        siblings.sort(key=lambda p: (p.position, p.title.lower(), p.id))
    rows: list[TreeRow] = []

    def walk(parent_id: int | None, depth: int, prefix: str) -> None:
        for page in below.get(parent_id, []):
            path = f"{prefix}{page.slug}"
            rows.append(TreeRow(page, depth, path))
            if depth < MAX_DEPTH:
                walk(page.id, depth + 1, path + "/")

    walk(None, 0, "")
    return rows


def page_for_editor(session: Session, page_id: int) -> Page | None:
    """Any page, whatever its status, with its picture."""
    query = select(Page).where(Page.id == page_id).options(joinedload(Page.featured_image))
    return session.scalars(query).unique().first()


def revisions(session: Session, page_id: int) -> list[PageRevision]:
    """A page's revisions, newest first."""
    return history(session, PageRevision, page_id)


def listed(session: Session, *, now: datetime, everything: bool = False) -> list[tuple[Page, str]]:
    """The pages readers see (``everything``: every page, for the newsroom), each with its
    path, in the order of their paths (pages are few: one statement, no paging in SQL)."""
    found = paths(session, live_only=None if everything else now)
    if not found:
        return []
    rows = session.scalars(select(Page).where(Page.id.in_(found)))
    return sorted(((page, found[page.id]) for page in rows), key=lambda pair: pair[1])
