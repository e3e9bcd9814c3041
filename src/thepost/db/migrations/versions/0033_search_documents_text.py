"""PostgreSQL's search documents stop copying the article's text.

``search_documents`` kept the headline and the body as written beside each document:
the headline was never read again (the document holds its lexemes), and the body, read
for the snippets of a results page, is the article's own ``body_text`` for every story
but a live blog (whose body is followed by its newest entries). ``title`` goes, and
``body`` is kept only where it differs from the article's ``body_text``; snippets read
``coalesce(body, articles.body_text)``. The copies already written stay until the
documents are written again (``thepost reindex`` writes every one anew): rewriting every
row here would rewrite its index entries too. Nothing changes on SQLite, whose index
needs the text it was written with to take a document out (``search_fts_texts``).

Revision ID: 0033
Revises: 0032
"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.drop_column("search_documents", "title")
    op.alter_column("search_documents", "body", nullable=True)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name != "postgresql":
        return
    op.add_column("search_documents", sa.Column("title", sa.Text()))
    connection.exec_driver_sql(
        "UPDATE search_documents AS d SET title = a.title, body = coalesce(d.body, a.body_text) "
        "FROM articles AS a WHERE a.id = d.article_id"
    )
    op.alter_column("search_documents", "title", nullable=False)
    op.alter_column("search_documents", "body", nullable=False)
