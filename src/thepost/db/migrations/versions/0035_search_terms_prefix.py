"""PostgreSQL: the vocabulary's words found by their start through a B-tree.

Every search asks whether its last word is a vocabulary word and whether it starts a
longer one (``search.retries``), and a prefix looks up the most used words it starts
(``tsquery``). ``term LIKE 'nockmarkel%'`` could only be answered by the trigram index
(the database's collation is not "C", so the primary key's B-tree does not serve
``LIKE``): 4–5 ms at 100,000 articles, for every search. A B-tree with
``text_pattern_ops`` turns the pattern into a range of its keys. Nothing changes on
SQLite, whose vocabulary is FTS5's own.

Revision ID: 0035
Revises: 0034
"""

from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE INDEX ix_search_terms_prefix ON search_terms (term text_pattern_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_search_terms_prefix")
