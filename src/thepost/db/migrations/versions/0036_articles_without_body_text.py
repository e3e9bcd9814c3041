"""Articles stop storing their plain text.

``articles.body_text`` was the story's ``body_html`` made plain text: as long as the
body again in every row (3.9 KB of the 11.8 KB a story's three bodies took at 10,000
stories). What read it now makes it from ``body_html`` when it needs it
(``Article.body_text``): a search document when it is written, an excerpt when the story
is saved, a newsletter's plain text, the Ghost API's ``plaintext`` when asked for.

PostgreSQL: a results page's snippets are made from the ``body`` of ``search_documents``,
kept since 0033 only where it differed from ``articles.body_text`` (a live blog's) and
read as ``coalesce(body, articles.body_text)``. Before the column goes, every document
without a body gets its article's text, in one statement, and ``body`` is required
again, as it was before 0033: the search reads and writes it whole from here on. That
statement rewrites every document written since 0033 (each a new row version, its GIN
entries with it): plan it like 0032 on a large archive. Dropping the column is
immediate; the space its values took comes back as rows are written again (``VACUUM
FULL articles`` gives it back at once, the table locked meanwhile).

SQLite: its index keeps the text it was written with (``search_fts_texts``), so only the
column goes, dropped in place (``ALTER TABLE ... DROP COLUMN``, SQLite 3.35, which the
mail outbox's ``RETURNING`` already needs): the table is rewritten in the migration's
transaction; copying it instead, as a batch operation does, would drop the old one and,
with foreign keys on, every row referring to it. The file keeps its size (the freed
pages are reused) until a ``VACUUM``.

Going back, the column comes back and is filled from ``body_html`` a batch of rows at a
time, the text made as ``content.text.html_to_text`` made it when this migration was
written (copied here, as 0030 copies the search's analysis, so that the migration keeps
doing what it did).

Revision ID: 0036
Revises: 0035
"""

import re
from html import unescape

import sqlalchemy as sa
from alembic import op

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

BATCH = 500

FILL_DOCUMENTS = """
UPDATE search_documents AS d SET body = a.body_text
FROM articles AS a WHERE a.id = d.article_id AND d.body IS NULL
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(FILL_DOCUMENTS)
        op.alter_column("search_documents", "body", nullable=False)
    op.drop_column("articles", "body_text")


def downgrade() -> None:
    connection = op.get_bind()
    op.add_column("articles", sa.Column("body_text", sa.Text(), nullable=False, server_default=""))
    articles = sa.table(
        "articles",
        sa.column("id", sa.Integer),
        sa.column("body_html", sa.Text),
        sa.column("body_text", sa.Text),
    )
    update = (
        articles.update()
        .where(articles.c.id == sa.bindparam("row_id"))
        .values(body_text=sa.bindparam("text"))
    )
    after = 0
    while True:
        rows = connection.execute(
            sa.select(articles.c.id, articles.c.body_html)
            .where(articles.c.id > after)
            .order_by(articles.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        connection.execute(
            update, [{"row_id": row_id, "text": _text(html or "")} for row_id, html in rows]
        )
        after = rows[-1][0]
    if connection.dialect.name == "postgresql":
        op.alter_column("articles", "body_text", server_default=None)
        op.alter_column("search_documents", "body", nullable=True)


# ``content.text.html_to_text`` as it was when this migration was written.
_TAG = re.compile(r"<[^<>]+>")
_INLINE_TAG = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|samp|small|span"
    r"|strong|sub|sup|time|u|var)(?:\s[^<>]*)?>",
    re.I,
)
_SPACE = re.compile(r"\s+")
_BLOCK_END = re.compile(r"</(?:p|h\d|li|blockquote|pre|tr)>", re.I)
_FIGURE = re.compile(r"<figure\b", re.I)
_FIGURE_END = "</figure>"


def _without_figures(html: str) -> str:
    lower, parts, at = html.lower(), [], 0
    while (found := _FIGURE.search(html, at)) is not None:
        end = lower.find(_FIGURE_END, found.end())
        if end == -1:
            break
        parts += [html[at : found.start()], " "]
        at = end + len(_FIGURE_END)
    parts.append(html[at:])
    return "".join(parts)


def _text(html: str) -> str:
    html = _INLINE_TAG.sub("", _BLOCK_END.sub("\n", _without_figures(html)))
    return _SPACE.sub(" ", unescape(_TAG.sub(" ", html))).strip()
