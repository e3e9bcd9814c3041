"""SQLite search: ``search_pairs``, a contentless FTS5 table of adjacent word pairs that
finds quoted phrases (``search.backends.sqlite.pairs``), filled from the text
``search_fts`` holds. And ``search_fts_rows``, an ``fts5vocab`` table telling how many
documents hold a word (``search.backends.sqlite.counts``).

The pairs are made here as ``pairs.of`` made them when this migration was written (the
code is copied, so the migration keeps doing what it did): removing a row later makes its
pairs again, and must give back exactly the tokens it was written with. A change to how
pairs are made needs a migration that refills ``search_pairs``.

Revision ID: 0012
Revises: 0011
"""

import sqlite3
from collections.abc import Sequence
from typing import Any

from alembic import op
from sqlalchemy import text

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BATCH = 500
COLUMNS = ("title", "standfirst", "tags", "authors", "section", "body")
JOIN = "\ue002"  # between the two tokens of a pair: a character no token holds

CREATE_ROWS = "CREATE VIRTUAL TABLE search_fts_rows USING fts5vocab(search_fts, row)"
CREATE_PAIRS = (
    "CREATE VIRTUAL TABLE search_pairs USING fts5(title, standfirst, tags, authors, section, "
    "body, facets, content = '', tokenize = 'unicode61 remove_diacritics 0')"
)
INSERT_PAIRS = (
    "INSERT INTO search_pairs (rowid, title, standfirst, tags, authors, section, body, facets) "
    "VALUES (:rowid, :title, :standfirst, :tags, :authors, :section, :body, :facets)"
)
# search_fts's own tokenizer (migration 0002), on a private in-memory database.
TOKENIZER = (
    "CREATE VIRTUAL TABLE doc USING fts5(title, standfirst, tags, authors, section, body, "
    "content = '', tokenize = 'porter unicode61 remove_diacritics 2')"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(CREATE_ROWS)
    op.execute(CREATE_PAIRS)
    connection = op.get_bind()
    tokenizer = sqlite3.connect(":memory:", isolation_level=None)
    try:
        tokenizer.execute(TOKENIZER)
        tokenizer.execute("CREATE VIRTUAL TABLE tokens USING fts5vocab(doc, instance)")
        after = -1
        while True:
            rows = connection.execute(
                text(
                    "SELECT rowid, title, standfirst, tags, authors, section, body, facets "
                    "FROM search_fts WHERE rowid > :after ORDER BY rowid LIMIT :batch"
                ),
                {"after": after, "batch": BATCH},
            ).all()
            if not rows:
                break
            made = _pairs(tokenizer, [tuple(row[:7]) for row in rows])
            connection.execute(
                text(INSERT_PAIRS),
                [{"rowid": row[0], **made[row[0]], "facets": row[7]} for row in rows],
            )
            after = rows[-1][0]
    finally:
        tokenizer.close()
    op.execute("INSERT INTO search_pairs (search_pairs) VALUES ('optimize')")


def _pairs(
    tokenizer: sqlite3.Connection, documents: Sequence[Sequence[Any]]
) -> dict[int, dict[str, str]]:
    """The pairs of each document, given as (rowid, title, standfirst, tags, authors,
    section, body): column name to its tokens' adjacent pairs, space-separated."""
    tokenizer.execute("BEGIN")
    try:
        tokenizer.executemany(
            "INSERT INTO doc (rowid, title, standfirst, tags, authors, section, body) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            documents,
        )
        placed: dict[tuple[int, str], dict[int, str]] = {}
        for doc, col, offset, term in tokenizer.execute(
            'SELECT doc, col, "offset", term FROM tokens'
        ).fetchall():
            placed.setdefault((doc, col), {})[offset] = term
    finally:
        tokenizer.execute("INSERT INTO doc (doc) VALUES ('delete-all')")
        tokenizer.execute("COMMIT")
    made: dict[int, dict[str, str]] = {row[0]: dict.fromkeys(COLUMNS, "") for row in documents}
    for (doc, col), at in placed.items():
        tokens = [at[i] for i in range(len(at))]
        made[doc][col] = " ".join(a + JOIN + b for a, b in zip(tokens, tokens[1:], strict=False))
    return made


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE search_pairs")
    op.execute("DROP TABLE search_fts_rows")
