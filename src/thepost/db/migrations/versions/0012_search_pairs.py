"""SQLite search: ``search_pairs``, a contentless FTS5 table of adjacent word pairs that
finds quoted phrases (``search.backends.sqlite.pairs``), filled from the text
``search_fts`` holds. The pairs are made by the same code that writes them at publish
time, so that removing a row later gives back exactly the tokens it was written with.
And ``search_fts_rows``, an ``fts5vocab`` table telling how many documents hold a word
(``search.backends.sqlite.counts``).

Revision ID: 0012
Revises: 0011
"""

from alembic import op
from sqlalchemy import text

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    from thepost.search.backends.sqlite import counts, pairs

    op.execute(counts.CREATE)
    op.execute(pairs.CREATE)
    connection = op.get_bind()
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
        made = pairs.of([tuple(row[:7]) for row in rows])
        connection.execute(
            text(pairs.INSERT),
            [pairs.row(row[0], made[row[0]], row[7]) for row in rows],
        )
        after = rows[-1][0]
    op.execute(f"INSERT INTO {pairs.TABLE} ({pairs.TABLE}) VALUES ('optimize')")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE search_pairs")
    op.execute("DROP TABLE search_fts_rows")
