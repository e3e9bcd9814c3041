"""SQLite FTS5 search backend.

Tables (migration 0002): ``search_fts`` is an FTS5 table (porter stemming, accents
folded) with one row per published or scheduled article, ``rowid`` = article id, and the
columns title, standfirst, tags, authors, section, body. ``search_terms`` counts how many
indexed documents use each vocabulary word (``Document.vocabulary``), and
``search_trigrams`` is an FTS5 trigram table over those words, for typo tolerance; its
rowid is a 63-bit hash of the word, so one word's row is found without a scan.

Compiling a query: every word is embedded as an FTS5 string (``"word"``), so nothing a
reader types is ever FTS5 syntax. Terms are ANDed; a phrase is ``"w1 w2"``; the prefix
is ``"pre" *``; exclusions follow as ``NOT "x"``. A query with only exclusions finds
nothing. The last word, which ``query.parse`` marks as a possible prefix, is searched
whole first and widened to a prefix only when the whole word finds fewer than ``FEW``
hits: a submitted query's last word is nearly always finished, and a prefix query has
FTS5 merge the postings of every word it starts (after stemming, "government" is
"govern*": most of the index). Suggestions (search-as-you-type) always use the prefix.

Ranking (lower is better, like FTS5's own)::

    rank = bm25(title=10, standfirst=5, tags=4, authors=4, section=2, body=1)
           * (1 + 0.3 / (1 + age_days / 30))

bm25 is negative, so the factor (1.3 for a story published now, 1.15 at a month, about
1.02 at a year) is a freshness boost of at most 30%: it breaks near-ties in favour of
recent stories without burying an old story that matches much better. ``Hit.score`` is
``-rank`` (higher is better). ``sort="newest"`` orders by publish time instead. For a
phrase, its words that the vocabulary knows also count towards bm25 (not towards what
matches), so the words in a headline still weigh.

Every search joins ``articles`` with the read-time visibility rule (``queries.live``),
so an unpublished story is never found and a scheduled one appears once its time has
passed, without reindexing.

Speed, and the total: a query ranks at most the ``WINDOW`` (1,000) latest visible
matches (by article id), which FTS5 walks newest first and stops at; the page is
ranked, limited and counted (``count(*) OVER ()``) in the same statement, and snippets
are made for that page alone. So no query scores more than ~1,000 documents however
common its words, and the total is exact up to 1,000; beyond it ``total`` is 1,000 and
``extra["total_capped"]`` is True ("1,000+"). Pages then run through the best of those
1,000; a reader narrows a broader query with words or filters. A filter keeping few
articles is a set of ids read from its own index and tested in memory as the match is
walked; a broader one is checked on each candidate's row. What remains
per query: bm25 weighs each word by how many documents hold it, which FTS5 counts by
walking that word's whole posting list (a few ms for a word in every document of
100,000), and phrases check positions in every document holding all their words.

Typo tolerance: a word the vocabulary does not know gets the ``CANDIDATES`` known words
sharing the most trigrams with it (plus, for words of up to 4 letters, whose trigrams a
single typo can all destroy, every known word one edit away); the closest by
Damerau-Levenshtein distance (at most 2, at most 1 for words of up to 4 letters) wins,
then the most used. A search that finds nothing is re-run with the corrections
(``Results.corrected``); one that finds fewer than ``FEW`` hits offers the corrected
query when that finds at least ``FEW`` times as many (``Results.suggestion``).
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    Subquery,
    and_,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.orm import Session

from thepost.content.models import (
    LIVE_STATUSES,
    Article,
    ArticleAuthor,
    Author,
    Tag,
    article_tags,
)
from thepost.content.queries import live
from thepost.search import documents, spelling
from thepost.search.backends.base import (
    MARK_END,
    MARK_START,
    Filters,
    Hit,
    Progress,
    Results,
    SearchBackend,
)
from thepost.search.query import Parsed

T = TypeVar("T")

# bm25 weights, in column order: title, standfirst, tags, authors, section, body.
WEIGHTS = (10.0, 5.0, 4.0, 4.0, 2.0, 1.0)
FRESHNESS = 0.3  # at most +30% for a story published just now...
FRESHNESS_DAYS = 30.0  # ...half of that at a month old
WINDOW = 1000  # results are ranked from the newest this many matches
SUGGEST_WINDOW = 300
NARROW = 8000  # a filter keeping fewer articles is applied as a set of ids
CANDIDATES = 50  # known words measured against a misspelling
FEW = 3  # fewer hits than this and a correction may be suggested
SNIPPET_TOKENS = 24
ELLIPSIS = "…"
CHUNK = 500  # ids or words per IN (...) list
_BODY, _STANDFIRST = 5, 1
_UNIX_EPOCH_JD = 2440587.5
_GAP = " \ue000 "  # a token (Unicode private use) that query.words never produces

_fts = table("search_fts", column("rowid", Integer))
_MATCH = text("search_fts MATCH :match")
# Joined to articles as "+search_fts.rowid": the unary plus keeps SQLite from probing the
# index once per live article (scanning ix_articles_live first); the match drives.
_FTS_ROWID = literal_column("+search_fts.rowid", Integer)
_BM25 = func.bm25(literal_column("search_fts"), *(literal_column(repr(w)) for w in WEIGHTS))

_INSERT_DOC = text(
    "INSERT INTO search_fts (rowid, title, standfirst, tags, authors, section, body) "
    "VALUES (:article_id, :title, :standfirst, :tags, :authors, :section, :body)"
)
_OLD_DOCS = text(
    "SELECT rowid, title, standfirst, tags, authors, section FROM search_fts WHERE rowid IN :ids"
).bindparams(bindparam("ids", expanding=True))
_DELETE_DOCS = text("DELETE FROM search_fts WHERE rowid IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_TERM_COUNTS = text("SELECT term, documents FROM search_terms WHERE term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)
_INSERT_TERM = text("INSERT INTO search_terms (term, documents) VALUES (:term, :documents)")
_UPDATE_TERM = text("UPDATE search_terms SET documents = :documents WHERE term = :term")
_DELETE_TERM = text("DELETE FROM search_terms WHERE term = :term")
_INSERT_TRIGRAM = text("INSERT INTO search_trigrams (rowid, term) VALUES (:rowid, :term)")
_DELETE_TRIGRAM = text("DELETE FROM search_trigrams WHERE rowid = :rowid")
# Known words sharing trigrams with a misspelling, those sharing the most (and rarest)
# first: only these few are measured by edit distance.
_CANDIDATES = text(
    "SELECT search_terms.term, search_terms.documents FROM ("
    "SELECT term FROM search_trigrams WHERE search_trigrams MATCH :match "
    "AND length(term) BETWEEN :shortest AND :longest ORDER BY rank LIMIT :many"
    ") AS shared JOIN search_terms ON search_terms.term = shared.term"
)
_SNIPPETS = text(
    "SELECT search_fts.rowid, "
    f"snippet(search_fts, {_BODY}, :start, :end, :ellipsis, {SNIPPET_TOKENS}), "
    f"snippet(search_fts, {_STANDFIRST}, :start, :end, :ellipsis, {SNIPPET_TOKENS}) "
    # One pass over the match between the lowest and highest id; "rowid IN (...)" alone
    # would have FTS5 set the whole query up again (prefixes expanded...) for each id.
    "FROM search_fts WHERE search_fts MATCH :match "
    "AND search_fts.rowid BETWEEN :low AND :high AND +search_fts.rowid IN :ids"
).bindparams(bindparam("ids", expanding=True))


class SqliteSearch(SearchBackend):
    name = "sqlite"

    # -- writing -----------------------------------------------------------------------------

    def index(self, session: Session, article_ids: Sequence[int]) -> None:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return
        delta: Counter[str] = Counter()
        for chunk in _chunks(ids, CHUNK):
            for row in session.execute(_OLD_DOCS, {"ids": chunk}):
                title, standfirst, tags, authors, section = (v or "" for v in row[1:])
                old = documents.Document(row[0], title, standfirst, tags, authors, section, "")
                delta.subtract(old.vocabulary())
            session.execute(_DELETE_DOCS, {"ids": chunk})
            new = documents.load(session, chunk)
            if new:
                session.execute(_INSERT_DOC, _rows(session, new))
                delta.update(documents.vocabulary_counts(new))
        self._apply(session, {t: n for t, n in delta.items() if n})

    def _apply(self, session: Session, delta: dict[str, int]) -> None:
        """Add ``delta`` to the vocabulary counts; words reaching 0 leave the vocabulary
        and the trigram table, words leaving 0 join both."""
        if not delta:
            return
        current: dict[str, int] = {}
        for chunk in _chunks(sorted(delta), CHUNK):
            current.update(((t, n) for t, n in session.execute(_TERM_COUNTS, {"terms": chunk})))
        counts = {t: max(current.get(t, 0) + change, 0) for t, change in delta.items()}
        changed = [t for t, n in counts.items() if n != current.get(t, 0)]
        gone = [t for t in changed if counts[t] == 0]
        new = [t for t in changed if counts[t] and not current.get(t)]
        kept = [t for t in changed if counts[t] and current.get(t)]
        if gone:
            session.execute(_DELETE_TERM, [{"term": t} for t in gone])
            session.execute(_DELETE_TRIGRAM, [{"rowid": _term_id(t)} for t in gone])
        if kept:
            session.execute(_UPDATE_TERM, [{"term": t, "documents": counts[t]} for t in kept])
        if new:
            session.execute(_INSERT_TERM, [{"term": t, "documents": counts[t]} for t in new])
            session.execute(_INSERT_TRIGRAM, [{"rowid": _term_id(t), "term": t} for t in new])

    def rebuild(
        self, session: Session, *, progress: Progress | None = None, batch: int = 500
    ) -> int:
        batch = max(1, batch)
        _recreate(session, ("search_fts", "search_trigrams"))
        session.execute(text("DELETE FROM search_terms"))
        ids = list(
            session.scalars(
                select(Article.id).where(Article.status.in_(LIVE_STATUSES)).order_by(Article.id)
            )
        )
        counts: Counter[str] = Counter()
        done = 0
        for chunk in _chunks(ids, batch):
            docs = documents.load(session, chunk)
            if docs:
                session.execute(_INSERT_DOC, _rows(session, docs))
                counts.update(documents.vocabulary_counts(docs))
            done += len(docs)
            if progress is not None:
                progress(done)
        if counts:
            terms = sorted(counts)
            session.execute(_INSERT_TERM, [{"term": t, "documents": counts[t]} for t in terms])
            session.execute(_INSERT_TRIGRAM, [{"rowid": _term_id(t), "term": t} for t in terms])
        # Merge the index's segments into one b-tree: queries read fewer pages.
        session.execute(text("INSERT INTO search_fts (search_fts) VALUES ('optimize')"))
        session.execute(text("INSERT INTO search_trigrams (search_trigrams) VALUES ('optimize')"))
        # Statistics let the planner look articles up through a covering index (when the
        # schema has one) instead of reading each article's row, long bodies and all.
        session.execute(text("ANALYZE articles"))
        session.execute(text("ANALYZE search_terms"))
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
        where = _conditions(session, now, filters)
        run = functools.partial(
            self._search, session, now=now, where=where, sort=sort, limit=limit, offset=offset
        )
        found = _whole_first(run, query)
        if found.total >= FEW or query.empty:
            return found
        fixes = self._fixes(session, query)
        if not fixes:
            return found
        fixed = query.replace(fixes)
        if found.total == 0:
            retry = _whole_first(run, fixed)
            if retry.total:
                retry.corrected = fixed
                return retry
            return found
        more = self._count(session, _match(_whole(fixed)), now, where)
        if more >= max(FEW, FEW * found.total):
            found.suggestion = fixed
        return found

    def _search(
        self,
        session: Session,
        query: Parsed,
        *,
        now: datetime,
        where: list[ColumnElement[bool]],
        sort: str,
        limit: int,
        offset: int,
    ) -> Results:
        match = _match(query)
        if match is None:
            return Results([], 0)
        offset = max(0, offset)
        window = _window(now, where, WINDOW + 1)
        rank = _rank(window.c.score, window.c.published_at, now)
        order = (
            (window.c.published_at.desc(), window.c.id.desc())
            if sort == "newest"
            else (rank, window.c.id.desc())
        )
        page = (
            select(window.c.id, rank, func.count().over().label("total"))
            .order_by(*order)
            .limit(max(0, limit))
            .offset(offset)
        )
        extras = _known(session, [w for p in query.phrases for w in p]) if query.phrases else set()
        rows = session.execute(page, {"match": _match(query, extras=extras)}).all()
        if rows:
            found = int(rows[0][2])
        elif offset == 0 and limit > 0:
            found = 0
        else:  # past the last page, or a zero limit: no row to read the total from
            found = self._count(session, match, now, where)
        total, capped = min(found, WINDOW), found > WINDOW
        snippets = _snippets(session, match, [row[0] for row in rows])
        hits = [
            Hit(article_id=article_id, score=-float(r), snippet=snippets.get(article_id, ""))
            for article_id, r, _ in rows
        ]
        return Results(hits, total, extra={"total_capped": True} if capped else {})

    def _count(
        self, session: Session, match: str | None, now: datetime, where: list[ColumnElement[bool]]
    ) -> int:
        """How many visible articles match, counting no further than ``WINDOW + 1``."""
        if match is None:
            return 0
        window = _window(now, where, WINDOW + 1)
        return session.scalar(select(func.count()).select_from(window), {"match": match}) or 0

    def suggest(
        self, session: Session, query: Parsed, *, now: datetime, limit: int = 5
    ) -> list[int]:
        words = [*query.terms, *(w for p in query.phrases for w in p)]
        parts = [_string(w) for w in words if w]
        if query.prefix:
            parts.append(_string(query.prefix) + " *")
        if not parts or limit <= 0:
            return []
        match = "{title} : (" + " AND ".join(parts) + ")"
        match += "".join(f" NOT {_string(w)}" for w in query.excluded if w)
        window = _window(now, [], SUGGEST_WINDOW)
        rank = _rank(window.c.score, window.c.published_at, now)
        stmt = select(window.c.id).order_by(rank, window.c.id.desc()).limit(limit)
        return list(session.scalars(stmt, {"match": match}))

    # -- typo tolerance ----------------------------------------------------------------------

    def corrections(self, session: Session, words: Sequence[str]) -> dict[str, str]:
        wanted = [
            w for w in dict.fromkeys(words) if len(w) >= 3 and w.isalnum() and not w.isdigit()
        ]
        if not wanted:
            return {}
        known = _known(session, wanted)
        fixes = {}
        for word in wanted:
            if word in known:
                continue
            best = _closest(session, word)
            if best is not None:
                fixes[word] = best
        return fixes

    def _fixes(self, session: Session, query: Parsed) -> dict[str, str]:
        """Corrections for the query's words; an unfinished last word is left alone when
        some known word starts with it."""
        words = [*query.terms, *(w for p in query.phrases for w in p)]
        if query.prefix and not _starts_a_word(session, query.prefix):
            words.append(query.prefix)
        return self.corrections(session, words)


# -- helpers -------------------------------------------------------------------------------


def _whole(query: Parsed) -> Parsed:
    """``query`` with its last word taken as finished."""
    if not query.prefix:
        return query
    words = list(dict.fromkeys([*query.terms, query.prefix]))
    return Parsed(words, query.phrases, query.excluded)


def _whole_first(run: Callable[[Parsed], Results], query: Parsed) -> Results:
    """Results for ``query``, its last word looked for whole first. That word is most
    likely finished, and a prefix costs a merge of every word it starts (for a common
    stem, most of the index); it is widened to a prefix only when the whole word finds
    fewer than ``FEW`` hits."""
    if not query.prefix:
        return run(query)
    found = run(_whole(query))
    if found.total < FEW:
        widened = run(query)
        if widened.total > found.total:
            return widened
    return found


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _rows(session: Session, docs: Sequence[documents.Document]) -> list[dict[str, Any]]:
    """search_fts rows for ``docs``. Tag and author names are kept apart by a token no
    query can contain (private use), so a phrase never runs from one name into the next:
    "budget council" does not match the tags Budget and Council."""
    ids = [d.article_id for d in docs]
    tags: dict[int, list[str]] = {}
    authors: dict[int, list[str]] = {}
    tag_rows = session.execute(
        select(article_tags.c.article_id, Tag.name)
        .join(Tag, Tag.id == article_tags.c.tag_id)
        .where(article_tags.c.article_id.in_(ids))
    )
    for article_id, name in tag_rows:
        tags.setdefault(article_id, []).append(name)
    author_rows = session.execute(
        select(ArticleAuthor.article_id, Author.name)
        .join(Author, Author.id == ArticleAuthor.author_id)
        .where(ArticleAuthor.article_id.in_(ids))
        .order_by(ArticleAuthor.article_id, ArticleAuthor.position)
    )
    for article_id, name in author_rows:
        authors.setdefault(article_id, []).append(name)
    return [
        {
            "article_id": d.article_id,
            "title": d.title,
            "standfirst": d.standfirst,
            "tags": _apart(d.tags, tags.get(d.article_id, [])),
            "authors": _apart(d.authors, authors.get(d.article_id, [])),
            "section": d.section,
            "body": d.body,
        }
        for d in docs
    ]


def _apart(joined: str, names: list[str]) -> str:
    """``names`` with a gap token between them, when they are what ``joined`` holds (in
    any order); otherwise ``joined`` as the document gave it."""
    if sorted(joined.split(" ")) != sorted(" ".join(names).split(" ")):
        return joined
    return _GAP.join(names)


def _term_id(term: str) -> int:
    """A stable 63-bit rowid for a vocabulary word in ``search_trigrams``."""
    digest = hashlib.blake2b(term.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1


def _recreate(session: Session, names: Iterable[str]) -> None:
    """Drop and create these tables again from their own DDL: emptying a large FTS5 table
    with DELETE would un-index every row one by one."""
    for name in names:
        ddl = session.scalar(
            text("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :name"),
            {"name": name},
        )
        if ddl is None:
            raise RuntimeError(f"{name} is missing: run the migrations")
        connection = session.connection()
        connection.exec_driver_sql(f'DROP TABLE "{name}"')
        connection.exec_driver_sql(str(ddl))  # as stored: no bind parameters to parse


def _string(word: str) -> str:
    """An FTS5 string: never syntax, whatever it holds."""
    return '"' + word.replace('"', '""') + '"'


def _match(query: Parsed, *, extras: Iterable[str] = ()) -> str | None:
    """The FTS5 MATCH expression for a parsed query, or None when it cannot match.

    ``extras`` (for ranking: the words of the phrases that the vocabulary knows, i.e. that
    stand in some headline, standfirst, tag, byline or section) are added as optional:
    they do not change what matches, but bm25 then also counts each word where it stands
    apart, so a story with both words in its headline beats one with only the phrase in
    its body. Words the vocabulary lacks could only add body matches, and a common one
    ("of") would cost a pass over most of the index for its bm25 weight."""
    parts = [_string(t) for t in query.terms if t]
    parts += [_string(" ".join(p)) for p in query.phrases if p]
    if query.prefix:
        parts.append(_string(query.prefix) + " *")
    if not parts:
        return None  # nothing positive: FTS5 cannot start with NOT
    wanted = [w for w in dict.fromkeys(w for p in query.phrases for w in p) if w in extras]
    if wanted:
        parts.append("(" + " OR ".join(_string(w) for w in wanted) + ")")
    expression = "(" + " AND ".join(parts) + ")"
    return expression + "".join(f" NOT {_string(w)}" for w in query.excluded if w)


def _julian_day(moment: datetime) -> float:
    return moment.timestamp() / 86400.0 + _UNIX_EPOCH_JD


def _rank(
    score: ColumnElement[float], published_at: ColumnElement[Any], now: datetime
) -> ColumnElement[float]:
    """bm25 (negative: lower is better) scaled up by at most FRESHNESS for new stories."""
    age = func.max(_julian_day(now) - func.julianday(published_at), 0.0)
    return (score * (1.0 + FRESHNESS / (1.0 + age / FRESHNESS_DAYS))).label("rank")


def _window(now: datetime, where: list[ColumnElement[bool]], size: int) -> Subquery:
    """The latest ``size`` visible articles (by id) matching ``:match`` and ``where``,
    with their bm25 scores: the candidates a page of results is ranked from. FTS5 walks
    the match newest first and stops there, so no query costs more than ``size`` scores,
    however common its words."""
    columns = select(
        Article.id.label("id"),
        Article.published_at.label("published_at"),
        _BM25.label("score"),
    )
    return (
        columns.select_from(_fts)
        .join(Article, Article.id == _FTS_ROWID)
        .where(_MATCH, live(now), *where)
        .order_by(_fts.c.rowid.desc())
        .limit(size)
        .subquery("candidates")
    )


def _conditions(session: Session, now: datetime, filters: Filters) -> list[ColumnElement[bool]]:
    """``filters`` as conditions on the match. A filter that keeps fewer than ``NARROW``
    articles becomes a set of their ids, read once from its own index and tested in
    memory as the match is walked (for a small section, most of a common word's matches
    are walked); a broader one is checked on each candidate's row, which the walk soon
    stops at."""
    where: list[ColumnElement[bool]] = []
    on_article: list[ColumnElement[bool]] = []
    if filters.section_id is not None:
        on_article.append(Article.section_id == filters.section_id)
    if filters.date_from is not None:
        start = datetime.combine(filters.date_from, time(), tzinfo=UTC)
        on_article.append(Article.published_at >= start)
    if filters.date_to is not None:
        end = datetime.combine(filters.date_to, time(), tzinfo=UTC) + timedelta(days=1)
        on_article.append(Article.published_at < end)
    if on_article:
        # correlate(None): a set of its own, not tied to the outer query's row.
        ids = select(Article.id).where(live(now), *on_article).correlate(None)
        where.append(_FTS_ROWID.in_(ids) if _few(session, ids) else and_(*on_article))
    if filters.tag_id is not None:
        tag = article_tags.c.tag_id == filters.tag_id
        tagged = select(article_tags.c.article_id).where(tag).correlate(None)
        where.append(
            _FTS_ROWID.in_(tagged)
            if _few(session, tagged)
            else exists().where(article_tags.c.article_id == Article.id, tag)
        )
    if filters.author_id is not None:
        author = ArticleAuthor.author_id == filters.author_id
        bylined = select(ArticleAuthor.article_id).where(author).correlate(None)
        where.append(
            _FTS_ROWID.in_(bylined)
            if _few(session, bylined)
            else exists().where(ArticleAuthor.article_id == Article.id, author)
        )
    return where


def _few(session: Session, ids: Select[int]) -> bool:
    """Whether ``ids`` holds fewer than ``NARROW`` rows (counting no further)."""
    probe = select(func.count()).select_from(ids.limit(NARROW).subquery())
    return (session.scalar(probe) or 0) < NARROW


def _snippets(session: Session, match: str, article_ids: Sequence[int]) -> dict[int, str]:
    """For each article, the body around its best match; the standfirst when only that
    matches there; for a headline-only match, the standfirst (or the body's start)."""
    if not article_ids:
        return {}
    params = {
        "match": match,
        "ids": list(article_ids),
        "low": min(article_ids),
        "high": max(article_ids),
        "start": MARK_START,
        "end": MARK_END,
        "ellipsis": ELLIPSIS,
    }
    found = {}
    for article_id, body, standfirst in session.execute(_SNIPPETS, params):
        body, standfirst = body or "", standfirst or ""
        found[article_id] = body if MARK_START in body or not standfirst else standfirst
    return found


def _known(session: Session, words: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(list(words), CHUNK):
        found.update(t for t, _ in session.execute(_TERM_COUNTS, {"terms": chunk}))
    return found


def _starts_a_word(session: Session, prefix: str) -> bool:
    stmt = text("SELECT 1 FROM search_terms WHERE term >= :low AND term < :high LIMIT 1")
    return session.scalar(stmt, {"low": prefix, "high": prefix + "\U0010ffff"}) is not None


def _closest(session: Session, word: str) -> str | None:
    limit = spelling.limit_for(word)
    candidates: dict[str, int] = {}
    trigrams = list(dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2)))
    if trigrams:
        match = " OR ".join(_string(t) for t in trigrams)
        params = {
            "match": match,
            "shortest": len(word) - limit,
            "longest": len(word) + limit,
            "many": CANDIDATES,
        }
        candidates.update(((t, n) for t, n in session.execute(_CANDIDATES, params)))
    if len(word) <= 4:
        # One typo can break every trigram of a short word ("teh"): try each word one
        # edit away instead.
        variants = sorted(v for v in spelling.edits1(word) if len(v) >= 3)
        for chunk in _chunks(variants, CHUNK):
            candidates.update(((t, n) for t, n in session.execute(_TERM_COUNTS, {"terms": chunk})))
    return spelling.closest(word, candidates)
