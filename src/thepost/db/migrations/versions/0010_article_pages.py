"""Article pages rendered at publish time: one row per live article with its page's
fixed parts (``content.models.ArticlePage``). Filled by ``thepost render``; kept up to
date by every change readers see.

Revision ID: 0010
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_pages",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(length=64), nullable=False),
        sa.Column("head", sa.Text(), nullable=False),
        sa.Column("top", sa.Text(), nullable=False),
        sa.Column("rest", sa.Text(), nullable=False),
        sa.Column("card", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_pages_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", name=op.f("pk_article_pages")),
    )


def downgrade() -> None:
    op.drop_table("article_pages")
