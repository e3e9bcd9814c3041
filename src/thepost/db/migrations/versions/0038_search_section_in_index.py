"""PostgreSQL: the documents' section in the combined GIN index.

A search in one section (``search?section=sport``) read every match of its words from the
table and kept those of the section: for "safe" in Sport at 100,000 articles, 18,075
rows read for 2,220 kept, 9 ms of the statement's 17. With ``section_id`` a column of
``ix_search_documents_match`` (beside ``document``, ``pairs`` and ``published_at``), the
index intersects the section with the words and the time range in the same scan, and
only the section's matches are read. A search with no section does not look at the
new column. A separate B-tree on the section would not do: the planner takes it alone
and checks the words on each of the section's documents, read from TOAST (89 ms for
the same search).

Where ``btree_gin`` was missing when 0032 ran, the two plain GIN indexes stay as they
are. The index is built again in this migration's transaction: 4 minutes at 100,000
articles, while searches and saves wait. An index built beforehand while the site
serves (``CREATE INDEX CONCURRENTLY ix_search_documents_match4 ...``, ``docs/deploy.md``)
takes the old one's place instead, at once; so does one that already holds the section.
Nothing changes on SQLite.

Revision ID: 0038
Revises: 0037
"""

from alembic import op
from sqlalchemy import Connection, text

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

COMBINED = "ix_search_documents_match"
PREBUILT = "ix_search_documents_match4"  # built beforehand by hand (docs/deploy.md)
GIN_OPTIONS = "WITH (fastupdate = on, gin_pending_list_limit = 64)"
WITH_SECTION = "document, pairs, published_at, section_id"
WITHOUT = "document, pairs, published_at"


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql" or not _exists(connection, COMBINED):
        return  # SQLite, or no btree_gin: one GIN index per tsvector (0032)
    if _exists(connection, PREBUILT):
        connection.exec_driver_sql(f"DROP INDEX {COMBINED}")
        connection.exec_driver_sql(f"ALTER INDEX {PREBUILT} RENAME TO {COMBINED}")
    elif "section_id" not in _definition(connection, COMBINED):
        _build(connection, WITH_SECTION)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql" or not _exists(connection, COMBINED):
        return
    if "section_id" in _definition(connection, COMBINED):
        _build(connection, WITHOUT)


def _exists(connection: Connection, name: str) -> bool:
    return connection.scalar(text("SELECT to_regclass(:name)"), {"name": name}) is not None


def _definition(connection: Connection, name: str) -> str:
    found: str = connection.scalar(
        text("SELECT pg_get_indexdef(CAST(:name AS regclass))"), {"name": name}
    )
    return found


def _build(connection: Connection, columns: str) -> None:
    connection.exec_driver_sql(f"DROP INDEX {COMBINED}")
    connection.exec_driver_sql(
        f"CREATE INDEX {COMBINED} ON search_documents USING gin ({columns}) {GIN_OPTIONS}"
    )
    connection.exec_driver_sql("ANALYZE search_documents")
