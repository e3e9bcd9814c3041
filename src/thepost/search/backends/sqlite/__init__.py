"""SQLite FTS5 search backend.

Tables (migrations 0002, 0030): ``search_fts`` is an FTS5 table (prefix indexes of 2 and
3 letters) with one row per published or scheduled article, ``rowid`` = article id, and
the columns title, standfirst, tags, authors, section, body, and ``facets`` (filter
values and a translation's language as tokens, migration 0008: see ``facets``). It
indexes each text analysed in the document's language (``analysis``: accents folded,
Snowball stems) and reads the text as written from ``search_fts_texts``, its content
table, which keeps each document's language too. ``search_terms`` and
``search_trigrams`` hold the vocabulary (``vocabulary``). ``search_pairs`` (migration
0012) holds each column's adjacent token pairs, which find a query of quoted phrases
(``pairs``), and ``search_fts_rows`` tells how many documents hold a word (``counts``).
``writing`` keeps them in step with the articles, in the article's own transaction;
``reading`` finds, ranks and counts.

A search runs in the reader's language: what was typed is analysed in it
(``analysis.query``: stemmed, stop words left out) and the match keeps the documents in
it (``reading.Language``). Snippets are FTS5's ``snippet()`` over the text as written:
the story's words, the matches marked.

Ranking (lower is better, like FTS5's own)::

    rank = bm25(title=10, standfirst=5, tags=4, authors=4, section=2, body=1)
           * (1 + 0.3 / (1 + age_days / 30))

bm25 is negative, so the factor (1.3 for a story published now, 1.15 at a month, about
1.02 at a year) is a freshness boost of at most 30%: it breaks near-ties in favour of
recent stories without burying an old story that matches much better. ``Hit.score`` is
``-rank`` (higher is better). ``sort="newest"`` orders by publish time instead. A query
with quoted phrases is ranked by bm25 of its words one by one (see ``reading``).

bm25 is computed by ``thepost_bm25`` (``thepost.db.fts5rank``) with each word's count
of documents from ``counts``, where the connection has that function: FTS5's bm25()
would count them again in every statement. Without it, bm25() ranks, and a query whose
words in most documents can be left out of it is ranked by its other words
(``counts``); the order is the same either way.

Every search joins ``articles`` with the read-time visibility rule, so an unpublished
story is never found and a scheduled one appears once its time has passed, without
reindexing.

The window and the total: a query ranks at most the ``WINDOW`` (1,000) latest visible
matches (by article id); the total is exact up to 1,000, beyond it ``total`` is 1,000
and ``extra["total_capped"]`` is True ("1,000+"). Pages run through the best of those
1,000; a reader narrows a broader query with words or filters.

The last word (whole first, then maybe a prefix) and misspellings are handled as on
every backend (``search.retries``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from thepost.db import fts5rank
from thepost.search import languages, retries, state
from thepost.search.backends.base import Filters, Hit, Progress, Results, SearchBackend
from thepost.search.backends.sqlite import analysis, counts, pairs, reading, vocabulary, writing
from thepost.search.query import Parsed


def _found(query: Parsed) -> tuple[str, str] | None:
    """The FTS5 table and expression that find ``query``'s matches (its words as the
    index holds them): the pairs table for quoted phrases alone, ``search_fts`` for
    everything else."""
    phrases = reading.compile_pairs(query)
    if phrases is not None:
        return pairs.TABLE, phrases
    match = reading.compile_match(query)
    return None if match is None else (reading.MAIN, match)


class SqliteSearch(SearchBackend):
    name = "sqlite"

    def __init__(self) -> None:
        self._counts = counts.Counts()
        self.counted = True  # rank with thepost_bm25 where the connection has it

    def index(self, session: Session, article_ids: Sequence[int]) -> None:
        writing.index(session, article_ids)
        self._counts.forget()

    def rebuild(
        self, session: Session, *, progress: Progress | None = None, batch: int = 500
    ) -> int:
        rebuilt = writing.rebuild(session, progress=progress, batch=batch)
        self._counts.forget()
        return rebuilt

    def _empty(self, session: Session) -> None:
        writing.empty(session)
        self._counts.forget()

    def _settle(self, session: Session) -> None:
        writing.settle(session)

    def corrections(self, session: Session, words: Sequence[str]) -> dict[str, str]:
        return vocabulary.corrections(session, words)

    def search(
        self,
        session: Session,
        query: Parsed,
        *,
        now: datetime,
        language: str | None = None,
        filters: Filters = Filters(),
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
    ) -> Results:
        if query.empty:
            return Results([], 0)
        searched = _language(session, language)
        where = reading.scope(session, now, filters, searched)
        if where.nothing:
            return Results([], 0)

        def run(parsed: Parsed) -> Results:
            analysed = analysis.query(parsed, searched.searched)
            return self._search(session, analysed, now, where, sort, max(0, limit), max(0, offset))

        def count(parsed: Parsed) -> int:
            found = _found(analysis.query(parsed, searched.searched))
            if found is None:
                return 0
            table, match = found
            return reading.count(
                session, reading.within(match, where), where, reading.WINDOW + 1, table
            )

        steps = retries.Steps(
            run=run,
            count=count,
            starting=functools.partial(vocabulary.starting, session),
            corrections=functools.partial(self.corrections, session),
        )
        return retries.search(query, steps)

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
        found_in = _found(query)
        match = reading.compile_match(query)
        if found_in is None or match is None:
            return Results([], 0)
        table, finding = found_in[0], reading.within(found_in[1], where)
        match = reading.within(match, where)  # what the snippets mark
        window = reading.WINDOW + 1
        counted = self.counted and bool(session.connection().info.get(fts5rank.INFO_KEY))
        found_counts = self._counts.of(session, query.whole_words)
        documents = self._counts.documents(session)
        frequent = counts.frequent(found_counts, documents)
        words = self._ranking(query, where, frequent, counted=counted)
        given = None
        if counted:  # thepost_bm25's counts, for the words one by one or the whole match
            given = reading.counted(
                query, found_counts, documents, frequent, words=words is not None
            )
        rows = reading.ranked(
            session,
            finding,
            where,
            now,
            sort=sort,
            limit=limit,
            offset=offset,
            window=window,
            words=words,
            table=table,
            given=given,
        )
        if rows:
            found = rows[0][2]
        elif offset == 0 and limit > 0:
            found = 0
        else:  # past the last page, or a zero limit: no row to read the total from
            found = reading.count(session, finding, where, window, table)
        total, capped = min(found, reading.WINDOW), found > reading.WINDOW
        ids = [row[0] for row in rows]
        snippets = reading.snippets(session, match, ids, prefix=bool(query.prefix))
        hits = [Hit(article_id=a, score=-r, snippet=snippets.get(a, "")) for a, r, _ in rows]
        return Results(hits, total, extra={"total_capped": True} if capped else {})

    @staticmethod
    def _ranking(
        query: Parsed, where: reading.Scope, frequent: set[str], *, counted: bool
    ) -> str | None:
        """What a query's window is ranked by apart from finding it (``reading.ranked``):
        its words one by one, the ``frequent`` ones left out; or None to rank the window
        as it is found. A query with phrases always is. Ranking with ``bm25()`` (not
        ``counted``), so is a query of two or more words with a frequent one to leave out,
        unless a filter spreads its window over the archive (the second walk would be as
        long); ``thepost_bm25`` leaves frequent words out in the one statement instead."""
        ranking = reading.compile_words(query, frequent)
        if query.phrases:
            return ranking
        words = query.whole_words
        if counted or where.filtered or len(words) + bool(query.prefix) < 2:
            return None
        return ranking if ranking != reading.compile_words(query) else None

    def suggest(
        self,
        session: Session,
        query: Parsed,
        *,
        now: datetime,
        language: str | None = None,
        limit: int = 5,
    ) -> list[int]:
        if query.empty or limit <= 0:
            return []
        searched = _language(session, language)
        query = analysis.query(query, searched.searched)
        parts = [reading.string(w) for w in query.whole_words if w]
        if query.prefix:
            parts.append(reading.string(query.prefix) + " *")
        if not parts:
            return []
        match = "{title} : (" + " AND ".join(parts) + ")"
        match += "".join(f" NOT {reading.string(w)}" for w in query.excluded if w)
        where = reading.visible(now, searched)
        rows = reading.ranked(
            session,
            reading.within(match, where),
            where,
            now,
            sort="relevance",
            limit=limit,
            offset=0,
            window=reading.SUGGEST_WINDOW,
        )
        return [row[0] for row in rows]


def _language(session: Session, language: str | None) -> reading.Language:
    """The language searched (the reader's; None: the site's own) and the index's own."""
    own = state.own_language(session)
    return reading.Language(languages.tag(language) if language else own, own)
