"""Writing the FTS5 index: one row per published or scheduled article, in the caller's
transaction, and the vocabulary counts kept in step. An article's facets (its section and
publish month) are written with it, so a change of section or publish time, which
reindexes the article, moves them too. So are its word pairs (``pairs``): the old ones,
which a contentless table needs to remove a row, are made again from the text
``search_fts`` held."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from thepost.search import documents
from thepost.search.backends.base import Progress, chunks
from thepost.search.backends.sqlite import facets, pairs, vocabulary
from thepost.search.backends.sqlite.vocabulary import CHUNK

# Between tag and author names: a token (Unicode private use) that query.words never
# produces, so a phrase never runs from one name into the next.
GAP = " \ue000 "

_INSERT_DOC = text(
    "INSERT INTO search_fts (rowid, title, standfirst, tags, authors, section, body, facets) "
    "VALUES (:article_id, :title, :standfirst, :tags, :authors, :section, :body, :facets)"
)
_OLD_DOCS = text(
    "SELECT rowid, title, standfirst, tags, authors, section, body, facets FROM search_fts "
    "WHERE rowid IN :ids"
).bindparams(bindparam("ids", expanding=True))
_INSERT_PAIRS = text(pairs.INSERT)
_DELETE_PAIRS = text(pairs.DELETE)
_DELETE_DOCS = text("DELETE FROM search_fts WHERE rowid IN :ids").bindparams(
    bindparam("ids", expanding=True)
)


def index(session: Session, article_ids: Sequence[int]) -> None:
    """(Re)index these articles; those no longer published or scheduled are removed."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return
    delta: Counter[str] = Counter()
    for chunk in chunks(ids, CHUNK):
        old = session.execute(_OLD_DOCS, {"ids": chunk}).all()
        for row in old:
            title, standfirst, tags, authors, section = (v or "" for v in row[1:6])
            was = documents.Document(row[0], title, standfirst, (tags,), (authors,), section, "")
            delta.subtract(was.vocabulary())
        if old:
            made = pairs.of([(row[0], *(v or "" for v in row[1:7])) for row in old])
            session.execute(
                _DELETE_PAIRS, [pairs.row(row[0], made[row[0]], row[7] or "") for row in old]
            )
        session.execute(_DELETE_DOCS, {"ids": chunk})
        new = documents.load(session, chunk)
        if new:
            _insert(session, new)
            delta.update(documents.vocabulary_counts(new))
    vocabulary.apply(session, {t: n for t, n in delta.items() if n})


def rebuild(session: Session, *, progress: Progress | None = None, batch: int = 500) -> int:
    """Drop and rebuild the whole index; returns the number of documents."""
    _recreate(session, ("search_fts", pairs.TABLE, "search_trigrams"))
    session.execute(text("DELETE FROM search_terms"))
    counts: Counter[str] = Counter()
    done = 0
    for docs in documents.every(session, batch):
        if docs:
            _insert(session, docs)
            counts.update(documents.vocabulary_counts(docs))
        done += len(docs)
        if progress is not None:
            progress(done)
    vocabulary.insert(session, dict(counts))
    # Merge the index's segments into one b-tree: queries read fewer pages.
    for table in ("search_fts", pairs.TABLE):
        session.execute(text(f"INSERT INTO {table} ({table}) VALUES ('optimize')"))
    session.execute(text("INSERT INTO search_trigrams (search_trigrams) VALUES ('optimize')"))
    # Statistics let the planner look articles up through a covering index (when the
    # schema has one) instead of reading each article's row, long bodies and all.
    session.execute(text("ANALYZE articles"))
    session.execute(text("ANALYZE search_terms"))
    return done


def _insert(session: Session, docs: Sequence[documents.Document]) -> None:
    rows = [_row(d) for d in docs]
    session.execute(_INSERT_DOC, rows)
    made = pairs.of([(r["article_id"], *(r[c] for c in pairs.COLUMNS)) for r in rows])
    session.execute(
        _INSERT_PAIRS,
        [pairs.row(r["article_id"], made[r["article_id"]], r["facets"]) for r in rows],
    )


def _row(d: documents.Document) -> dict[str, Any]:
    return {
        "article_id": d.article_id,
        "title": d.title,
        "standfirst": d.standfirst,
        "tags": GAP.join(d.tags),
        "authors": GAP.join(d.authors),
        "section": d.section,
        "body": d.body,
        "facets": facets.of(d.section_id, d.published_at),
    }


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
