"""Members: readers' accounts signed in by emailed link (``thepost.members``), their
tiers, links and sessions; members-only articles (the part behind the wall kept apart);
a comment's member.

Revision ID: 0027
Revises: 0026
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    tiers = op.create_table(
        "member_tiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_tiers")),
        sa.UniqueConstraint("slug", name=op.f("uq_member_tiers_slug")),
    )
    op.bulk_insert(
        tiers,
        [
            {
                "id": 1,
                "slug": "free",
                "name": "Free",
                "description": "Readers signed in with their email address.",
                "position": 0,
                "is_default": True,
                "created_at": datetime.now(UTC),
            }
        ],
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("tier_id", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_seen_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(
            ["tier_id"], ["member_tiers.id"], name=op.f("fk_members_tier_id_member_tiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("email", name=op.f("uq_members_email")),
    )
    op.create_table(
        "member_links",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("browser", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_path", sa.String(length=300), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_links")),
    )
    op.create_index("ix_member_links_browser", "member_links", ["browser"])
    op.create_index("ix_member_links_expires_at", "member_links", ["expires_at"])
    op.create_table(
        "member_sessions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_seen_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"], ["members.id"],
            name=op.f("fk_member_sessions_member_id_members"), ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_sessions")),
    )  # fmt: skip
    op.create_index("ix_member_sessions_member_id", "member_sessions", ["member_id"])
    with op.batch_alter_table("articles") as batch:
        batch.add_column(
            sa.Column("access", sa.String(16), server_default="public", nullable=False)
        )
        batch.add_column(
            sa.Column("preview_paragraphs", sa.Integer(), server_default="3", nullable=False)
        )
        batch.add_column(sa.Column("gated_html", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("comments") as batch:
        batch.add_column(sa.Column("member_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_comments_member_id_members", "members", ["member_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_index("ix_comments_member_id", ["member_id"])


def downgrade() -> None:
    with op.batch_alter_table("comments") as batch:
        batch.drop_index("ix_comments_member_id")
        batch.drop_constraint("fk_comments_member_id_members", type_="foreignkey")
        batch.drop_column("member_id")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("gated_html")
        batch.drop_column("preview_paragraphs")
        batch.drop_column("access")
    op.drop_table("member_sessions")
    op.drop_table("member_links")
    op.drop_table("members")
    op.drop_table("member_tiers")
