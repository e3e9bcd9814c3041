"""Reading the tsvector index: the matches a reader may see, ranked, counted, with snippets.

Ranking (higher is better)::

    score = ts_rank_cd('{0.1, 0.3, 0.6, 1.0}', document, q)    -- weights D, C, B, A
            * (1 + 0.3 / (1 + age_days / 30))

A headline match weighs ten times a body match, a standfirst six times, tags, authors
and section three times; the factor (1.3 for a story published now, 1.15 at a month,
about 1.02 at a year) is the same small freshness boost as the SQLite backend's
(``base.FRESHNESS``): it breaks near-ties in favour of recent stories without burying an
old story that matches much better. ``q`` is the query with each phrase as its words
(``tsquery.Compiled.words``), as SQLite ranks a phrase, and, like SQLite, without the
words most documents hold (``FREQUENT``) where others remain: such a word moves no score
much, and ranking by "the" means reading its dozens of places in every document.
``sort="newest"`` orders by publish time instead.

Visibility is read from the index itself: a document is kept only for a published or
scheduled article, with the article's ``published_at`` (migration 0032), so a scheduled
story appears once its time has passed, without reindexing, and no search joins
``articles`` but for the standfirsts of the page shown. A search runs in one language
(a tag): the query is analysed in its configuration (``search.languages``) and only the
documents in it match.

The window: relevance ranks the ``RANK_WINDOW`` most recent matches (a page further on
widens it), and the total is counted exactly up to ``COUNT_CAP`` matches and reported as
that beyond it, with ``extra["total_capped"] = True``, like the SQLite backend. One
statement finds the newest ``COUNT_CAP`` matches, counts them, ranks and makes the
snippets of the page (``_statement``). A common word matches most of the archive: where
the GIN index covers ``published_at`` and ``section_id`` too
(``ix_search_documents_match``, with ``btree_gin``), the statement first looks only at
the newest documents (``Slices``: the newest 4,000, then 25,000, then all), which the
index intersects with the words, and with the section asked for, in the same scan. A
slice holding enough matches holds the newest ones, so the result is the same as over
the whole archive; one holding too few answers nothing but its count, and the next slice
is tried. A slice the query's words are too rare to fill, as the planner's statistics
tell (``Slices.share``), is not tried. Without that index every match is read.

The statement returns the page's texts, up to ``SNIPPET_TEXT`` characters of each body
and the standfirst, and the snippets are made from them in Python (``snippets``): only
the words starting as a lexeme of the query does are stemmed, where ``ts_headline``
parsed and stemmed every word. The page's documents are
read again for ranking by their row's address (``ctid``, stable within the statement),
not through the primary key. The planner is steered, in the caller's transaction and
only for these statements, towards the GIN index (``_planned``).

Search-as-you-type matches the headline's own lexemes (``tsquery.in_title``) through
the GIN index, instead of analysing candidate headlines one by one.

Every statement is SQL text, written once per shape (which filters, which sort, whether
pairs and a slice) and cached: building them with SQLAlchemy's expression language for
each search cost more than some of them take to run.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session

from thepost.content.models import LIVE_STATUSES
from thepost.db.base import UTCDateTime
from thepost.search import languages
from thepost.search.backends.base import (
    FRESHNESS,
    FRESHNESS_DAYS,
    Filters,
    Hit,
    Results,
)
from thepost.search.backends.postgres import snippets as snippet_text
from thepost.search.backends.postgres.tsquery import Compiled, compile_query, in_title, lexemes
from thepost.search.query import Parsed

# ts_rank_cd weights, in PostgreSQL's order: D (body), C (tags, authors, section),
# B (standfirst), A (title).
WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"
COUNT_CAP = 1000
RANK_WINDOW = 500  # relevance ranks the most recent matches, this many at most
SUGGEST_WINDOW = 300  # headlines looked at for search-as-you-type
SNIPPET_TEXT = 20_000  # characters of a body a snippet is looked for in
SLICES = (4_000, 25_000)  # the newest documents a search looks at first, then these
SLICES_TTL = 600.0  # seconds the slices' bounds are kept
RARER = 4.0  # a lexeme not among the commonest is taken as this many times rarer
FREQUENT = 0.55  # a lexeme in this share of the documents or more is left out of ranking
# GIN over document, pairs, published_at and section_id (migrations 0032, 0038)
COMBINED = "ix_search_documents_match"

# Planner settings for statements over search_documents (see _planned).
PLANNER = {
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    # Plans depend on how many documents the tsquery matches: never a generic plan.
    "plan_cache_mode": "force_custom_plan",
    # Compiling a statement the planner prices high (a common word) costs more than it runs.
    "jit": "off",
}
_PLANNER_SET = text(
    "SELECT "
    + ", ".join(
        f"current_setting('{name}'), set_config('{name}', :{name}, true)" for name in PLANNER
    )
)
_PLANNER_RESET = text(
    "SELECT " + ", ".join(f"set_config('{name}', :{name}, true)" for name in PLANNER)
)
_LIVE = ", ".join(f"'{status}'" for status in LIVE_STATUSES)


_COMMON = text(
    "SELECT CAST(CAST(most_common_elems AS text) AS text[]), most_common_elem_freqs "
    "FROM pg_stats WHERE tablename = 'search_documents' AND attname = 'document' "
    "AND schemaname = current_schema()"
)
# The stories in each section and (key NULL) in all, every language together.
_SECTION_COUNTS = text(
    "SELECT CASE WHEN list = 'section' THEN key END, CAST(sum(stories) AS float8) "
    "FROM story_counts "
    "WHERE list IN ('section', 'all') GROUP BY 1"
)
_FRESH = (
    f"(1.0 + {FRESHNESS!r} / (1.0 + greatest(CAST(extract(epoch FROM "
    f"(CAST(:now AS timestamptz) - m.published_at)) AS float8) / 86400.0, 0.0) "
    f"/ {FRESHNESS_DAYS!r}))"
)
_MATCHED, _PAIRS, _RANKED = (
    f"CAST(:{name} AS tsquery)" for name in ("matched", "pairs", "ranking")
)
_RANK = f"CAST(ts_rank_cd(CAST('{WEIGHTS}' AS float4[]), d.document, {_RANKED}) AS float8)"
_DATETIMES = ("now", "since", "until")


@functools.lru_cache(maxsize=8)
def _bounds(sizes: tuple[int, ...]) -> TextClause:
    """Whether the index covers published_at, and the publish time of the oldest of the
    newest ``size`` live articles, for each size."""
    bounds = [
        f"(SELECT published_at FROM articles WHERE status IN ({_LIVE}) AND published_at <= :now "
        f"ORDER BY published_at DESC OFFSET {size - 1} LIMIT 1)"
        for size in sizes
    ]
    sql = ", ".join(["to_regclass(:combined) IS NOT NULL", *bounds])
    return text(f"SELECT {sql}").bindparams(bindparam("now", type_=UTCDateTime()))


@dataclass(frozen=True)
class In:
    """Which documents a search looks at: those in ``language`` (a tag) kept by
    ``filters``."""

    language: str
    filters: Filters

    @property
    def config(self) -> str:
        """The text search configuration the query is analysed in."""
        return languages.analysis(self.language).config


@dataclass(frozen=True)
class _Read:
    at: float
    combined: bool  # whether the index covers published_at
    bounds: tuple[datetime | None, ...]
    shares: dict[str, float]  # the commonest lexemes' share of the documents
    rare: float  # the share of a lexeme not among them, at most
    sections: dict[int, float]  # each section's share of the stories


class Slices:
    """The publish times bounding the newest ``SLICES`` documents, whether the index can
    look at a slice alone, and how common the commonest lexemes are (the planner's
    statistics: ``most_common_elems``) and how many stories each section holds, read at
    most every ``SLICES_TTL`` seconds (a bound a little old only makes a slice a little
    larger); one per backend (database).

    A slice is only worth a look for a query whose words are common enough to fill it:
    for a rarer one, finding that it does not costs more than reading every match."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._read: _Read | None = None

    def forget(self) -> None:
        with self._lock:
            self._read = None

    def bounds(self, session: Session, now: datetime) -> tuple[datetime, ...]:
        """Each slice's oldest publish time, newest slice first; none where the index
        cannot look at a slice alone or the archive is no larger than a slice."""
        read = self._current(session, now)
        if read is None or not read.combined:
            return ()
        return tuple(b for b in read.bounds if b is not None)

    def share(self, session: Session, now: datetime, tsquery: str) -> float:
        """At most what share of the documents match ``tsquery`` (its positive part), as
        far as the statistics tell: that of its rarest lexeme; 1 for a prefix or an OR."""
        read = self._current(session, now)
        if read is None or "|" in tsquery or ":*" in tsquery:
            return 1.0
        found = [read.shares.get(lexeme, read.rare) for lexeme in lexemes(tsquery)]
        return min(found, default=1.0)

    def section_share(self, session: Session, now: datetime, section_id: int) -> float:
        """The share of the stories in a section (``story_counts``): that of a word's
        matches a section filter keeps, taking words and sections as independent."""
        read = self._current(session, now)
        return read.sections.get(section_id, 0.0) if read is not None else 1.0

    def ranked(self, session: Session, now: datetime, words: str) -> str:
        """``words`` (a tsquery's text) as it ranks: each lexeme once, those in at least
        ``FREQUENT`` of the documents left out where others remain; as it is with a
        prefix or an OR."""
        if "|" in words or ":*" in words:
            return words
        found = list(dict.fromkeys(lexemes(words)))
        read = self._current(session, now)
        shares = read.shares if read is not None else {}
        kept = [w for w in found if shares.get(w, 0.0) < FREQUENT] or found
        return " & ".join(_quoted(w) for w in kept) or words

    def _current(self, session: Session, now: datetime) -> _Read | None:
        if not SLICES:
            return None
        with self._lock:
            read = self._read
        if read is None or self._clock() - read.at > SLICES_TTL:
            row = session.execute(_bounds(SLICES), {"combined": COMBINED, "now": now}).one()
            elems, freqs = session.execute(_COMMON).one_or_none() or (None, None)
            shares = dict(zip(elems or (), freqs or (), strict=False))
            # The statistics keep lexemes down to a share (the last three numbers are
            # the least and greatest share and the share of NULLs); one not kept is
            # rarer, most often far rarer. Without statistics, any lexeme may be common.
            rare = freqs[-3] / RARER if freqs and len(freqs) > 3 else 1.0
            counts: dict[int | None, float] = dict(session.execute(_SECTION_COUNTS).all())
            stories = counts.pop(None, 0) or 1
            sections = {key: n / stories for key, n in counts.items() if key is not None}
            read = _Read(self._clock(), bool(row[0]), tuple(row[1:]), shares, rare, sections)
            with self._lock:
                self._read = read
        return read


@dataclass(frozen=True)
class _Shape:
    """What a statement's SQL depends on."""

    sort: str  # "relevance", "newest", or "" (a count alone)
    words: bool
    pairs: bool
    since: bool
    until: bool
    section: bool
    tag: bool
    author: bool


def search(
    session: Session,
    language: str,
    query: Parsed,
    now: datetime,
    filters: Filters,
    sort: str,
    limit: int,
    offset: int,
    slices: Slices,
) -> Results:
    """One page of ``query``'s matches in ``language``, as it stands (``retries`` decides
    the rest)."""
    where = In(language, filters)
    compiled = compile_query(session, where.config, query)
    if compiled is None:
        return Results([], 0)
    offset = max(0, offset)
    window = offset + COUNT_CAP
    if limit <= 0:
        total = _found(session, where, compiled, now, slices, "", window, {})[0]
        return Results([], total, extra={"total_capped": True} if total >= window else {})
    paging = {"limit": limit, "offset": offset, "ranked": max(RANK_WINDOW, offset + limit)}
    newest = "newest" if sort == "newest" else "relevance"
    total, rows = _found(session, where, compiled, now, slices, newest, window, paging)
    stems = snippet_text.Stems.of(compiled.positive, where.language)
    return Results(
        [
            Hit(
                article_id=row[1],
                score=float(row[2] or 0.0),
                snippet=snippet_text.of(row[3] or "", row[4] or "", stems),
            )
            for row in rows
        ],
        total,
        extra={"total_capped": True} if total >= window else {},
    )


def matches(
    session: Session,
    language: str,
    query: Parsed,
    now: datetime,
    filters: Filters,
    slices: Slices,
) -> int:
    """How many visible articles in ``language`` match ``query``, counting no further than
    ``COUNT_CAP``."""
    where = In(language, filters)
    compiled = compile_query(session, where.config, query)
    if compiled is None:
        return 0
    return _found(session, where, compiled, now, slices, "", COUNT_CAP, {})[0]


def _found(
    session: Session,
    where: In,
    compiled: Compiled,
    now: datetime,
    slices: Slices,
    sort: str,
    window: int,
    paging: dict[str, int],
) -> tuple[int, list[Any]]:
    """The newest ``window`` matches counted, and the page of them (``sort``), looked for
    in the newest slice that holds that many."""
    filters = where.filters
    params: dict[str, Any] = {
        "matched": compiled.matched,
        "pairs": compiled.pairs,
        "ranking": slices.ranked(session, now, compiled.words),
        "language": where.language,
        "now": now,
        "until": filters.end,
        "section_id": filters.section_id,
        "tag_id": filters.tag_id,
        "author_id": filters.author_id,
        "window": window,
        "snippet_text": SNIPPET_TEXT,
        **paging,
    }
    bounds = slices.bounds(session, now)
    with _planned(session):
        # Matches per document: as the statistics tell, then as the last slice held.
        rate = slices.share(session, now, compiled.positive) if bounds else 0.0
        if filters.section_id is not None:
            rate *= slices.section_share(session, now, filters.section_id)
        for size, bound in zip(SLICES, bounds, strict=False):
            if filters.start is not None and bound <= filters.start:
                break  # the dates asked for are a narrower slice
            if filters.end is not None and bound >= filters.end:
                continue  # the dates asked for are older than this slice
            if rate * size < window:
                continue  # too few matches expected in this one
            since = {"since": bound, "enough": window}
            rows = _run(session, where, compiled, sort, {**params, **since})
            if rows[0][0] >= window:
                return _paged(rows)
            rate = rows[0][0] / size
        rows = _run(session, where, compiled, sort, {**params, "since": filters.start, "enough": 0})
    return _paged(rows)


def _quoted(lexeme: str) -> str:
    """A lexeme as a tsquery's text quotes it."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _paged(rows: list[Any]) -> tuple[int, list[Any]]:
    """The total and the page's rows (none in a count's one row, or a page's empty one)."""
    return rows[0][0], [row for row in rows if len(row) > 1 and row[1] is not None]


def _run(
    session: Session, where: In, compiled: Compiled, sort: str, params: dict[str, Any]
) -> list[Any]:
    filters = where.filters
    shape = _Shape(
        sort=sort,
        words=bool(compiled.matched),
        pairs=compiled.pairs is not None,
        since=params["since"] is not None,
        until=filters.end is not None,
        section=filters.section_id is not None,
        tag=filters.tag_id is not None,
        author=filters.author_id is not None,
    )
    return list(session.execute(_statement(shape), params).all())


@functools.lru_cache(maxsize=256)
def _statement(shape: _Shape) -> TextClause:
    """The newest ``:window`` matches, their count and (unless ``shape.sort`` is "") the
    page, each row ``(total, id, score, body, standfirst)``: one row of the total alone
    when the page is empty or the count falls short of ``:enough``."""
    conditions = [f"d.document @@ {_MATCHED}"] if shape.words else []
    if shape.pairs:
        conditions.append(f"d.pairs @@ {_PAIRS}")
    # Visible now, checked on each match read: as a condition of the index, the publish
    # times up to now would be every key of the index's publish-time column to scan.
    conditions += [
        "d.language = :language",
        "(d.published_at <= CAST(:now AS timestamptz)) IS TRUE",
    ]
    if shape.since:
        conditions.append("d.published_at >= CAST(:since AS timestamptz)")
    if shape.until:
        conditions.append("d.published_at < CAST(:until AS timestamptz)")
    if shape.section:
        conditions.append("d.section_id = CAST(:section_id AS integer)")  # the index's type
    if shape.tag:
        conditions.append(
            "EXISTS (SELECT 1 FROM article_tags AS t "
            "WHERE t.article_id = d.article_id AND t.tag_id = :tag_id)"
        )
    if shape.author:
        conditions.append(
            "EXISTS (SELECT 1 FROM article_authors AS b "
            "WHERE b.article_id = d.article_id AND b.author_id = :author_id)"
        )
    sql = f"""
        WITH matching AS MATERIALIZED (
            SELECT d.article_id, d.published_at, d.ctid AS row
            FROM search_documents AS d
            WHERE {" AND ".join(conditions)}
            ORDER BY d.published_at DESC, d.article_id DESC
            LIMIT :window
        ),
        counted AS (SELECT count(*) AS total FROM matching)
    """
    if not shape.sort:
        return _typed(sql + "SELECT total FROM counted")
    newest = shape.sort == "newest"
    recent = ":offset" if newest else "0"
    size = ":limit" if newest else ":ranked"
    latest = "{0}.published_at DESC, {0}.article_id DESC"
    order = latest if newest else "score DESC, " + latest
    sql += f""",
        page AS (
            SELECT m.article_id, m.published_at, m.row, {_RANK} * {_FRESH} AS score
            FROM (SELECT * FROM matching ORDER BY published_at DESC, article_id DESC
                  LIMIT {size} OFFSET {recent}) AS m
            JOIN search_documents AS d ON d.ctid = m.row
            WHERE (SELECT total FROM counted) >= :enough
            ORDER BY {order.format("m")}
            LIMIT :limit OFFSET {"0" if newest else ":offset"}
        )
        SELECT c.total, p.article_id, p.score,
               left(d.body, :snippet_text), a.standfirst
        FROM counted AS c
        LEFT JOIN page AS p ON true
        LEFT JOIN search_documents AS d ON d.ctid = p.row
        LEFT JOIN articles AS a ON a.id = p.article_id
        ORDER BY {order.format("p").replace("score", "p.score")}
    """
    return _typed(sql)


def _typed(sql: str) -> TextClause:
    """``sql`` as a statement, its datetime parameters bound as the index stores them."""
    names = [name for name in _DATETIMES if f":{name}" in sql]
    return text(sql).bindparams(*(bindparam(name, type_=UTCDateTime()) for name in names))


_SUGGEST = _typed(
    """
    WITH recent AS MATERIALIZED (
        SELECT d.article_id, d.published_at
        FROM search_documents AS d
        WHERE d.document @@ CAST(:matched AS tsquery)
          AND d.document @@ CAST(:headline AS tsquery)
          AND d.language = :language AND (d.published_at <= CAST(:now AS timestamptz)) IS TRUE
        ORDER BY d.published_at DESC, d.article_id DESC
        LIMIT :window
    )
    SELECT m.article_id
    FROM recent AS m JOIN search_documents AS d ON d.article_id = m.article_id
    ORDER BY CAST(ts_rank_cd(d.document, CAST(:headline AS tsquery)) AS float8) * """
    + _FRESH
    + """ DESC, m.published_at DESC, m.article_id DESC
    LIMIT :limit
    """
)


def suggest(
    session: Session, language: str, query: Parsed, *, now: datetime, limit: int
) -> list[int]:
    """Article ids in ``language`` whose headline matches, best first, for
    search-as-you-type."""
    if limit <= 0:
        return []
    where = In(language, Filters())
    compiled = compile_query(session, where.config, query)
    if compiled is None:
        return []
    params = {
        "matched": compiled.whole,
        "headline": in_title(compiled.positive),
        "language": language,
        "now": now,
        "window": SUGGEST_WINDOW,
        "limit": limit,
    }
    with _planned(session):
        return list(session.scalars(_SUGGEST, params))


@contextmanager
def _planned(session: Session) -> Iterator[None]:
    """``PLANNER`` settings for a while, in this transaction only.

    The planner prices ``document @@ q`` on each row of a sequential or plain index scan
    as cheap, not counting that every tsvector must first be fetched from TOAST and
    decompressed (the GIN index never needs that, even when most documents match), so
    left alone it reads every document of a small table, or every document in id order
    to merge-join with articles. With only bitmap scans allowed, matching goes through
    the GIN index."""
    row = session.execute(_PLANNER_SET, PLANNER).one()
    previous = dict(zip(PLANNER, row[::2], strict=True))
    try:
        yield
    finally:
        session.execute(_PLANNER_RESET, previous)
