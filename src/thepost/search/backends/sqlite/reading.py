"""Reading the FTS5 index: the matches a reader may see, windowed, ranked and counted.

Every statement is written out as SQL text once per shape and cached: a search runs two
to four short statements, and building them anew with SQLAlchemy's expression language
each time cost about as much as running them.

The window: a query ranks at most the ``WINDOW`` latest visible matches (by article
id), which FTS5 walks newest first and stops at, so no query scores more than ~1,000
documents however common its words::

    SELECT a.id, a.published_at, bm25(search_fts, 10, 5, 4, 4, 2, 1) AS score
    FROM search_fts JOIN articles AS a ON a.id = +search_fts.rowid
    WHERE search_fts MATCH :match AND <visible at :now> AND <scope>
    ORDER BY search_fts.rowid DESC LIMIT :window

``+search_fts.rowid`` keeps SQLite from probing the index once per live article; the
article is read through the covering index ``ix_articles_search`` (id, status,
published_at, section_id), never its row with the long body. The page is ranked,
limited and counted (``count(*) OVER ()``) in the same statement.

Quoted phrases are found and ranked in two steps. bm25 counts, once per statement, the
documents holding each phrase of the expression, and for a phrase that means checking
positions in every document holding all its words: a second pass over the index on
top of the walk that finds the matches. So the walk finds the window without bm25, and
the window is then ranked by bm25 of the query's words one by one (a headline holding
both words of a phrase weighs, though not as the phrase), within the window's ids. A
query of phrases alone is found in the pairs table (``pairs``), with no positions to
check. Where bm25() ranks, a query of several words, one of them in most documents
(``counts``), is found and ranked the same way, leaving that word out of bm25.

Where the connection has ``thepost_bm25`` (``thepost.db.fts5rank``), it ranks instead of
bm25(), with each word's count of documents given (``Given``, ``counted``), so no
statement counts them: a query of words is then found and ranked in one statement, its
frequent words left out of the score there, and a window of a few ids spread over the
archive (a rare phrase) is ranked id by id rather than by walking its words over the
whole range (``Given.probe_each``).

The queries compiled here are in the index's words: what a reader typed, analysed in
the language searched (``analysis.query``). The language is a facet of the match
(``Language``): a search in the site's own leaves out the documents marked as in another.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import TextClause, bindparam, text
from sqlalchemy.orm import Session

from thepost.content.models import LIVE_STATUSES
from thepost.db import fts5rank
from thepost.db.base import UTCDateTime
from thepost.search.backends.base import (
    FRESHNESS,
    FRESHNESS_DAYS,
    MARK_END,
    MARK_START,
    Filters,
    snippet,
)
from thepost.search.backends.sqlite import facets, pairs
from thepost.search.query import Parsed

# bm25 weights, in column order: title, standfirst, tags, authors, section, body, facets.
WEIGHTS = (10.0, 5.0, 4.0, 4.0, 2.0, 1.0, 0.0)
WINDOW = 1000  # results are ranked from the newest this many matches
SUGGEST_WINDOW = 300
NARROW = 8000  # a tag or author filter keeping fewer articles is applied as a set of ids
SNIPPET_TOKENS = 24
# Ranking a window id by id costs about as much as walking this many postings of its
# rarest word over the window's id range (about 8 and 0.17 us on the 100,000 corpus).
PROBE = 45
ELLIPSIS = "…"
_BODY, _STANDFIRST = 5, 1
_UNIX_EPOCH_JD = 2440587.5

_WEIGHTS = ", ".join(repr(w) for w in WEIGHTS)
_LIVE = ", ".join(f":live{i}" for i in range(len(LIVE_STATUSES)))
_LIVE_PARAMS = {f"live{i}": status for i, status in enumerate(LIVE_STATUSES)}
_VISIBLE = f"a.status IN ({_LIVE}) AND a.published_at <= :now"
_FROM = "FROM search_fts JOIN articles AS a ON a.id = +search_fts.rowid"
MAIN = "search_fts"
_DATETIMES = ("now", "start", "end")
_FIRST_PUBLISHED = text(
    f"SELECT min(published_at) AS first FROM articles WHERE status IN ({_LIVE})"
).columns(first=UTCDateTime())


def _fresh(published_at: str) -> str:
    """The freshness factor (1.3 for a story published now, 1.15 at a month...)."""
    return (
        f"(1.0 + {FRESHNESS!r} / (1.0 + max(:now_jd - julianday({published_at}), 0.0) "
        f"/ {FRESHNESS_DAYS!r}))"
    )


@functools.lru_cache(maxsize=128)
def _statement(sql: str) -> TextClause:
    """``sql`` as a statement, its datetime parameters bound as the articles table
    stores them."""
    stmt = text(sql)
    typed = [
        bindparam(name, type_=UTCDateTime()) for name in _DATETIMES if re.search(rf":{name}\b", sql)
    ]
    return stmt.bindparams(*typed) if typed else stmt


@dataclass(frozen=True)
class Language:
    """The language a search runs in (a tag) and the index's own (``search.state``)."""

    searched: str
    own: str

    def facets(self) -> tuple[list[str], str]:
        """The facet tokens the matches must hold, and the expression whose matches are
        left out: another language's token, or the site's own language's documents alone
        (every one without ``FOREIGN``)."""
        if self.searched == self.own:
            return [], facets.held(facets.FOREIGN)
        return [facets.language(self.searched)], ""


@dataclass(frozen=True)
class Scope:
    """Which matches count: those visible at ``now`` and kept by the filters, as SQL
    conditions on the FTS5 table walked (``{fts}``) and ``articles AS a`` with their
    parameters. ``nothing`` when a filter keeps no article at all."""

    sql: str
    params: dict[str, Any] = field(default_factory=dict)
    nothing: bool = False
    facets: str = ""  # an FTS5 expression on the facets column, ANDed to the match
    excluded: str = ""  # one whose matches are left out: other languages' documents

    @property
    def filtered(self) -> bool:
        """Whether a filter narrows the matches (beyond visibility)."""
        return bool(self.facets) or self.sql != _VISIBLE


def scope(session: Session, now: datetime, filters: Filters, language: Language) -> Scope:
    """``filters`` as conditions on the match, in the ``language`` searched. A section, a
    date range and another language than the site's own become facet tokens ANDed to
    the match (``within``), so FTS5 walks only the documents they keep;
    they are checked exactly on each article as well (a range's first and last months
    hold days outside it). A tag or author filter that keeps fewer than ``NARROW``
    articles becomes a set of their ids, read once from its own index and tested in
    memory as the match is walked (and the walk is bounded by the lowest and highest of
    those ids); a broader one is checked on each candidate's article, which the walk soon
    stops at."""
    parts = [_VISIBLE]
    params: dict[str, Any] = {"now": now, **_LIVE_PARAMS}
    tokens, excluded = language.facets()
    start, end = filters.start, filters.end
    if end is not None and end > now:
        end = None  # "up to now" is the visibility rule already
    sets: list[tuple[str, str, dict[str, Any]]] = []  # (ids, check on a, params)
    ranges: list[list[str]] = []
    if filters.section_id is not None:
        parts.append("a.section_id = :section")
        params["section"] = filters.section_id
        tokens.append(facets.section(filters.section_id))
    if start is not None or end is not None:
        first = start or _first_published(session)
        last = end - timedelta(microseconds=1) if end is not None else now
        if first is None or last < first:
            return Scope("0", params, nothing=True)
        covered = facets.dates(first, last)
        if covered:  # else a very long range, checked on each article alone
            ranges.append(covered)
        if start is not None:
            parts.append("a.published_at >= :start")
            params["start"] = start
        if end is not None:
            parts.append("a.published_at < :end")
            params["end"] = end
    if filters.tag_id is not None:
        sets.append(
            (
                "SELECT article_id AS id FROM article_tags WHERE tag_id = :tag",
                "EXISTS (SELECT 1 FROM article_tags AS t "
                "WHERE t.article_id = a.id AND t.tag_id = :tag)",
                {"tag": filters.tag_id},
            )
        )
    if filters.author_id is not None:
        sets.append(
            (
                "SELECT article_id AS id FROM article_authors WHERE author_id = :author",
                "EXISTS (SELECT 1 FROM article_authors AS b "
                "WHERE b.article_id = a.id AND b.author_id = :author)",
                {"author": filters.author_id},
            )
        )
    for index, (ids_sql, check_sql, bound) in enumerate(sets):
        params.update(bound)
        probe = _statement(f"SELECT count(*), min(id), max(id) FROM ({ids_sql} LIMIT :narrow)")
        count, low, high = session.execute(probe, {**bound, "narrow": NARROW}).one()
        if count < NARROW:
            if not count:
                return Scope("0", params, nothing=True)
            parts.append(
                f"+{{fts}}.rowid IN ({ids_sql}) "
                f"AND {{fts}}.rowid BETWEEN :low{index} AND :high{index}"
            )
            params[f"low{index}"], params[f"high{index}"] = low, high
        else:
            parts.append(check_sql)
    found = facets.expression(tokens, ranges) if tokens or ranges else ""
    return Scope(" AND ".join(parts), params, facets=found, excluded=excluded)


def _first_published(session: Session) -> datetime | None:
    """When the first live article was published (the start of an open date range)."""
    first: datetime | None = session.scalar(_FIRST_PUBLISHED, _LIVE_PARAMS)
    return first


def within(match: str, where: Scope) -> str:
    """``match`` narrowed to the scope's facets (a section, a date range, a language)."""
    if where.facets:
        match = f"{match} AND {where.facets}"
    return f"{match} NOT {where.excluded}" if where.excluded else match


@dataclass(frozen=True)
class Given:
    """What ``thepost_bm25`` (``thepost.db.fts5rank``) ranks with instead of counting:
    ``counts``, its entry for each phrase of the expression ranked (``counted``); the
    fewest documents holding a word ranked by, None when one is left to FTS5 to count
    (a prefix); and the documents in the index."""

    counts: str
    rarest: int | None
    documents: int

    def probe_each(self, ids: int, span: int) -> bool:
        """Whether ranking ``ids`` ids spread over ``span`` is cheaper one by one than
        walking the range (ids taken as evenly spread over the index)."""
        if self.rarest is None or self.documents <= 0:
            return False
        return ids * PROBE < self.rarest * min(span / self.documents, 1.0)


def _score(table: str, given: Given | None) -> str:
    if given is None:
        return f"bm25({table}, {_WEIGHTS})"
    return f"{fts5rank.FUNCTION}({table}, :given, {_WEIGHTS})"


def _window(where: str, *, scored: bool, table: str = MAIN, given: Given | None = None) -> str:
    score = f", {_score(table, given)} AS score" if scored else ""
    return (
        f"SELECT a.id AS id, a.published_at AS published_at{score} "
        f"FROM {table} JOIN articles AS a ON a.id = +{table}.rowid "
        f"WHERE {table} MATCH :match AND {where.format(fts=table)} "
        f"ORDER BY {table}.rowid DESC LIMIT :window"
    )


def _order(sort: str, rank: str = "rank", id_: str = "id") -> str:
    if sort == "newest":
        return f"published_at DESC, {id_} DESC"
    return f"{rank}, {id_} DESC"


def ranked(
    session: Session,
    match: str,
    where: Scope,
    now: datetime,
    *,
    sort: str,
    limit: int,
    offset: int,
    window: int,
    words: str | None = None,
    table: str = MAIN,
    given: Given | None = None,
) -> list[tuple[int, float, int]]:
    """The page of (article id, rank, matches in the window) over the window of
    ``match`` in ``table``, ranked by bm25 and freshness (or by publish time). With
    ``words`` (for a query with phrases, or with frequent words to leave out of bm25),
    the window is found without scores, then ranked in ``search_fts`` by bm25 of
    ``words``, which every match holds, over the id range of the window alone, or id by
    id when that is cheaper (``Given.probe_each``). With ``given``, bm25 is
    ``thepost_bm25`` with those counts, for the expression ranked."""
    params: dict[str, Any] = {"now_jd": julian_day(now), "limit": limit, "offset": offset}
    if given is not None:
        params["given"] = given.counts
    if words is None:
        window_sql = _window(where.sql, scored=True, table=table, given=given)
        sql = (
            f"SELECT id, score * {_fresh('published_at')} AS rank, count(*) OVER () "
            f"FROM ({window_sql}) ORDER BY {_order(sort)} LIMIT :limit OFFSET :offset"
        )
        params.update(where.params, match=match, window=window)
        rows = session.execute(_statement(sql), params).all()
        return [(int(a), float(r), int(t)) for a, r, t in rows]
    found = session.execute(
        _statement(_window(where.sql, scored=False, table=table)),
        {**where.params, "match": match, "window": window},
    ).all()
    total = len(found)
    if sort == "newest":
        found = sorted(found, key=lambda row: (row[1], row[0]), reverse=True)
        found = found[offset : offset + limit]
        params["offset"] = 0
    if not found:
        return []
    ids = [row[0] for row in found]
    low, high = min(ids), max(ids)
    each = "search_fts.rowid IN (SELECT value FROM json_each(:ids))"
    if given is None or not given.probe_each(len(ids), high - low + 1):
        each = f"search_fts.rowid BETWEEN :low AND :high AND +{each}"
        params.update(low=low, high=high)
    sql = (
        f"SELECT search_fts.rowid, {_score(MAIN, given)} * {_fresh('a.published_at')} AS rank, "
        f"a.published_at AS published_at {_FROM} WHERE search_fts MATCH :words AND {each} "
        f"ORDER BY {_order(sort, id_='search_fts.rowid')} LIMIT :limit OFFSET :offset"
    )
    params.update(words=words, ids=json.dumps(ids))
    return [(int(a), float(r), total) for a, r, _ in session.execute(_statement(sql), params)]


def count(session: Session, match: str, where: Scope, cap: int, table: str = MAIN) -> int:
    """How many visible articles match in ``table``, counting no further than ``cap``."""
    sql = f"SELECT count(*) FROM ({_window(where.sql, scored=False, table=table)})"
    params = {**where.params, "match": match, "window": cap}
    return int(session.scalar(_statement(sql), params) or 0)


def visible(now: datetime, language: Language) -> Scope:
    """What readers may see at ``now``, in ``language``."""
    tokens, excluded = language.facets()
    found = facets.expression(tokens, []) if tokens else ""
    return Scope(_VISIBLE, {"now": now, **_LIVE_PARAMS}, facets=found, excluded=excluded)


def snippets(
    session: Session, match: str, article_ids: Sequence[int], *, prefix: bool
) -> dict[int, str]:
    """For each article, the body around its best match; the standfirst when only that
    matches there; for a headline-only match, the standfirst (or the body's start).

    FTS5 sets the whole query up again for each id of ``rowid IN (...)``: cheap for
    words and phrases, but a prefix is expanded each time, so a query with one is walked
    once between the lowest and highest id instead."""
    if not article_ids:
        return {}
    ids = ", ".join(f":id{i}" for i in range(len(article_ids)))
    params: dict[str, Any] = {f"id{i}": a for i, a in enumerate(article_ids)}
    if prefix:
        where = f"search_fts.rowid BETWEEN :low AND :high AND +search_fts.rowid IN ({ids})"
        params.update(low=min(article_ids), high=max(article_ids))
    else:
        where = f"search_fts.rowid IN ({ids})"
    sql = (
        "SELECT search_fts.rowid, "
        f"snippet(search_fts, {_BODY}, :start_mark, :end_mark, :ellipsis, {SNIPPET_TOKENS}), "
        f"snippet(search_fts, {_STANDFIRST}, :start_mark, :end_mark, :ellipsis, "
        f"{SNIPPET_TOKENS}) FROM search_fts WHERE search_fts MATCH :match AND {where}"
    )
    params.update(match=match, start_mark=MARK_START, end_mark=MARK_END, ellipsis=ELLIPSIS)
    found = {}
    for article_id, body, standfirst in session.execute(_statement(sql), params):
        found[article_id] = snippet(body, standfirst)
    return found


def julian_day(moment: datetime) -> float:
    return moment.timestamp() / 86400.0 + _UNIX_EPOCH_JD


def string(word: str) -> str:
    """An FTS5 string: never syntax, whatever it holds."""
    return '"' + word.replace('"', '""') + '"'


def compile_match(query: Parsed) -> str | None:
    """The FTS5 MATCH expression for a parsed query, or None when it cannot match.
    Every word is an FTS5 string, so nothing a reader types is ever FTS5 syntax: terms
    are ANDed, a phrase is ``"w1 w2"``, the prefix is ``"pre" *``, exclusions follow as
    ``NOT "x"``. A query with only exclusions finds nothing."""
    parts = [string(t) for t in query.terms if t]
    parts += [string(" ".join(p)) for p in query.phrases if p]
    if query.prefix:
        parts.append(string(query.prefix) + " *")
    if not parts:
        return None  # nothing positive: FTS5 cannot start with NOT
    expression = "(" + " AND ".join(parts) + ")"
    return expression + "".join(f" NOT {string(w)}" for w in query.excluded if w)


def compile_pairs(query: Parsed) -> str | None:
    """For a query of quoted phrases alone, the expression that finds them in
    ``pairs.TABLE`` (each phrase as the phrase of its pair tokens, ANDed); None for any
    other query, or a phrase of fewer than two tokens."""
    if not query.phrases or query.terms or query.prefix or query.excluded:
        return None
    parts = []
    for words in query.phrases:
        found = pairs.phrase(words)
        if found is None:
            return None
        parts.append(string(found))
    return "(" + " AND ".join(parts) + ")"


def _ranked_words(query: Parsed, frequent: Collection[str] = ()) -> list[str]:
    words = dict.fromkeys(w for w in query.whole_words if w)
    return [w for w in words if w not in frequent] or ([] if query.prefix else list(words))


def compile_words(query: Parsed, frequent: Collection[str] = ()) -> str:
    """The query's positive words one by one, ANDed: what a phrase's matches are ranked
    by. Words in ``frequent`` (``counts.frequent``) are left out while another
    word remains: their bm25 weight is nil."""
    parts = [string(w) for w in _ranked_words(query, frequent)]
    if query.prefix:
        parts.append(string(query.prefix) + " *")
    return " AND ".join(parts)


def counted(
    query: Parsed,
    counts: Mapping[str, int | None],
    documents: int,
    frequent: Collection[str] = (),
    *,
    words: bool,
) -> Given:
    """``thepost_bm25``'s counts for ``compile_words(query, frequent)`` (``words``) or for
    ``compile_match(query)``, each phrase of the expression in its order: a word's count
    from ``counts``; -1 (FTS5 counts it) for a quoted phrase, the prefix, or a word not
    one token; x for a word left out as ``compile_words`` leaves it out (frequent: its
    weight is nil) and for an excluded word, which add nothing. Phrases after these (a
    filter's facets) are left out too."""
    kept = _ranked_words(query, frequent)
    phrases: list[str | None] = list(kept)  # a word, or None for a quoted phrase
    if not words:  # compile_match's: each term, then each quoted phrase
        phrases = [t for t in query.terms if t] + [None for p in query.phrases if p]
    entries: list[str] = []
    ranked: list[int | None] = []  # the documents of each phrase ranked by, if known
    for phrase in phrases:
        if phrase is not None and phrase not in kept:
            entries.append("x")
            continue
        ranked.append(None if phrase is None else counts.get(phrase))
        entries.append(str(ranked[-1]) if ranked[-1] is not None else "-1")
    if query.prefix:
        entries.append("-1")
        ranked.append(None)
    if not words:
        entries += ["x" for w in query.excluded if w]
    rarest = None if not ranked or None in ranked else min(n for n in ranked if n is not None)
    return Given(" ".join(entries), rarest, documents)
