"""The interface every search backend implements, what a search returns, and the few
rules every backend applies alike (the freshness boost, the date range's bounds, which
field a snippet comes from, when the site's language calls for a rebuild).

A backend works inside the caller's session and transaction: ``index`` and ``remove``
run in the same transaction as the article write, so the index can never disagree
with the articles table after a commit.

A search runs in one language, the reader's (a tag: "es"; None for the site's own): the
query is analysed in it and only stories in it are found (``search.languages``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from thepost.content.models import LIVE_STATUSES, Article
from thepost.search import state
from thepost.search.query import Parsed

T = TypeVar("T")

# Highlight markers a backend puts around matches in snippets; the web layer escapes the
# snippet text and only then turns these into <mark> tags.
MARK_START, MARK_END = "\x02", "\x03"

# Every backend multiplies relevance by 1 + FRESHNESS / (1 + age_days / FRESHNESS_DAYS).
FRESHNESS = 0.3  # at most +30% for a story published just now...
FRESHNESS_DAYS = 30.0  # ...half of that at a month old


@dataclass(frozen=True)
class Filters:
    section_id: int | None = None
    tag_id: int | None = None
    author_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive

    @property
    def start(self) -> datetime | None:
        """The first moment of ``date_from`` (UTC)."""
        if self.date_from is None:
            return None
        return datetime.combine(self.date_from, time(), tzinfo=UTC)

    @property
    def end(self) -> datetime | None:
        """The first moment after ``date_to`` (UTC): the range ends before it."""
        if self.date_to is None:
            return None
        return datetime.combine(self.date_to, time(), tzinfo=UTC) + timedelta(days=1)


@dataclass(frozen=True)
class Hit:
    article_id: int
    score: float
    snippet: str  # plain text with MARK_START/MARK_END around matched words


@dataclass
class Results:
    hits: list[Hit]
    total: int
    corrected: Parsed | None = None  # the query actually run, when a typo was corrected
    suggestion: Parsed | None = None  # "did you mean", when the query found little
    extra: dict[str, object] = field(default_factory=dict)


Progress = Callable[[int], None]


def snippet(body: str | None, standfirst: str | None) -> str:
    """The body's snippet when it marks a match or there is no standfirst; else the
    standfirst's (only that matches, or a headline-only match)."""
    body, standfirst = body or "", standfirst or ""
    if MARK_START in body or not standfirst:
        return body
    return standfirst


def chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """``items`` ``size`` at a time: ids or words per statement."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


class SearchBackend:
    name = "base"

    def index(self, session: Session, article_ids: Sequence[int]) -> None:
        """(Re)index these articles; those no longer published or scheduled are removed."""
        raise NotImplementedError

    def search(
        self,
        session: Session,
        query: Parsed,
        *,
        now: datetime,
        language: str | None = None,  # the reader's; None: the site's own
        filters: Filters = Filters(),
        sort: str = "relevance",  # or "newest"
        limit: int = 10,
        offset: int = 0,
    ) -> Results:
        raise NotImplementedError

    def suggest(
        self,
        session: Session,
        query: Parsed,
        *,
        now: datetime,
        language: str | None = None,
        limit: int = 5,
    ) -> list[int]:
        """Article ids whose headline matches, best first, for search-as-you-type."""
        raise NotImplementedError

    def corrections(self, session: Session, words: Sequence[str]) -> dict[str, str]:
        """For words the index does not know, the closest known word (typo tolerance)."""
        raise NotImplementedError

    def rebuild(
        self, session: Session, *, progress: Progress | None = None, batch: int = 500
    ) -> int:
        """Drop and rebuild the whole index in the site's language of the moment (and
        record it: ``search.state``); returns the number of documents."""
        raise NotImplementedError

    def reindex(
        self,
        sessions: Callable[[], Session],
        *,
        progress: Progress | None = None,
        batch: int = 500,
    ) -> int:
        """Rebuild the whole index as ``rebuild`` does, but a batch per transaction: no
        lock is held for long, searches find the newest stories again first (they go
        in by id, descending), and a rebuild stopped half-way carries on where it
        stopped when called again (``state.rebuilding``). Stories saved meanwhile index
        themselves, as always. Returns the number of documents; ``progress`` is given
        the count so far, the batches of a run before included."""
        with sessions() as session, session.begin():
            below = state.rebuilding(session)
            if below is None:
                self._empty(session)
                state.record(session, state.site_language(session))
                below = (session.scalar(select(func.max(Article.id))) or 0) + 1
                state.rebuilt_down_to(session, below)
            live = select(func.count()).where(
                Article.status.in_(LIVE_STATUSES), Article.id >= below
            )
            done = session.scalar(live) or 0
        while True:
            with sessions() as session, session.begin():
                ids = list(
                    session.scalars(
                        select(Article.id)
                        .where(Article.status.in_(LIVE_STATUSES), Article.id < below)
                        .order_by(Article.id.desc())
                        .limit(max(1, batch))
                    )
                )
                if not ids:
                    self._settle(session)
                    state.rebuilt(session)
                    return done
                self.index(session, ids)
                below = ids[-1]
                state.rebuilt_down_to(session, below)
            done += len(ids)
            if progress is not None:
                progress(done)

    def _empty(self, session: Session) -> None:
        """Empty the index and its vocabulary (the start of a ``reindex``)."""
        raise NotImplementedError

    def _settle(self, session: Session) -> None:
        """Tidy the index after a bulk write (the end of a ``reindex``)."""
        raise NotImplementedError

    def follow_site_language(self, session: Session) -> bool:
        """Rebuild when the site's language is not the one the index was built in (after
        a change of the site's settings, in its transaction); whether it did."""
        if state.recorded(session) == state.site_language(session):
            return False
        self.rebuild(session)
        return True
