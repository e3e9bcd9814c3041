"""The pictures each article's body shows as figures (``content.models.ArticleFigure``),
so that a picture described anew renders again the bodies that carry its words.

Bodies saved before are linked here: a picture referenced as ``](image:ID`` in a Markdown
body whose rendered HTML holds its files (its sha256) is shown there as a figure.

Revision ID: 0016
Revises: 0015
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

BATCH = 500
_REF = re.compile(r"\]\(image:(\d+)")


def upgrade() -> None:
    op.create_table(
        "article_figures",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("image_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_figures_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["image_id"],
            ["images.id"],
            name=op.f("fk_article_figures_image_id_images"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("article_id", "image_id", name=op.f("pk_article_figures")),
    )
    op.create_index(
        op.f("ix_article_figures_image_id"), "article_figures", ["image_id"], unique=False
    )
    _link_saved_bodies()


def _link_saved_bodies() -> None:
    connection = op.get_bind()
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer),
        sa.column("body_format", sa.String),
        sa.column("body_source", sa.Text),
        sa.column("body_html", sa.Text),
    )
    images = sa.table("images", sa.column("id", sa.Integer), sa.column("sha256", sa.String))
    figures = sa.table(
        "article_figures", sa.column("article_id", sa.Integer), sa.column("image_id", sa.Integer)
    )
    files = dict(connection.execute(sa.select(images.c.id, images.c.sha256)).all())
    after = 0
    while files:
        rows = connection.execute(
            sa.select(articles.c.id, articles.c.body_source, articles.c.body_html)
            .where(
                articles.c.id > after,
                articles.c.body_format == "markdown",
                articles.c.body_source.like("%](image:%"),
            )
            .order_by(articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        links = [
            {"article_id": article_id, "image_id": image_id}
            for article_id, source, html in rows
            for image_id in sorted({int(m) for m in _REF.findall(source or "")})
            if image_id in files and files[image_id] in (html or "")
        ]
        if links:
            connection.execute(figures.insert(), links)
        after = rows[-1][0]


def downgrade() -> None:
    op.drop_index(op.f("ix_article_figures_image_id"), table_name="article_figures")
    op.drop_table("article_figures")
