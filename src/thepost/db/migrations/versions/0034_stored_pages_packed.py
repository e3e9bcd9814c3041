"""Stored article pages stop copying the story's body, and SQLite keeps them compressed.

``article_pages`` held the body twice beside the article's own ``body_html``: in
``rest`` (the story below the comment count) and, its addresses made absolute, in the
feed item. Both are now written without it, and what serves them puts the article's
``body_html`` back (``body_at`` says where in ``rest``). On SQLite the parts read whole
with one story (``head``, ``top``, ``rest``, ``thread``, ``feed``, ``api``) are written
compressed (``db.base.Packed``); PostgreSQL compresses them itself.

The rows already written are marked out of date (their stamp emptied): they are not
served, the pages being rendered from their articles until ``thepost render`` (run by
``thepost migrate``) writes each again in the new form. Rewriting them here would need
the templates. Going back, the rows are removed (the old code cannot read the
compressed ones) and ``thepost render`` writes them again.

Revision ID: 0034
Revises: 0033
"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("article_pages", sa.Column("body_at", sa.Integer(), nullable=True))
    op.execute("UPDATE article_pages SET stamp = ''")


def downgrade() -> None:
    op.execute("DELETE FROM article_pages")
    op.drop_column("article_pages", "body_at")
