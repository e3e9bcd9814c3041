"""Pages (About, Contact, ...) a search finds, shown above the stories on the first page
of results and marked as pages::

    searched = load(session)                    # kept between searches until a write
    find(searched, parse("corrections policy"), now=now)  # -> [PageHit(...), ...]

Pages are not in the search index. The backends (``backends/``) are built around
articles: rows keyed by article id, ranked with sections, tags, authors and freshness,
filtered by facets, with a vocabulary for typos; a second kind of document would reach
into every one of them. A site has tens of pages, not hundreds of thousands, so a plain
match over their words, read once and kept, costs less than an index would save: every
word, phrase and prefix the reader typed must appear in the page's title, standfirst or
body, and no excluded word may. Matching is by lower case, without the index's stemming
or accent folding ("café" is found by "café", not by "cafe"). A page found by its title
comes first, then pages in their order. Only the pages in the language searched are
found, as only the stories in it are (``Page.language``: "" for the site's own), and
only those live at the time of the search (a scheduled page from its time on).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.content import page_queries
from thepost.content.models import LIVE_STATUSES, Page
from thepost.search import languages, state
from thepost.search.query import Parsed

LIMIT = 5


@dataclass(frozen=True)
class PageHit:
    page_id: int
    path: str
    title: str
    excerpt: str


@dataclass(frozen=True)
class Searchable:
    """A page as a search reads it: its words in lower case."""

    page_id: int
    path: str
    title: str
    excerpt: str
    language: str  # lower case; "" for the site's own
    status: str
    published_at: datetime | None
    words: tuple[str, str, str]  # title, standfirst and body text, lower case

    def matches(self, text: str) -> bool:
        return any(text in field for field in self.words)


@dataclass(frozen=True)
class Searched:
    """Every page live or to be, in the order they are listed (position, title), and the
    language the site's own stories are indexed in: what ``find`` looks through, read in
    three statements (the pages, their paths, the language) and kept between searches
    (``web.site.search``) until a write."""

    pages: list[Searchable]
    own_language: str


def load(session: Session) -> Searched:
    rows = session.execute(
        select(
            Page.id, Page.title, Page.standfirst, Page.body_text, Page.excerpt, Page.language,
            Page.status, Page.published_at,
        )
        .where(Page.status.in_(LIVE_STATUSES))
        .order_by(Page.position, Page.title, Page.id)
    ).all()  # fmt: skip
    paths = page_queries.paths(session)
    pages = [
        Searchable(
            row.id, paths[row.id], row.title, row.excerpt, row.language.lower(), row.status,
            row.published_at, (row.title.lower(), row.standfirst.lower(), row.body_text.lower()),
        )
        for row in rows
    ]  # fmt: skip
    return Searched(pages, state.own_language(session))


def find(
    searched: Searched,
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
    wanted = [text.lower() for text in wanted]
    excluded = [word.lower() for word in parsed.excluded]
    own = searched.own_language
    target = languages.tag(language) if language else own
    accepted = ("", own) if target == own else (target,)
    found = [
        page
        for page in searched.pages
        if page.language in accepted
        and page_queries.is_live(page.status, page.published_at, now)
        and all(page.matches(text) for text in wanted)
        and not any(page.matches(word) for word in excluded)
    ]
    # Those found by their title first; the rest as listed (a stable sort keeps the order).
    found.sort(key=lambda page: not any(text in page.words[0] for text in wanted))
    return [PageHit(p.page_id, p.path, p.title, p.excerpt) for p in found[:limit]]
