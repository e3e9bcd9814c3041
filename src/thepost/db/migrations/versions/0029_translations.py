"""Several languages on one site: an article's or page's language ("" for the site's
own) and the item it translates; sections' names in other languages; menu items per
language; each newsroom user's own admin language.

Revision ID: 0029
Revises: 0028
"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

TOP_LEVEL = sa.text("parent_id IS NULL")


def _translatable(table: str) -> None:
    op.add_column(
        table, sa.Column("language", sa.String(length=16), server_default="", nullable=False)
    )
    name = op.f(f"fk_{table}_translation_of_id_{table}")
    if op.get_bind().dialect.name == "sqlite":
        # Added in place, the reference inline: copying the table, as a batch operation
        # does, would drop the old one and, with foreign keys on, every row referring to
        # it (figures, slugs, revisions, comments) with it.
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN translation_of_id INTEGER "
            f"CONSTRAINT {name} REFERENCES {table} (id) ON DELETE SET NULL"
        )
    else:
        op.add_column(table, sa.Column("translation_of_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            name, table, table, ["translation_of_id"], ["id"], ondelete="SET NULL"
        )
    op.create_index(op.f(f"ix_{table}_translation_of_id"), table, ["translation_of_id"])


def upgrade() -> None:
    _translatable("articles")
    _translatable("pages")
    op.drop_index("uq_pages_top_slug", table_name="pages")
    op.create_index(
        "uq_pages_top_slug",
        "pages",
        ["slug", "language"],
        unique=True,
        sqlite_where=TOP_LEVEL,
        postgresql_where=TOP_LEVEL,
    )
    op.create_table(
        "section_translations",
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["section_id"],
            ["sections.id"],
            name=op.f("fk_section_translations_section_id_sections"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("section_id", "language", name=op.f("pk_section_translations")),
    )
    for table in ("menu_items", "users"):
        op.add_column(
            table, sa.Column("language", sa.String(length=16), server_default="", nullable=False)
        )


def downgrade() -> None:
    for table in ("users", "menu_items"):
        op.drop_column(table, "language")
    op.drop_table("section_translations")
    op.drop_index("uq_pages_top_slug", table_name="pages")
    op.create_index(
        "uq_pages_top_slug",
        "pages",
        ["slug"],
        unique=True,
        sqlite_where=TOP_LEVEL,
        postgresql_where=TOP_LEVEL,
    )
    for table in ("pages", "articles"):
        op.drop_index(op.f(f"ix_{table}_translation_of_id"), table_name=table)
        # (the column's reference goes with it: on SQLite, ALTER TABLE DROP COLUMN refuses
        # a column that has one, hence the batch copy, downgrades being for tests)
        with op.batch_alter_table(table) as batch:
            batch.drop_column("translation_of_id")
            batch.drop_column("language")
