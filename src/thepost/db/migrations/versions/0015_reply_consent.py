"""Reply notifications need the address owner's consent (``comments.notify_confirmed_at``,
set by the confirmation link). Requests made before were never confirmed, so they stay
unconfirmed: nobody is mailed who did not say yes from their own inbox.

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.add_column(
            sa.Column("notify_confirmed_at", sa.DateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.drop_column("notify_confirmed_at")
