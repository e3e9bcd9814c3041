"""Newsletter digests: when each newsletter's goes out, and which moment an issue was
the digest of (once per newsletter).

Revision ID: 0026
Revises: 0025
"""

import sqlalchemy as sa
from alembic import op

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("newsletters") as batch:
        batch.add_column(sa.Column("digest_time", sa.String(5), server_default="", nullable=False))
        batch.add_column(
            sa.Column("digest_days", sa.String(7), server_default="1234567", nullable=False)
        )
        batch.add_column(
            sa.Column("digest_count", sa.Integer(), server_default="8", nullable=False)
        )
        batch.add_column(sa.Column("digest_last_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("newsletter_issues") as batch:
        batch.add_column(sa.Column("digest_for", sa.DateTime(timezone=True), nullable=True))
        batch.create_unique_constraint(
            "uq_newsletter_issues_newsletter_id", ["newsletter_id", "digest_for"]
        )


def downgrade() -> None:
    with op.batch_alter_table("newsletter_issues") as batch:
        batch.drop_constraint("uq_newsletter_issues_newsletter_id", type_="unique")
        batch.drop_column("digest_for")
    with op.batch_alter_table("newsletters") as batch:
        for name in ("digest_last_at", "digest_count", "digest_days", "digest_time"):
            batch.drop_column(name)
