"""Pages (About, Contact, ...) a search finds, shown above the stories on the first page
of results and marked as pages::

    find(session, parse("corrections policy"), now=now)  # -> [PageHit(...), ...]

Pages are not in the search index. The backends (``backends/``) are built around
articles: rows keyed by article id, ranked with sections, tags, authors and freshness,
filtered by facets, with a vocabulary for typos; a second kind of document would reach
into every one of them. A site has tens of pages, not hundreds of thousands, so a plain
match over the live ones costs less than an index would save: every word, phrase and
prefix the reader typed must appear in the page's title, standfirst or body, and no
excluded word may. Matching is by lower case, without the index's stemming or accent
folding ("café" is found by "café", not by "cafe"). A page found by its title comes
first, then pages in their order. Only the pages in the language searched are found, as
only the stories in it are (``Page.language``: "" for the site's own).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, false, func, not_, or_, select
from sqlalchemy.orm import Session

from thepost.content import page_queries
from thepost.content.models import Page
from thepost.content.queries import live
from thepost.search import languages, state
from thepost.search.query import Parsed

LIMIT = 5


@dataclass(frozen=True)
class PageHit:
    page_id: int
    path: str
    title: str
    excerpt: str


def _anywhere(text: str) -> ColumnElement[bool]:
    fields = (Page.title, Page.standfirst, Page.body_text)
    return or_(*(func.lower(f).contains(text, autoescape=True) for f in fields))


def _in(language: str | None, own: str) -> ColumnElement[bool]:
    """The pages in ``language`` (a tag; None: the site's own, ``own``)."""
    searched = languages.tag(language) if language else own
    stored = func.lower(Page.language)
    return or_(stored == "", stored == own) if searched == own else stored == searched


def find(
    session: Session,
    parsed: Parsed,
    *,
    now: datetime,
    language: str | None = None,
    limit: int = LIMIT,
) -> list[PageHit]:
    """The live pages in ``language`` (the reader's; None: the site's own) matching every
    positive part of ``parsed``, best first."""
    wanted = [*parsed.terms, *(" ".join(p) for p in parsed.phrases)]
    if parsed.prefix:
        wanted.append(parsed.prefix)
    if not wanted:
        return []
    conditions: list[Any] = [_anywhere(text) for text in wanted]
    conditions += [not_(_anywhere(word)) for word in parsed.excluded]
    in_title = or_(false(), *(func.lower(Page.title).contains(t, autoescape=True) for t in wanted))
    rows = session.execute(
        select(Page.id, Page.title, Page.excerpt)
        .where(live(now, Page), _in(language, state.own_language(session)), and_(*conditions))
        .order_by(case((in_title, 0), else_=1), Page.position, Page.title, Page.id)
        .limit(limit)
    ).all()
    if not rows:
        return []
    paths = page_queries.paths(session, live_only=now)
    return [
        PageHit(row.id, paths[row.id], row.title, row.excerpt) for row in rows if row.id in paths
    ]
