"""Who uploaded each picture (``images.uploaded_by``): only they and editors change its
words. Pictures uploaded before have nobody: editors look after them.

Revision ID: 0014
Revises: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("images") as batch:
        batch.add_column(sa.Column("uploaded_by", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_images_uploaded_by_users", "users", ["uploaded_by"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("images") as batch:
        batch.drop_constraint("fk_images_uploaded_by_users", type_="foreignkey")
        batch.drop_column("uploaded_by")
