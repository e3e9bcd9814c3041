"""SQLite FTS5 search backend.

Tables (migration 0002): ``search_fts`` is an FTS5 table (porter stemming, accents
folded, prefix indexes of 2 and 3 letters) with one row per published or scheduled
article, ``rowid`` = article id, and the columns title, standfirst, tags, authors,
section, body; ``search_terms`` and ``search_trigrams`` hold the vocabulary
(``vocabulary``). ``writing`` keeps them in step with the articles, in the article's
own transaction; ``reading`` finds, ranks and counts.

Ranking (lower is better, like FTS5's own)::

    rank = bm25(title=10, standfirst=5, tags=4, authors=4, section=2, body=1)
           * (1 + 0.3 / (1 + age_days / 30))

bm25 is negative, so the factor (1.3 for a story published now, 1.15 at a month, about
1.02 at a year) is a freshness boost of at most 30%: it breaks near-ties in favour of
recent stories without burying an old story that matches much better. ``Hit.score`` is
``-rank`` (higher is better). ``sort="newest"`` orders by publish time instead. A query
with quoted phrases is ranked by bm25 of its words one by one (see ``reading``).

Every search joins ``articles`` with the read-time visibility rule, so an unpublished
story is never found and a scheduled one appears once its time has passed, without
reindexing.

The window and the total: a query ranks at most the ``WINDOW`` (1,000) latest visible
matches (by article id); the total is exact up to 1,000, beyond it ``total`` is 1,000
and ``extra["total_capped"]`` is True ("1,000+"). Pages run through the best of those
1,000; a reader narrows a broader query with words or filters.

The last word, which ``query.parse`` marks as a possible prefix, is searched whole
first: a submitted query's last word is nearly always finished, and a prefix has FTS5
merge the postings of every word it starts (after stemming, "government" is "govern*":
most of the index). It is widened to a prefix when the whole word finds fewer than
``FEW`` hits, is not a vocabulary word itself, and starts one; when it starts none, a
typo is the likelier reason, and the prefix is tried only if no correction helps. Suggestions
(search-as-you-type) always use the prefix.

Typos: a search that finds nothing is re-run with the corrections
(``Results.corrected``); one that finds fewer than ``FEW`` hits offers the corrected
query when that finds at least ``FEW`` times as many (``Results.suggestion``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from thepost.search.backends.base import Filters, Hit, Progress, Results, SearchBackend
from thepost.search.backends.sqlite import reading, vocabulary, writing
from thepost.search.query import Parsed

FEW = 3  # fewer hits than this and a correction may be suggested


class SqliteSearch(SearchBackend):
    name = "sqlite"

    def index(self, session: Session, article_ids: Sequence[int]) -> None:
        writing.index(session, article_ids)

    def rebuild(
        self, session: Session, *, progress: Progress | None = None, batch: int = 500
    ) -> int:
        return writing.rebuild(session, progress=progress, batch=batch)

    def corrections(self, session: Session, words: Sequence[str]) -> dict[str, str]:
        return vocabulary.corrections(session, words)

    def search(
        self,
        session: Session,
        query: Parsed,
        *,
        now: datetime,
        filters: Filters = Filters(),
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
    ) -> Results:
        if query.empty:
            return Results([], 0)
        where = reading.scope(session, now, filters)
        if where.nothing:
            return Results([], 0)

        def run(parsed: Parsed) -> Results:
            return self._search(session, parsed, now, where, sort, max(0, limit), max(0, offset))

        known, longer = (
            vocabulary.starting(session, query.prefix) if query.prefix else (False, False)
        )
        started = known or longer
        found = _whole_first(run, query, widen=longer and not known)
        if found.total >= FEW:
            return found
        words = [*query.terms, *(w for p in query.phrases for w in p)]
        fixes = self.corrections(session, words + ([query.prefix] if not started else []))
        if fixes:
            fixed = query.replace(fixes)
            if found.total == 0:
                retry = _whole_first(run, fixed, widen=longer and not known)
                if retry.total:
                    retry.corrected = fixed
                    return retry
            else:
                match = reading.compile_match(_whole(fixed))
                more = reading.count(session, match, where, reading.WINDOW + 1) if match else 0
                if more >= max(FEW, FEW * found.total):
                    found.suggestion = fixed
                return found
        if query.prefix and not started:
            # No known word starts with it and no correction helped: it may still start
            # a word of some body.
            widened = run(query)
            if widened.total > found.total:
                return widened
        return found

    def _search(
        self,
        session: Session,
        query: Parsed,
        now: datetime,
        where: reading.Scope,
        sort: str,
        limit: int,
        offset: int,
    ) -> Results:
        match = reading.compile_match(query)
        if match is None:
            return Results([], 0)
        window = reading.WINDOW + 1
        rows = reading.ranked(
            session, match, where, now, sort=sort, limit=limit, offset=offset, window=window,
            words=reading.compile_words(query) if query.phrases else None,
        )  # fmt: skip
        if rows:
            found = rows[0][2]
        elif offset == 0 and limit > 0:
            found = 0
        else:  # past the last page, or a zero limit: no row to read the total from
            found = reading.count(session, match, where, window)
        total, capped = min(found, reading.WINDOW), found > reading.WINDOW
        ids = [row[0] for row in rows]
        snippets = reading.snippets(session, match, ids, prefix=bool(query.prefix))
        hits = [Hit(article_id=a, score=-r, snippet=snippets.get(a, "")) for a, r, _ in rows]
        return Results(hits, total, extra={"total_capped": True} if capped else {})

    def suggest(
        self, session: Session, query: Parsed, *, now: datetime, limit: int = 5
    ) -> list[int]:
        words = [*query.terms, *(w for p in query.phrases for w in p)]
        parts = [reading.string(w) for w in words if w]
        if query.prefix:
            parts.append(reading.string(query.prefix) + " *")
        if not parts or limit <= 0:
            return []
        match = "{title} : (" + " AND ".join(parts) + ")"
        match += "".join(f" NOT {reading.string(w)}" for w in query.excluded if w)
        rows = reading.ranked(
            session,
            match,
            reading.visible(now),
            now,
            sort="relevance",
            limit=limit,
            offset=0,
            window=reading.SUGGEST_WINDOW,
        )
        return [row[0] for row in rows]


def _whole(query: Parsed) -> Parsed:
    """``query`` with its last word taken as finished."""
    if not query.prefix:
        return query
    words = list(dict.fromkeys([*query.terms, query.prefix]))
    return Parsed(words, query.phrases, query.excluded)


def _whole_first(run: Callable[[Parsed], Results], query: Parsed, *, widen: bool) -> Results:
    """Results for ``query``, its last word looked for whole first, and as a prefix
    (when ``widen``) only if the whole word finds fewer than ``FEW`` hits."""
    if not query.prefix:
        return run(query)
    found = run(_whole(query))
    if widen and found.total < FEW:
        widened = run(query)
        if widened.total > found.total:
            return widened
    return found
