"""Writing the FTS5 index: one row per published or scheduled article, in the caller's
transaction, and the vocabulary counts kept in step.

An article's text as written goes to ``search_fts_texts`` (with its language and facets),
which ``search_fts`` reads as its content; the index itself is given the text analysed
(``analysis``), and so are the word pairs (``pairs``). Removing a row from the index, or
from the contentless pairs table, needs the tokens it was written with: they are made
again from the text ``search_fts_texts`` kept, in the language kept with it. An
article's facets (its section, publish month and, for a translation, its language) are
written with it, so a change of section, publish time or language, which reindexes the
article, moves them too.

FTS5's own ``'rebuild'`` and ``'integrity-check'`` commands would tokenize the content
as written, unstemmed: this index is rebuilt by ``rebuild`` here, never by those.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from thepost.search import documents, state
from thepost.search.backends.base import Progress, chunks
from thepost.search.backends.sqlite import analysis, facets, pairs, vocabulary
from thepost.search.backends.sqlite.vocabulary import CHUNK

# Between tag and author names: a token (Unicode private use) that query.words never
# produces, so a phrase never runs from one name into the next.
GAP = " \ue000 "
TEXTS = "search_fts_texts"  # search_fts's content: the text as written (migration 0030)

_COLUMNS = (*analysis.COLUMNS, "facets")
_NAMES = ", ".join(_COLUMNS)
_VALUES = ", ".join(f":{c}" for c in _COLUMNS)
_INSERT_TEXTS = text(
    f"INSERT INTO {TEXTS} (article_id, language, {_NAMES}) "
    f"VALUES (:article_id, :language, {_VALUES})"
)
_OLD_TEXTS = text(
    f"SELECT article_id, language, {_NAMES} FROM {TEXTS} WHERE article_id IN :ids"
).bindparams(bindparam("ids", expanding=True))
_DELETE_TEXTS = text(f"DELETE FROM {TEXTS} WHERE article_id IN :ids").bindparams(
    bindparam("ids", expanding=True)
)
_INSERT_DOC = text(f"INSERT INTO search_fts (rowid, {_NAMES}) VALUES (:rowid, {_VALUES})")
# An external-content row is removed by giving back the tokens it was indexed with.
_DELETE_DOC = text(
    f"INSERT INTO search_fts (search_fts, rowid, {_NAMES}) VALUES ('delete', :rowid, {_VALUES})"
)
_INSERT_PAIRS = text(pairs.INSERT)
_DELETE_PAIRS = text(pairs.DELETE)


def index(session: Session, article_ids: Sequence[int]) -> None:
    """(Re)index these articles; those no longer published or scheduled are removed."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return
    own = state.indexing_language(session)
    delta: Counter[str] = Counter()
    for chunk in chunks(ids, CHUNK):
        old = [dict(row._mapping) for row in session.execute(_OLD_TEXTS, {"ids": chunk})]
        for row in old:
            delta.subtract(_vocabulary(row))
        if old:
            analysed = _analysed(old)
            session.execute(_DELETE_DOC, [doc for doc, _ in analysed])
            session.execute(_DELETE_PAIRS, [made for _, made in analysed])
            session.execute(_DELETE_TEXTS, {"ids": chunk})
        new = documents.load(session, chunk, own=own)
        if new:
            _insert(session, [_texts(d, own) for d in new])
            delta.update(documents.vocabulary_counts(new))
    vocabulary.apply(session, {t: n for t, n in delta.items() if n})


def rebuild(session: Session, *, progress: Progress | None = None, batch: int = 500) -> int:
    """Drop and rebuild the whole index, in the site's language; returns the number of
    documents."""
    empty(session)
    own = state.site_language(session)
    counts: Counter[str] = Counter()
    done = 0
    for docs in documents.every(session, batch, own=own):
        if docs:
            _insert(session, [_texts(d, own) for d in docs])
            counts.update(documents.vocabulary_counts(docs))
        done += len(docs)
        if progress is not None:
            progress(done)
    vocabulary.insert(session, dict(counts))
    state.record(session, own)
    state.rebuilt(session)  # whole: a rebuild stopped half-way has nothing left to do
    settle(session)
    return done


def empty(session: Session) -> None:
    """Empty the index and the vocabulary."""
    _recreate(session, ("search_fts", TEXTS, pairs.TABLE, "search_trigrams"))
    session.execute(text("DELETE FROM search_terms"))


def settle(session: Session) -> None:
    """After a bulk write: merge the index's segments and refresh the statistics."""
    # Merge the index's segments into one b-tree: queries read fewer pages.
    for table in ("search_fts", pairs.TABLE):
        session.execute(text(f"INSERT INTO {table} ({table}) VALUES ('optimize')"))
    session.execute(text("INSERT INTO search_trigrams (search_trigrams) VALUES ('optimize')"))
    # Statistics let the planner look articles up through a covering index (when the
    # schema has one) instead of reading each article's row, long bodies and all.
    session.execute(text("ANALYZE articles"))
    session.execute(text("ANALYZE search_terms"))


def _texts(d: documents.Document, own: str) -> dict[str, Any]:
    """A document as ``search_fts_texts`` keeps it."""
    return {
        "article_id": d.article_id,
        "language": d.language,
        "title": d.title,
        "standfirst": d.standfirst,
        "tags": GAP.join(d.tags),
        "authors": GAP.join(d.authors),
        "section": d.section,
        "body": d.body,
        "facets": facets.of(d.section_id, d.published_at, "" if d.language == own else d.language),
    }


def _vocabulary(row: dict[str, Any]) -> set[str]:
    """The vocabulary words of a document as ``search_fts_texts`` kept it."""
    kept = documents.Document(
        article_id=row["article_id"],
        title=row["title"],
        standfirst=row["standfirst"],
        tags=(row["tags"],),
        authors=(row["authors"],),
        section=row["section"],
        body="",
    )
    return kept.vocabulary()


def _analysed(rows: Sequence[dict[str, Any]]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """For each row of ``search_fts_texts``, the parameters that index it in
    ``search_fts`` and in the pairs table (or remove it from them)."""
    tokens = analysis.documents(
        [(row["language"], *(row[c] for c in analysis.COLUMNS)) for row in rows]
    )
    made = []
    for row, found in zip(rows, tokens, strict=True):
        indexed = {c: " ".join(found[c]) for c in analysis.COLUMNS}
        made.append(
            (
                {"rowid": row["article_id"], **indexed, "facets": row["facets"]},
                pairs.row(row["article_id"], pairs.of(found), row["facets"]),
            )
        )
    return made


def _insert(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    session.execute(_INSERT_TEXTS, rows)
    analysed = _analysed(rows)
    session.execute(_INSERT_DOC, [doc for doc, _ in analysed])
    session.execute(_INSERT_PAIRS, [made for _, made in analysed])


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
