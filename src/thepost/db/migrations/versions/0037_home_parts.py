"""The home page's top stories and section blocks, stored for each edition.

They are rendered whenever a story or what they show changes (``web/site/home_parts.py``),
so a reader's first view of the home page after a change reads them instead of
rendering some forty cards. The table starts empty: until a write or ``thepost render``
fills it, the page renders them itself, as before.

Revision ID: 0037
Revises: 0036
"""

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "home_parts",
        sa.Column("language", sa.String(16), primary_key=True),
        sa.Column("stamp", sa.String(64), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("top", sa.Text(), nullable=False),
        sa.Column("blocks", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("home_parts")
