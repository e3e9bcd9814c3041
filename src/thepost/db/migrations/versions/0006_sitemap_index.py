"""Sitemaps and feeds: a covering index of the live-article columns they read.

SQLite stores an article's row with its bodies inline, so reading ``updated_at`` (which
follows the bodies) walks their overflow pages; with this index the sitemaps, feeds'
newest-change check and listings read the index alone (100,000 articles: the newest
change in 0.07 s instead of 1.5 s).

Revision ID: 0006
Revises: 0005e
"""

from alembic import op

revision = "0006"
down_revision = "0005e"
branch_labels = None
depends_on = None

COLUMNS = [
    "status",
    "published_at",
    "id",
    "updated_at",
    "section_id",
    "featured_image_id",
    "slug",
    "title",
]


def upgrade() -> None:
    op.create_index("ix_articles_listing", "articles", COLUMNS)


def downgrade() -> None:
    op.drop_index("ix_articles_listing", "articles")
