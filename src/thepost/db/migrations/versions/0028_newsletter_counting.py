"""Newsletter open and click counting: whether an issue was counted and the links its
redirects lead to; each recipient's first open, first click and clicks, and an index
that counts an issue's recipients by itself.

Revision ID: 0028
Revises: 0027
"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("newsletter_issues") as batch:
        batch.add_column(
            sa.Column("counted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(sa.Column("links", sa.JSON(), server_default="[]", nullable=False))
    with op.batch_alter_table("newsletter_recipients") as batch:
        batch.add_column(sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("clicked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("clicks", sa.Integer(), server_default="0", nullable=False))
        batch.create_index(
            "ix_newsletter_recipients_reach",
            ["issue_id", "proof", "status", "opened_at", "clicked_at", "clicks"],
        )


def downgrade() -> None:
    with op.batch_alter_table("newsletter_recipients") as batch:
        batch.drop_index("ix_newsletter_recipients_reach")
        for name in ("clicks", "clicked_at", "opened_at"):
            batch.drop_column(name)
    with op.batch_alter_table("newsletter_issues") as batch:
        batch.drop_column("links")
        batch.drop_column("counted")
