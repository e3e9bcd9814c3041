"""PostgreSQL full-text search backend: a weighted tsvector per article, a GIN index.

Table (migration 0002): ``search_documents`` holds one row per published or scheduled
article: ``document``, a tsvector in the text search configuration given to the
constructor (``thepost_english``: English stemming, accents folded by unaccent), and the
``title`` and ``body`` text (the body for snippets). The document is::

    setweight(to_tsvector(cfg, title), 'A')
    || setweight(to_tsvector(cfg, standfirst), 'B')
    || setweight(to_tsvector(cfg, tags and authors), 'C')
    || setweight(to_tsvector(cfg, section), 'C')
    || setweight(to_tsvector(cfg, body), 'D')        -- these five: the searchable text
    || the vocabulary lexemes                           (U+0001 + word, no positions)
    || the headline lexemes                             (U+0002 + lexeme, title positions)

A word (``FIELD_GAP``) is put after each field and between tag and author names, then
deleted: the holes it leaves in the positions keep a phrase from running from one field
or tag into the next ("budget council" does not match the tags Budget, Council).

The two marked sets start with a character PostgreSQL's parser never puts in a lexeme,
so no query a reader can type matches them (query words are letters and digits, see
``search.query``), and ranking only looks at the lexemes a query names.

* Vocabulary bookkeeping: ``search_terms`` counts, exactly, how many indexed documents
  use each vocabulary word (``Document.vocabulary``: folded, unstemmed words of the
  prominent fields). Replacing a document must take away the old document's words, which
  cannot be read back from stemmed lexemes, and the table has no column for them: they
  ride in the tsvector. ``index`` reads them from the old row (locked ``FOR UPDATE``),
  adds the difference to ``search_terms`` in term order (concurrent writers lock rows
  alike) and deletes words that reach zero. ``rebuild`` counts as it goes and writes the
  vocabulary once at the end.
* Search-as-you-type matches the headline lexemes through the GIN index (the query's
  lexemes marked alike), instead of analysing candidate headlines one by one.

Compiling a query: each part is made by PostgreSQL's own functions from a bound
parameter, never by pasting what a reader typed into SQL or tsquery syntax::

    terms      plainto_tsquery(cfg, :word)                       ANDed (tsquery_and)
    phrases    phraseto_tsquery(cfg, :words)                     'water' <-> 'suppli'
    prefix     to_tsquery(cfg, quote_literal(:prefix) || ':*')
               | stems of known words it starts that :* misses (below)
    excluded   tsquery_not(plainto_tsquery(cfg, :word))          ANDed last

A stem can be shorter than what was typed: "universit" starts "university", whose
lexeme "univers" does not start with "universit". So the prefix also matches, exactly,
the lexemes of the most used vocabulary words starting with it (``PREFIX_WORDS``) that
``prefix:*`` would miss. The compiled tsquery comes back as text in a first, cheap round
trip and is bound as a constant (``CAST(:q AS tsquery)``), so the planner estimates with
the index statistics of its actual lexemes. A query whose positive part is empty (only
stop words, or only exclusions) finds nothing, never everything.

Ranking (higher is better)::

    score = ts_rank_cd('{0.1, 0.3, 0.6, 1.0}', document, q)    -- weights D, C, B, A
            * (1 + 0.3 / (1 + age_days / 30))

A headline match weighs ten times a body match, a standfirst six times, tags, authors
and section three times; the factor (1.3 for a story published now, 1.15 at a month,
about 1.02 at a year) is the same small freshness boost as the SQLite backend's: it
breaks near-ties in favour of recent stories without burying an old story that matches
much better. ``sort="newest"`` orders by publish time instead.

Every search joins ``articles`` with the read-time visibility rule (``queries.live``),
so an unpublished story is never found and a scheduled one appears once its time has
passed, without reindexing.

Speed: ``ts_rank_cd`` reads each candidate's whole tsvector from TOAST, so relevance
ranks the ``RANK_WINDOW`` most recent matches (all of them, for any query matching no
more; a page further on widens the window). Snippets (``ts_headline``) are made for
the page alone, from the start of the body and further in only where needed. The total
is counted exactly up to ``COUNT_CAP`` matches and reported as that beyond it, with
``extra["total_capped"] = True``, like the SQLite backend. The planner is steered, in
the caller's transaction and only for these statements, towards the GIN index
(``_planned``), and ``rebuild`` flushes the indexes' pending lists.

Typo tolerance: a word the vocabulary does not know gets candidates from the pg_trgm
index (``term % :word``, the most similar first, at pg_trgm's threshold and then at a
lower one; plus, for words of up to 4 letters, whose trigrams a single typo can all
destroy, every known word one edit away); the closest by Damerau-Levenshtein distance
(at most 2, at most 1 for words of up to 4 letters) wins, then the most used. When a
search is re-run corrected, and when the last word is widened to a prefix, is the same
on every backend (``search.retries``): the last word is looked for whole first.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta
from functools import reduce
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    Select,
    Table,
    Text,
    bindparam,
    cast,
    exists,
    func,
    literal,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY, TSVECTOR
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from thepost.content.models import (
    Article,
    ArticleAuthor,
    article_tags,
)
from thepost.content.queries import live
from thepost.db.base import UTCDateTime
from thepost.search import documents, retries, spelling
from thepost.search.backends.base import (
    MARK_END,
    MARK_START,
    Filters,
    Hit,
    Progress,
    Results,
    SearchBackend,
)
from thepost.search.models import SearchTerm
from thepost.search.query import Parsed

log = logging.getLogger(__name__)
T = TypeVar("T")
_S = TypeVar("_S", bound=Select[*tuple[Any, ...]])

# ts_rank_cd weights, in PostgreSQL's order: D (body), C (tags, authors, section),
# B (standfirst), A (title).
WEIGHTS = "{0.1, 0.3, 0.6, 1.0}"
FRESHNESS = 0.3  # at most +30% for a story published just now...
FRESHNESS_DAYS = 30.0  # ...half of that at a month old
COUNT_CAP = 1000
RANK_WINDOW = 500  # relevance ranks the most recent matches, this many at most
SUGGEST_WINDOW = 300  # headlines looked at for search-as-you-type
PREFIX_WORDS = 16  # vocabulary words a prefix also matches exactly
CANDIDATES = 20  # trigram candidates per unknown word
# pg_trgm's default threshold (0.3) misses one transposition in a word of up to 6 letters
# and two edits in one of up to 10; candidates are looked up with this one instead.
SIMILARITY = 0.15
VOCABULARY_MARK = "\x01"
TITLE_MARK = "\x02"
# A word put between fields, tags and authors, then deleted from the tsvector: it leaves
# a hole in the positions, so a phrase cannot run from one tag or field into the next.
FIELD_GAP = " thepostfieldgap "
BODY_INDEXED = 500_000  # characters of a body indexed; a tsvector is limited to 1 MB
# Snippets are looked for in the start of the body (making one costs time in proportion
# to the text), and further in only for the hits with no match there or in the standfirst.
SNIPPET_START = 3_000
BODY_HEADLINE = 20_000
CHUNK = 500  # ids per statement
GIN_INDEXES = ("ix_search_documents_document", "ix_search_terms_trigram")
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, MaxFragments=1"
)

_documents = Table(
    "search_documents",
    MetaData(),
    Column("article_id", Integer, primary_key=True),
    Column("document", TSVECTOR, nullable=False),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
)
_terms = SearchTerm.__table__

_UPSERT = text(
    """
    INSERT INTO search_documents (article_id, document, title, body)
    SELECT d.id,
           ts_delete(
               setweight(to_tsvector(CAST(:cfg AS regconfig), d.title || :gap), 'A')
               || setweight(to_tsvector(CAST(:cfg AS regconfig), d.standfirst || :gap), 'B')
               || setweight(to_tsvector(CAST(:cfg AS regconfig), d.names || :gap), 'C')
               || setweight(to_tsvector(CAST(:cfg AS regconfig), d.section || :gap), 'C')
               || setweight(to_tsvector(CAST(:cfg AS regconfig), left(d.body, :body_indexed)), 'D'),
               tsvector_to_array(to_tsvector(CAST(:cfg AS regconfig), :gap)))
           || array_to_tsvector(string_to_array(d.vocabulary, ' '))
           || setweight(CAST((
                  SELECT coalesce(string_agg(
                      chr(39) || replace(replace(:title_mark || t.lexeme,
                                                 chr(92), chr(92) || chr(92)),
                                         chr(39), chr(39) || chr(39)) || chr(39)
                      || ':' || array_to_string(t.positions, ','), ' '), '')
                  FROM unnest(to_tsvector(CAST(:cfg AS regconfig), d.title)) AS t
              ) AS tsvector), 'A'),
           d.title, d.body
    FROM unnest(CAST(:ids AS integer[]), CAST(:titles AS text[]),
                CAST(:standfirsts AS text[]), CAST(:names AS text[]),
                CAST(:sections AS text[]), CAST(:bodies AS text[]),
                CAST(:vocabularies AS text[]))
         AS d(id, title, standfirst, names, section, body, vocabulary)
    ON CONFLICT (article_id) DO UPDATE
    SET document = excluded.document, title = excluded.title, body = excluded.body
    """
)
_OLD_VOCABULARY = text(
    """
    SELECT article_id,
           ARRAY(SELECT substr(lexeme, 2) FROM unnest(tsvector_to_array(document)) AS lexeme
                 WHERE left(lexeme, 1) = :mark)
    FROM search_documents WHERE article_id = ANY(CAST(:ids AS integer[]))
    ORDER BY article_id
    FOR UPDATE
    """
)
_DELETE_DOCUMENTS = text(
    "DELETE FROM search_documents WHERE article_id = ANY(CAST(:ids AS integer[]))"
)
_ADD_TO_TERMS = text(
    """
    INSERT INTO search_terms (term, documents)
    SELECT term, change FROM unnest(CAST(:terms AS text[]), CAST(:changes AS integer[]))
         AS t(term, change)
    ORDER BY term
    ON CONFLICT (term) DO UPDATE SET documents = search_terms.documents + excluded.documents
    """
)
_DROP_UNUSED_TERMS = text(
    "DELETE FROM search_terms WHERE term = ANY(CAST(:terms AS text[])) AND documents <= 0"
)
_KNOWN = text("SELECT term FROM search_terms WHERE term = ANY(CAST(:terms AS text[]))")
_COUNTS = text("SELECT term, documents FROM search_terms WHERE term = ANY(CAST(:terms AS text[]))")
_STARTING = text(
    "SELECT term FROM search_terms WHERE term LIKE :pattern ESCAPE '\\' ORDER BY term LIMIT 2"
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
_SET_THRESHOLD = text("SELECT set_config('pg_trgm.similarity_threshold', :value, true)")
_CANDIDATES = text(
    """
    SELECT w.word, c.term, c.documents
    FROM unnest(CAST(:words AS text[])) AS w(word)
    CROSS JOIN LATERAL (
        SELECT term, documents FROM search_terms
        WHERE term % w.word
        ORDER BY similarity(term, w.word) DESC, documents DESC, term
        LIMIT :candidates
    ) AS c
    """
)


class PostgresSearch(SearchBackend):
    name = "postgres"

    def __init__(self, config: str = "thepost_english") -> None:
        """``config``: the text search configuration (language) documents and queries are
        analysed with; changing it needs a ``rebuild``."""
        self.config = config

    def _cfg(self) -> ColumnElement[Any]:
        return cast(literal(self.config), REGCONFIG)

    # -- writing -----------------------------------------------------------------------------

    def index(self, session: Session, article_ids: Sequence[int]) -> None:
        ids = sorted(set(article_ids))
        delta: Counter[str] = Counter()
        for chunk in _chunks(ids, CHUNK):
            for _, old in session.execute(_OLD_VOCABULARY, {"ids": chunk, "mark": VOCABULARY_MARK}):
                delta.subtract(old)
            new = documents.load(session, chunk)
            gone = sorted(set(chunk) - {d.article_id for d in new})
            if gone:
                session.execute(_DELETE_DOCUMENTS, {"ids": gone})
            self._write(session, new)
            delta.update(documents.vocabulary_counts(new))
        changes = {t: n for t, n in delta.items() if n}
        if changes:
            terms = sorted(changes)
            params = {"terms": terms, "changes": [changes[t] for t in terms]}
            session.execute(_ADD_TO_TERMS, params)
            dropped = [t for t in terms if changes[t] < 0]
            if dropped:
                session.execute(_DROP_UNUSED_TERMS, {"terms": dropped})

    def _write(self, session: Session, docs: Sequence[documents.Document]) -> None:
        if not docs:
            return
        docs = sorted(docs, key=lambda d: d.article_id)
        names = _names(docs)
        session.execute(
            _UPSERT,
            {
                "cfg": self.config,
                "gap": FIELD_GAP,
                "title_mark": TITLE_MARK,
                "body_indexed": BODY_INDEXED,
                "ids": [d.article_id for d in docs],
                "titles": [d.title for d in docs],
                "standfirsts": [d.standfirst for d in docs],
                "names": [names[d.article_id] for d in docs],
                "sections": [d.section for d in docs],
                "bodies": [d.body for d in docs],
                "vocabularies": [
                    " ".join(VOCABULARY_MARK + w for w in sorted(d.vocabulary())) for d in docs
                ],
            },
        )

    def rebuild(
        self, session: Session, *, progress: Progress | None = None, batch: int = 500
    ) -> int:
        # Article saves wait (their index() would read documents this deletes), searches
        # do not: DELETE, not TRUNCATE, and they read the old index until this commits.
        session.execute(text("LOCK TABLE search_documents, search_terms IN EXCLUSIVE MODE"))
        session.execute(text("DELETE FROM search_documents"))
        session.execute(text("DELETE FROM search_terms"))
        counts: Counter[str] = Counter()
        done = 0
        for docs in documents.every(session, batch):
            self._write(session, docs)
            counts.update(documents.vocabulary_counts(docs))
            done += len(docs)
            if progress is not None:
                progress(done)
        terms = sorted(counts)
        for part in _chunks(terms, 10_000):
            session.execute(_ADD_TO_TERMS, {"terms": part, "changes": [counts[t] for t in part]})
        _settle(session)
        return done

    # -- reading -----------------------------------------------------------------------------

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
        def run(parsed: Parsed) -> Results:
            return self._search(session, parsed, now, filters, sort, limit, offset)

        def count(parsed: Parsed) -> int:
            compiled = self._compile(session, parsed)
            if compiled is None:
                return 0
            with _planned(session):
                return self._count(session, compiled[0], now, filters)[0]

        def starting(prefix: str) -> tuple[bool, bool]:
            terms = list(session.scalars(_STARTING, {"pattern": _like_prefix(prefix)}))
            return prefix in terms, any(t != prefix for t in terms)

        steps = retries.Steps(
            run=run,
            count=count,
            starting=starting,
            corrections=functools.partial(self.corrections, session),
        )
        return retries.search(query, steps)

    def _search(
        self,
        session: Session,
        query: Parsed,
        now: datetime,
        filters: Filters,
        sort: str,
        limit: int,
        offset: int,
    ) -> Results:
        compiled = self._compile(session, query)
        if compiled is None:
            return Results([], 0)
        with _planned(session):
            return self._page(session, compiled[0], now, filters, sort, limit, max(0, offset))

    def _page(
        self,
        session: Session,
        tsquery: str,
        now: datetime,
        filters: Filters,
        sort: str,
        limit: int,
        offset: int,
    ) -> Results:
        if limit <= 0:
            total, capped = self._count(session, tsquery, now, filters, cap=offset + COUNT_CAP)
            return Results([], total, extra={"total_capped": True} if capped else {})
        q = _constant(tsquery)
        newest = sort == "newest"
        # The most recent matches: the page itself when sorting by date, else the window
        # that is ranked.
        recent = (
            _matching(
                select(Article.id.label("id"), Article.published_at.label("published_at")),
                q,
                now,
                filters,
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
        cfg, options = self._cfg(), literal(HEADLINE_OPTIONS)
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
        snippets = {row[0]: _snippet(row[2], row[3]) for row in rows}
        # A body that matches further in than its start: look there, for those alone.
        deeper = [
            row[0] for row in rows if row[4] and row[5] and MARK_START not in snippets[row[0]]
        ]
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
            total, capped = self._count(session, tsquery, now, filters, cap=offset + COUNT_CAP)
        return Results(
            [
                Hit(article_id=row[0], score=float(row[1] or 0.0), snippet=snippets[row[0]])
                for row in rows
            ],
            total,
            extra={"total_capped": True} if capped else {},
        )

    def _count(
        self,
        session: Session,
        tsquery: str,
        now: datetime,
        filters: Filters,
        *,
        cap: int = COUNT_CAP,
    ) -> tuple[int, bool]:
        """How many visible articles match, counting no further than ``cap``."""
        matching = (
            _matching(select(literal_column("1")), _constant(tsquery), now, filters)
            .limit(cap)
            .subquery()
        )
        total = session.scalar(select(func.count()).select_from(matching)) or 0
        return total, total >= cap

    def suggest(
        self, session: Session, query: Parsed, *, now: datetime, limit: int = 5
    ) -> list[int]:
        if limit <= 0:
            return []
        compiled = self._compile(session, query)
        if compiled is None:
            return []
        tsquery, positive = compiled
        headline = _constant(_in_title(positive))
        recent = (
            _matching(
                select(Article.id.label("id"), Article.published_at.label("published_at")),
                _constant(tsquery),
                now,
                Filters(),
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

    def _compile(self, session: Session, query: Parsed) -> tuple[str, str] | None:
        """The query as tsquery text, whole and its positive part alone; None when it
        can match nothing (no words, or only stop words and exclusions)."""
        cfg = self._cfg()
        # Words from query.parse hold letters and digits only; text PostgreSQL refuses
        # (NUL) is dropped from any other.
        query = Parsed(
            [_text(t) for t in query.terms],
            [[_text(w) for w in p] for p in query.phrases],
            [_text(w) for w in query.excluded],
            _text(query.prefix),
        )
        parts: list[ColumnElement[Any]] = [
            func.plainto_tsquery(cfg, t, type_=TSQUERY) for t in query.terms if t
        ]
        parts += [
            func.phraseto_tsquery(cfg, " ".join(p), type_=TSQUERY) for p in query.phrases if p
        ]
        if query.prefix:
            parts.append(self._prefix(query.prefix))
        if not parts:
            return None
        # A materialized CTE: the vocabulary lookup of the prefix runs once, not per use.
        positive = (
            select(reduce(lambda a, b: func.tsquery_and(a, b, type_=TSQUERY), parts).label("q"))
            .cte("positive")
            .prefix_with("MATERIALIZED")
        )
        whole: ColumnElement[Any] = positive.c.q
        for word in filter(None, query.excluded):
            excluded = func.tsquery_not(func.plainto_tsquery(cfg, word), type_=TSQUERY)
            whole = func.tsquery_and(whole, excluded, type_=TSQUERY)
        row = session.execute(
            select(cast(whole, Text), cast(positive.c.q, Text), func.numnode(positive.c.q))
        ).one()
        if not row[2]:
            return None
        return str(row[0]), str(row[1])

    def _prefix(self, prefix: str) -> ColumnElement[Any]:
        """``prefix:*`` after stemming, or the stems of the most used vocabulary words that
        start with the prefix, where ``prefix:*`` misses them ("universit" starts
        "university", whose stem "univers" does not start with "universit")."""
        cfg = self._cfg()
        stem = func.to_tsquery(cfg, func.quote_literal(prefix).concat(":*"), type_=TSQUERY)
        if len(prefix) < 3:
            return stem
        words = (
            select(_terms.c.term)
            .where(_terms.c.term.like(_like_prefix(prefix), escape="\\"))
            .order_by(_terms.c.documents.desc(), _terms.c.term)
            .limit(PREFIX_WORDS)
            .subquery()
        )
        lexemes = select(
            func.unnest(func.tsvector_to_array(func.to_tsvector(cfg, words.c.term))).label("lexeme")
        ).subquery()
        typed = select(
            func.unnest(func.tsvector_to_array(func.to_tsvector(cfg, prefix))).label("lexeme")
        ).subquery()
        missed = (
            select(
                # Lexemes already analysed: the "simple" configuration keeps them as they are.
                func.to_tsquery(
                    cast(literal("simple"), REGCONFIG),
                    func.string_agg(func.quote_literal(lexemes.c.lexeme), " | "),
                )
            )
            .where(~exists().where(func.starts_with(lexemes.c.lexeme, typed.c.lexeme)))
            .scalar_subquery()
        )
        # tsquery_or is strict: with nothing missed it gives NULL, and the stem alone.
        return func.coalesce(func.tsquery_or(stem, missed, type_=TSQUERY), stem, type_=TSQUERY)

    # -- typo tolerance ----------------------------------------------------------------------

    def corrections(self, session: Session, words: Sequence[str]) -> dict[str, str]:
        wanted = [
            w for w in dict.fromkeys(words) if len(w) >= 3 and w.isalnum() and not w.isdigit()
        ]
        if not wanted:
            return {}
        known = set(session.scalars(_KNOWN, {"terms": wanted}))
        unknown = [w for w in wanted if w not in known]
        if not unknown:
            return {}
        candidates: dict[str, dict[str, int]] = {w: {} for w in unknown}
        # One typo can break every trigram of a short word ("teh"): try each word one edit
        # away instead.
        variants = {w: spelling.edits1(w) for w in unknown if len(w) <= 4}
        if variants:
            wanted_variants = sorted(set().union(*variants.values()))
            for term, count in session.execute(_COUNTS, {"terms": wanted_variants}):
                for word, near in variants.items():
                    if term in near:
                        candidates[word][term] = count
        fixes: dict[str, str] = {}
        pending = unknown
        # The most similar words by trigrams, at pg_trgm's own threshold first, then at a
        # lower one for the words still without a correction.
        for threshold in (None, SIMILARITY):
            with _similarity_threshold(session, threshold):
                rows = session.execute(_CANDIDATES, {"words": pending, "candidates": CANDIDATES})
                for word, term, count in rows:
                    candidates[word][term] = count
            for word in pending:
                best = spelling.closest(word, candidates[word])
                if best is not None:
                    fixes[word] = best
            pending = [w for w in pending if w not in fixes]
            if not pending:
                break
        return fixes


# -- helpers -------------------------------------------------------------------------------


def _settle(session: Session) -> None:
    """After a bulk write: move the GIN indexes' pending entries into the indexes proper
    (every search scans a pending list from end to end, and the planner prices it), and
    refresh the statistics the planner estimates matches with. Flushing needs to own the
    indexes; autovacuum does it otherwise."""
    for index in GIN_INDEXES:
        try:
            with session.begin_nested():
                session.execute(
                    text("SELECT gin_clean_pending_list(CAST(:i AS regclass))"), {"i": index}
                )
        except DBAPIError:
            log.warning("could not flush the pending list of %s", index, exc_info=True)
    session.execute(text("ANALYZE search_documents, search_terms"))


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


@contextmanager
def _similarity_threshold(session: Session, value: float | None) -> Iterator[None]:
    """pg_trgm's ``%`` threshold set to ``value`` (None: left alone) for a while, in this
    transaction only."""
    if value is None:
        yield
        return
    previous = session.scalar(text("SELECT current_setting('pg_trgm.similarity_threshold', true)"))
    session.execute(_SET_THRESHOLD, {"value": str(value)})
    yield
    session.execute(_SET_THRESHOLD, {"value": previous or "0.3"})


def _text(word: str) -> str:
    return word.replace("\x00", "")


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _names(docs: Sequence[documents.Document]) -> dict[int, str]:
    """Each document's tag and author names, ``FIELD_GAP`` between them."""
    return {d.article_id: FIELD_GAP.join((*d.tags, *d.authors)) for d in docs}


# A quoted lexeme in PostgreSQL's text form of a tsquery: quotes doubled, backslashes
# escaped.
_QUOTED_LEXEME = re.compile(r"'((?:[^'\\]|''|\\.)*)'")


def _in_title(tsquery: str) -> str:
    """The same tsquery over the headline's own lexemes (``TITLE_MARK`` and the lexeme)."""
    return _QUOTED_LEXEME.sub(lambda m: f"'{TITLE_MARK}{m.group(1)}'", tsquery)


def _constant(tsquery: str) -> ColumnElement[Any]:
    """A compiled tsquery (PostgreSQL's own output) bound back as a value: the tsquery
    input function parses it without normalising it again."""
    return cast(bindparam(None, tsquery, type_=Text), TSQUERY)


def _rank(q: ColumnElement[Any]) -> ColumnElement[Any]:
    rank = func.ts_rank_cd(literal_column(f"'{WEIGHTS}'::float4[]"), _documents.c.document, q)
    return cast(rank, Float)


def _freshness(now: datetime, published_at: ColumnElement[Any]) -> ColumnElement[Any]:
    """1 + FRESHNESS / (1 + age_days / FRESHNESS_DAYS), the age counted from ``now``."""
    seconds = func.extract("epoch", literal(now, UTCDateTime) - published_at)
    age = func.greatest(cast(seconds, Float) / 86400.0, 0.0)
    return 1.0 + FRESHNESS / (1.0 + age / FRESHNESS_DAYS)


def _like_prefix(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _matching(stmt: _S, q: ColumnElement[Any], now: datetime, filters: Filters) -> _S:
    """``stmt`` over the articles whose document matches ``q`` and ``filters``, visible
    at ``now``."""
    stmt = (
        stmt.select_from(_documents)
        .join(Article, Article.id == _documents.c.article_id)
        .where(_documents.c.document.op("@@")(q), live(now))
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
    if filters.date_from is not None:
        stmt = stmt.where(
            Article.published_at >= datetime.combine(filters.date_from, time(), tzinfo=UTC)
        )
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to, time(), tzinfo=UTC) + timedelta(days=1)
        stmt = stmt.where(Article.published_at < end)
    return stmt


def _snippet(body: str | None, standfirst: str | None) -> str:
    """The body around its best match; the standfirst when only that matches, or when
    the body has no match (a headline-only hit) but there is a standfirst."""
    body, standfirst = body or "", standfirst or ""
    if MARK_START in body or not standfirst:
        return body
    return standfirst
