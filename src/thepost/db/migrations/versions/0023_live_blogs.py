"""Live blogs: an article's live status and its entries (``content.live``).

Revision ID: 0023
Revises: 0022
"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(
            sa.Column("live_status", sa.String(length=8), server_default="", nullable=False)
        )
        batch.add_column(sa.Column("live_started_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("live_ended_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("live_oldest_first", sa.Boolean(), server_default="0", nullable=False)
        )
    op.create_table(
        "live_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("author_ids", sa.JSON(), nullable=False),
        sa.Column("headline", sa.String(length=200), nullable=False),
        sa.Column("body_source", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("pinned", sa.Boolean(), nullable=False),
        sa.Column("key_event", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_live_entries_posted", "live_entries", ["article_id", "status", "posted_at"])
    op.create_index("ix_live_entries_changed", "live_entries", ["article_id", "changed_at"])


def downgrade() -> None:
    op.drop_table("live_entries")
    with op.batch_alter_table("articles") as batch:
        for name in ("live_oldest_first", "live_ended_at", "live_started_at", "live_status"):
            batch.drop_column(name)
