"""Editorial: autosave revisions and correction notes (the trashed status needs no column).

Revision ID: 0005e
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005e"
down_revision = "0004"
branch_labels = None
depends_on = None

When = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(
            sa.Column("autosave", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", When, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_corrections_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_corrections_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
    )
    op.create_index(op.f("ix_corrections_article_id"), "corrections", ["article_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_corrections_article_id"), table_name="corrections")
    op.drop_table("corrections")
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("autosave")
