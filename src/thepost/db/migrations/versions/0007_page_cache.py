"""Page cache: the generation counter every serving process watches; indexes that keep
list pages flat as the archive grows.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "cache_generation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cache_generation")),
    )
    op.bulk_insert(table, [{"id": 1, "value": 0}])
    op.create_index("ix_articles_published", "articles", ["published_at", "id"])
    op.create_index(
        "ix_articles_section_published", "articles", ["section_id", "published_at", "id"]
    )


def downgrade() -> None:
    op.drop_index("ix_articles_section_published", table_name="articles")
    op.drop_index("ix_articles_published", table_name="articles")
    op.drop_table("cache_generation")
