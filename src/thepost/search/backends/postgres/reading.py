"""Reading the tsvector index: the matches a reader may see, ranked, counted, with snippets.

Ranking (higher is better)::

    score = ts_rank_cd('{0.1, 0.3, 0.6, 1.0}', document, q)    -- weights D, C, B, A
            * (1 + 0.3 / (1 + age_days / 30))

A headline match weighs ten times a body match, a standfirst six times, tags, authors
and section three times; the factor (1.3 for a story published now, 1.15 at a month,
about 1.02 at a year) is the same small freshness boost as the SQLite backend's
(``base.FRESHNESS``): it breaks near-ties in favour of recent stories without burying an
old story that matches much better. ``sort="newest"`` orders by publish time instead.

Every search joins ``articles`` with the read-time visibility rule (``queries.live``),
so an unpublished story is never found and a scheduled one appears once its time has
passed, without reindexing. A search runs in one language (a tag): the query is
analysed in its configuration (``search.languages``) and only the documents in it
match.

Speed: ``ts_rank_cd`` reads each candidate's whole tsvector from TOAST, so relevance
ranks the ``RANK_WINDOW`` most recent matches (all of them, for any query matching no
more; a page further on widens the window). Snippets (``ts_headline``) are made for
the page alone, from the start of the body and further in only where needed. The total
is counted exactly up to ``COUNT_CAP`` matches and reported as that beyond it, with
``extra["total_capped"] = True``, like the SQLite backend. The planner is steered, in
the caller's transaction and only for these statements, towards the GIN index
(``_planned``).

Search-as-you-type matches the headline's own lexemes (``tsquery.in_title``) through
the GIN index, instead of analysing candidate headlines one by one.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    Text,
    cast,
    exists,
    func,
    literal,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Session

from thepost.content.models import Article, ArticleAuthor, article_tags
from thepost.content.queries import live
from thepost.db.base import UTCDateTime
from thepost.search import languages
from thepost.search.backends.base import (
    FRESHNESS,
    FRESHNESS_DAYS,
    MARK_END,
    MARK_START,
    Filters,
    Hit,
    Results,
    snippet,
)
from thepost.search.backends.postgres.tsquery import (
    compile_query,
    constant,
    in_title,
    regconfig,
)
from thepost.search.query import Parsed

_S = TypeVar("_S", bound=Select[*tuple[Any, ...]])

# ts_rank_cd weights, in PostgreSQL's order: D (body), C (tags, authors, section),
# B (standfirst), A (title).
WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"
COUNT_CAP = 1000
RANK_WINDOW = 500  # relevance ranks the most recent matches, this many at most
SUGGEST_WINDOW = 300  # headlines looked at for search-as-you-type
# Snippets are looked for in the start of the body (making one costs time in proportion
# to the text), and further in only for the hits with no match there or in the standfirst.
SNIPPET_START = 3_000
BODY_HEADLINE = 20_000
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1"
)

_documents = Table(
    "search_documents",
    MetaData(),
    Column("article_id", Integer, primary_key=True),
    Column("language", String(16), nullable=False),
    Column("document", TSVECTOR, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
)

# Planner settings for statements over search_documents (see _planned).
PLANNER = {
    "enable_seqscan": "off",
    "enable_indexscan": "off",
    # Plans depend on how many documents the tsquery matches: never a generic plan.
    "plan_cache_mode": "force_custom_plan",
}
_PLANNER_READ = text("SELECT " + ", ".join(f"current_setting('{name}')" for name in PLANNER))
_PLANNER_SET = text(
    "SELECT " + ", ".join(f"set_config('{name}', :{name}, true)" for name in PLANNER)
)


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


def search(
    session: Session,
    language: str,
    query: Parsed,
    now: datetime,
    filters: Filters,
    sort: str,
    limit: int,
    offset: int,
) -> Results:
    """One page of ``query``'s matches in ``language``, as it stands (``retries`` decides
    the rest)."""
    where = In(language, filters)
    compiled = compile_query(session, where.config, query)
    if compiled is None:
        return Results([], 0)
    with _planned(session):
        return _page(session, where, compiled[0], now, sort, limit, max(0, offset))


def matches(session: Session, language: str, query: Parsed, now: datetime, filters: Filters) -> int:
    """How many visible articles in ``language`` match ``query``, counting no further than
    ``COUNT_CAP``."""
    where = In(language, filters)
    compiled = compile_query(session, where.config, query)
    if compiled is None:
        return 0
    with _planned(session):
        return _count(session, compiled[0], now, where)[0]


def _page(
    session: Session,
    where: In,
    tsquery: str,
    now: datetime,
    sort: str,
    limit: int,
    offset: int,
) -> Results:
    if limit <= 0:
        total, capped = _count(session, tsquery, now, where, cap=offset + COUNT_CAP)
        return Results([], total, extra={"total_capped": True} if capped else {})
    q = constant(tsquery)
    newest = sort == "newest"
    # The most recent matches: the page itself when sorting by date, else the window
    # that is ranked.
    recent = (
        _matching(
            select(Article.id.label("id"), Article.published_at.label("published_at")),
            q,
            now,
            where,
        )
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(limit if newest else max(RANK_WINDOW, offset + limit))
        .offset(offset if newest else 0)
        .subquery()
    )
    if newest:
        page = recent
        score = _rank(q) * _freshness(now, page.c.published_at)
        order = [page.c.published_at.desc(), page.c.id.desc()]
    else:
        ranked = _rank(q) * _freshness(now, recent.c.published_at)
        page = (
            select(recent.c.id, recent.c.published_at, ranked.label("score"))
            .join(_documents, _documents.c.article_id == recent.c.id)
            .order_by(ranked.desc(), recent.c.published_at.desc(), recent.c.id.desc())
            .limit(limit)
            .offset(offset)
            .subquery()
        )
        score = page.c.score
        order = [page.c.score.desc(), page.c.published_at.desc(), page.c.id.desc()]
    cfg, options = regconfig(where.config), literal(HEADLINE_OPTIONS)
    hits = (
        select(
            page.c.id,
            score,
            func.ts_headline(cfg, func.left(_documents.c.body, SNIPPET_START), q, options),
            func.ts_headline(cfg, Article.standfirst, q, options),
            # Whether the body matches at all (its lexemes have weight D).
            func.ts_filter(_documents.c.document, literal_column("'{d}'::\"char\"[]"))
            .op("@@")(q)
            .label("in_body"),
            func.length(_documents.c.body) > SNIPPET_START,
        )
        .select_from(page)
        .join(_documents, _documents.c.article_id == page.c.id)
        .join(Article, Article.id == page.c.id)
        .order_by(*order)
    )
    rows = session.execute(hits).all()
    snippets = {row[0]: snippet(row[2], row[3]) for row in rows}
    # A body that matches further in than its start: look there, for those alone.
    deeper = [row[0] for row in rows if row[4] and row[5] and MARK_START not in snippets[row[0]]]
    if deeper:
        further = select(
            _documents.c.article_id,
            func.ts_headline(cfg, func.left(_documents.c.body, BODY_HEADLINE), q, options),
        ).where(_documents.c.article_id.in_(deeper))
        for article_id, body in session.execute(further):
            if MARK_START in body:
                snippets[article_id] = body
    if len(rows) < limit and (rows or offset == 0):
        total, capped = offset + len(rows), False  # this page is the last
    else:
        total, capped = _count(session, tsquery, now, where, cap=offset + COUNT_CAP)
    return Results(
        [
            Hit(article_id=row[0], score=float(row[1] or 0.0), snippet=snippets[row[0]])
            for row in rows
        ],
        total,
        extra={"total_capped": True} if capped else {},
    )


def _count(
    session: Session,
    tsquery: str,
    now: datetime,
    where: In,
    *,
    cap: int = COUNT_CAP,
) -> tuple[int, bool]:
    """How many visible articles match, counting no further than ``cap``."""
    matching = (
        _matching(select(literal_column("1")), constant(tsquery), now, where).limit(cap).subquery()
    )
    total = session.scalar(select(func.count()).select_from(matching)) or 0
    return total, total >= cap


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
    tsquery, positive = compiled
    headline = constant(in_title(positive))
    recent = (
        _matching(
            select(Article.id.label("id"), Article.published_at.label("published_at")),
            constant(tsquery),
            now,
            where,
        )
        .where(_documents.c.document.op("@@")(headline))
        .order_by(Article.published_at.desc(), Article.id.desc())
        .limit(SUGGEST_WINDOW)
        .subquery()
    )
    score = cast(func.ts_rank_cd(_documents.c.document, headline), Float) * _freshness(
        now, recent.c.published_at
    )
    stmt = (
        select(recent.c.id)
        .join(_documents, _documents.c.article_id == recent.c.id)
        .order_by(score.desc(), recent.c.published_at.desc(), recent.c.id.desc())
        .limit(limit)
    )
    with _planned(session):
        return list(session.scalars(stmt))


@contextmanager
def _planned(session: Session) -> Iterator[None]:
    """``PLANNER`` settings for a while, in this transaction only.

    The planner prices ``document @@ q`` on each row of a sequential or plain index scan
    as cheap, not counting that every tsvector must first be fetched from TOAST and
    decompressed (the GIN index never needs that, even when most documents match), so
    left alone it reads every document of a small table, or every document in id order
    to merge-join with articles. With only bitmap scans allowed, matching goes through
    the GIN index and the articles are fetched by id."""
    previous = dict(zip(PLANNER, session.execute(_PLANNER_READ).one(), strict=True))
    session.execute(_PLANNER_SET, PLANNER)
    yield
    session.execute(_PLANNER_SET, previous)


def _rank(q: ColumnElement[Any]) -> ColumnElement[Any]:
    rank = func.ts_rank_cd(literal_column(f"'{WEIGHTS}'::float4[]"), _documents.c.document, q)
    return cast(rank, Float)


def _freshness(now: datetime, published_at: ColumnElement[Any]) -> ColumnElement[Any]:
    """1 + FRESHNESS / (1 + age_days / FRESHNESS_DAYS), the age counted from ``now``."""
    seconds = func.extract("epoch", literal(now, UTCDateTime) - published_at)
    age = func.greatest(cast(seconds, Float) / 86400.0, 0.0)
    return 1.0 + FRESHNESS / (1.0 + age / FRESHNESS_DAYS)


def _matching(stmt: _S, q: ColumnElement[Any], now: datetime, where: In) -> _S:
    """``stmt`` over the articles whose document matches ``q``, in the language and kept
    by the filters of ``where``, visible at ``now``."""
    filters = where.filters
    stmt = (
        stmt.select_from(_documents)
        .join(Article, Article.id == _documents.c.article_id)
        .where(
            _documents.c.document.op("@@")(q),
            _documents.c.language == where.language,
            live(now),
        )
    )
    if filters.section_id is not None:
        stmt = stmt.where(Article.section_id == filters.section_id)
    if filters.tag_id is not None:
        stmt = stmt.where(
            exists().where(
                article_tags.c.article_id == Article.id, article_tags.c.tag_id == filters.tag_id
            )
        )
    if filters.author_id is not None:
        stmt = stmt.where(
            exists().where(
                ArticleAuthor.article_id == Article.id,
                ArticleAuthor.author_id == filters.author_id,
            )
        )
    if filters.start is not None:
        stmt = stmt.where(Article.published_at >= filters.start)
    if filters.end is not None:
        stmt = stmt.where(Article.published_at < filters.end)
    return stmt
