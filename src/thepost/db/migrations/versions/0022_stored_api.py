"""The article as the API shows it, stored with its page's parts (``article_pages.api``).
Pages stored before have it empty: they are rendered again (their stamp changed).

Revision ID: 0022
Revises: 0021
"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("article_pages") as batch:
        batch.add_column(sa.Column("api", sa.Text(), server_default="", nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("article_pages") as batch:
        batch.drop_column("api")
