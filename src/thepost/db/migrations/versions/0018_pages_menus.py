"""Pages beside the news (``pages``), their old addresses (``page_slugs``) and revisions
(``page_revisions``), and the site's editable menus (``menus``, ``menu_items``).

A page's slug is unique among its siblings; at the top level, where ``parent_id`` is
NULL and a unique constraint sees no clash, a partial unique index keeps it so.

Revision ID: 0018
Revises: 0017
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

TOP_LEVEL = sa.text("parent_id IS NULL")


def upgrade() -> None:
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("standfirst", sa.Text(), nullable=False),
        sa.Column("body_source", sa.Text(), nullable=False),
        sa.Column("body_format", sa.String(length=16), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("featured_image_id", sa.Integer(), nullable=True),
        sa.Column("featured_caption", sa.Text(), nullable=False),
        sa.Column("featured_credit", sa.String(length=300), nullable=False),
        sa.Column("featured_alt", sa.Text(), nullable=False),
        sa.Column("seo_title", sa.String(length=300), nullable=False),
        sa.Column("seo_description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["featured_image_id"],
            ["images.id"],
            name=op.f("fk_pages_featured_image_id_images"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["pages.id"], name=op.f("fk_pages_parent_id_pages"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pages")),
        sa.UniqueConstraint("parent_id", "slug", name=op.f("uq_pages_parent_id")),
    )
    op.create_index("ix_pages_live", "pages", ["status", "published_at"], unique=False)
    op.create_index(
        "uq_pages_top_slug",
        "pages",
        ["slug"],
        unique=True,
        sqlite_where=TOP_LEVEL,
        postgresql_where=TOP_LEVEL,
    )
    op.create_table(
        "page_slugs",
        sa.Column("path", sa.String(length=1000), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"], ["pages.id"], name=op.f("fk_page_slugs_page_id_pages"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("path", name=op.f("pk_page_slugs")),
    )
    op.create_index(op.f("ix_page_slugs_page_id"), "page_slugs", ["page_id"], unique=False)
    op.create_table(
        "page_revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("page_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("autosave", sa.Boolean(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["page_id"],
            ["pages.id"],
            name=op.f("fk_page_revisions_page_id_pages"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_page_revisions_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_page_revisions")),
    )
    op.create_index(op.f("ix_page_revisions_page_id"), "page_revisions", ["page_id"], unique=False)
    op.create_table(
        "menus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_menus")),
        sa.UniqueConstraint("slug", name=op.f("uq_menus_slug")),
    )
    op.create_table(
        "menu_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("menu_id", sa.Integer(), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["menu_id"], ["menus.id"], name=op.f("fk_menu_items_menu_id_menus"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["menu_items.id"],
            name=op.f("fk_menu_items_parent_id_menu_items"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_menu_items")),
    )
    op.create_index(op.f("ix_menu_items_menu_id"), "menu_items", ["menu_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_menu_items_menu_id"), table_name="menu_items")
    op.drop_table("menu_items")
    op.drop_table("menus")
    op.drop_index(op.f("ix_page_revisions_page_id"), table_name="page_revisions")
    op.drop_table("page_revisions")
    op.drop_index(op.f("ix_page_slugs_page_id"), table_name="page_slugs")
    op.drop_table("page_slugs")
    op.drop_index("uq_pages_top_slug", table_name="pages")
    op.drop_index("ix_pages_live", table_name="pages")
    op.drop_table("pages")
