"""The approved comments of an article, stored with its page (``article_pages.thread``,
``comment_count``, ``reply_depth``). Existing rows are out of date (their stamp names the
old templates) and ``thepost migrate`` renders them again.

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_pages") as batch:
        batch.add_column(sa.Column("thread", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("comment_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("reply_depth", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("article_pages") as batch:
        batch.drop_column("reply_depth")
        batch.drop_column("comment_count")
        batch.drop_column("thread")
