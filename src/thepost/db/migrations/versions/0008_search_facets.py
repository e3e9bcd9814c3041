"""SQLite search: a ``facets`` column in ``search_fts`` holding each article's section
and publish year, quarter and month as tokens (``s12 y2026 q20264 m202611``, each led
by U+E001), so a section or date filter
is intersected inside the full-text index instead of checked match by match.

An FTS5 table cannot gain a column: the table is made anew and the index copied into it,
with the facets computed from the articles (the same tokens as
``search.backends.sqlite.facets.of``).

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

OPTIONS = "tokenize = 'porter unicode61 remove_diacritics 2', prefix = '2 3'"
COLUMNS = "title, standfirst, tags, authors, section, body"
MARK = "char(57345)"  # U+E001, which leads every facet token
FACETS = (
    f"trim(coalesce({MARK} || 's' || a.section_id || ' ', '') "
    f"|| coalesce({MARK} || 'y' || strftime('%Y', a.published_at) "
    f"|| ' ' || {MARK} || 'q' || strftime('%Y', a.published_at) "
    "|| ((CAST(strftime('%m', a.published_at) AS INTEGER) + 2) / 3) "
    f"|| ' ' || {MARK} || 'm' || strftime('%Y%m', a.published_at), ''))"
)


def _copy(columns: str, values: str) -> None:
    op.execute(f"CREATE VIRTUAL TABLE search_fts_new USING fts5({columns}, {OPTIONS})")
    op.execute(
        f"INSERT INTO search_fts_new (rowid, {columns}) "
        f"SELECT f.rowid, {values} FROM search_fts AS f "
        "LEFT JOIN articles AS a ON a.id = f.rowid ORDER BY f.rowid"
    )
    op.execute("DROP TABLE search_fts")
    op.execute("ALTER TABLE search_fts_new RENAME TO search_fts")
    op.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    values = ", ".join(f"f.{c}" for c in COLUMNS.split(", "))
    _copy(f"{COLUMNS}, facets", f"{values}, {FACETS}")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _copy(COLUMNS, ", ".join(f"f.{c}" for c in COLUMNS.split(", ")))
