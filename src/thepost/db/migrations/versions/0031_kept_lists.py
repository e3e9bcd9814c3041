"""Lists read from what is kept: the stories of each list in order, how many it holds,
each story's lead and feed item.

``story_lists`` holds an entry per list a story is in (every story: "all", its section,
each tag, each author) and language, for the stories published or scheduled with a
publish time, keyed in the lists' order (newest first read backwards): a page of any list
is one range of one index, however long the list and wherever its stories are. What
readers can see now are the entries whose publish time has passed. ``story_counts``
holds how many entries each list has, so its page count is one row read, not a count
over the list (less the scheduled stories still to come: ``content.counts``). Triggers
keep both as stories, their tags and their bylines come and go, whatever writes them
(the newsroom, the API, an import, a bulk load). An article deleted takes itself out
before it goes (its tags and bylines, removed with it, then find no article to take
out).

``article_pages`` gains ``lead``, the story as the home page leads with it, and
``feed``, the story as its feeds list it (stored with its card; rendered again by
``thepost render``, since the stamp of every row changes with this version).

Revision ID: 0031
Revises: 0030
"""

import sqlalchemy as sa
from alembic import op

revision = "0031"
down_revision = "0030"
branch_labels = None
depends_on = None

COUNTED = "{a}.status IN ('published', 'scheduled') AND {a}.published_at IS NOT NULL"
UPSERT = (
    "ON CONFLICT (list, key, language) "
    "DO UPDATE SET stories = story_counts.stories + excluded.stories"
)


LISTS = (
    "SELECT 'all' AS list, 0 AS key "
    "UNION ALL SELECT 'section', {a}.section_id WHERE {a}.section_id IS NOT NULL "
    "UNION ALL SELECT 'tag', tag_id FROM article_tags WHERE article_id = {a}.id "
    "UNION ALL SELECT 'author', author_id FROM article_authors WHERE article_id = {a}.id"
)


def _story(a: str, change: int) -> list[str]:
    """Put the story ``a`` (NEW or OLD) in each of its lists (``change`` +1) or take it
    out of them (-1): its entries and their counts."""
    counted = COUNTED.format(a=a)
    lists = LISTS.format(a=a)
    entries = (
        "INSERT INTO story_lists (list, key, language, published_at, article_id) "
        f"SELECT lists.list, lists.key, {a}.language, {a}.published_at, {a}.id "
        f"FROM ({lists}) AS lists WHERE {counted}"
        if change > 0
        else f"DELETE FROM story_lists WHERE article_id = {a}.id"
    )
    return [
        entries,
        "INSERT INTO story_counts (list, key, language, stories) "
        f"SELECT lists.list, lists.key, {a}.language, {change} FROM ({lists}) AS lists "
        f"WHERE {counted} {UPSERT}",
    ]


def _member(table: str, column: str, a: str, change: int) -> list[str]:
    """Put a tag or byline (``a``: NEW or OLD row of ``table``) of a listed story in its
    list, or take it out."""
    listed = f"articles.id = {a}.article_id AND {COUNTED.format(a='articles')}"
    entries = (
        "INSERT INTO story_lists (list, key, language, published_at, article_id) "
        f"SELECT '{table}', {a}.{column}, articles.language, articles.published_at, "
        f"articles.id FROM articles WHERE {listed}"
        if change > 0
        else f"DELETE FROM story_lists WHERE list = '{table}' AND key = {a}.{column} "
        f"AND article_id = {a}.article_id"
    )
    return [
        entries,
        "INSERT INTO story_counts (list, key, language, stories) "
        f"SELECT '{table}', {a}.{column}, articles.language, {change} FROM articles "
        f"WHERE {listed} {UPSERT}",
    ]


def _body(*statements: list[str]) -> str:
    return " ".join(f"{one};" for found in statements for one in found)


MEMBERS = (("tag", "article_tags", "tag_id"), ("author", "article_authors", "author_id"))
# A change that moves a story in or out of its lists, to other lists or to another place
# in them.
# ``{differs}``: the comparison that takes NULL as a value (SQLite's IS NOT, PostgreSQL's
# IS DISTINCT FROM).
MOVED = (
    f"(({COUNTED.format(a='OLD')}) {{differs}} ({COUNTED.format(a='NEW')})) OR "
    f"(({COUNTED.format(a='NEW')}) AND (OLD.section_id {{differs}} NEW.section_id "
    "OR OLD.language {differs} NEW.language OR OLD.published_at {differs} NEW.published_at))"
)


def _sqlite() -> list[str]:
    found = [
        "CREATE TRIGGER story_lists_insert AFTER INSERT ON articles BEGIN "
        f"{_body(_story('NEW', 1))} END",
        "CREATE TRIGGER story_lists_delete BEFORE DELETE ON articles BEGIN "
        f"{_body(_story('OLD', -1))} END",
        "CREATE TRIGGER story_lists_update AFTER UPDATE OF status, published_at, section_id, "
        f"language ON articles WHEN {MOVED.format(differs='IS NOT')} "
        f"BEGIN {_body(_story('OLD', -1), _story('NEW', 1))} END",
    ]
    for name, table, column in MEMBERS:
        found += [
            f"CREATE TRIGGER story_lists_{name}_insert AFTER INSERT ON {table} BEGIN "
            f"{_body(_member(name, column, 'NEW', 1))} END",
            f"CREATE TRIGGER story_lists_{name}_delete AFTER DELETE ON {table} BEGIN "
            f"{_body(_member(name, column, 'OLD', -1))} END",
            f"CREATE TRIGGER story_lists_{name}_update AFTER UPDATE OF {column}, article_id "
            f"ON {table} BEGIN "
            f"{_body(_member(name, column, 'OLD', -1), _member(name, column, 'NEW', 1))} END",
        ]
    return found


def _postgresql() -> list[str]:
    stories = (
        "CREATE FUNCTION thepost_story_lists() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {_body(_story('OLD', -1))} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_body(_story('NEW', 1))} END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NULL; END $$"
    )
    found = [
        stories,
        "CREATE TRIGGER story_lists_insert AFTER INSERT ON articles "
        "FOR EACH ROW EXECUTE FUNCTION thepost_story_lists()",
        "CREATE TRIGGER story_lists_delete BEFORE DELETE ON articles "
        "FOR EACH ROW EXECUTE FUNCTION thepost_story_lists()",
        "CREATE TRIGGER story_lists_update AFTER UPDATE OF status, published_at, section_id, "
        f"language ON articles FOR EACH ROW WHEN ({MOVED.format(differs='IS DISTINCT FROM')}) "
        "EXECUTE FUNCTION thepost_story_lists()",
    ]
    for name, table, column in MEMBERS:
        found += [
            f"CREATE FUNCTION thepost_story_lists_{name}() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {_body(_member(name, column, 'OLD', -1))} END IF; "
            f"IF TG_OP <> 'DELETE' THEN {_body(_member(name, column, 'NEW', 1))} END IF; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER story_lists_{name} AFTER INSERT OR DELETE OR UPDATE OF {column}, "
            f"article_id ON {table} FOR EACH ROW EXECUTE FUNCTION thepost_story_lists_{name}()",
        ]
    return found


# Every story's lists, for filling the two tables from the stories there are.
EVERY_LIST = (
    "SELECT id AS article_id, 'all' AS list, 0 AS key FROM articles "
    "UNION ALL SELECT id, 'section', section_id FROM articles WHERE section_id IS NOT NULL "
    "UNION ALL SELECT article_id, 'tag', tag_id FROM article_tags "
    "UNION ALL SELECT article_id, 'author', author_id FROM article_authors"
)
FILL = (
    "INSERT INTO story_lists (list, key, language, published_at, article_id) "
    "SELECT lists.list, lists.key, articles.language, articles.published_at, articles.id "
    f"FROM articles JOIN ({EVERY_LIST}) AS lists ON lists.article_id = articles.id "
    f"WHERE {COUNTED.format(a='articles')}",
    "INSERT INTO story_counts (list, key, language, stories) "
    "SELECT list, key, language, count(*) FROM story_lists GROUP BY list, key, language",
)


def upgrade() -> None:
    for column in ("lead", "feed"):
        op.add_column(
            "article_pages", sa.Column(column, sa.Text(), server_default="", nullable=False)
        )
    op.create_table(
        "story_lists",
        sa.Column("list", sa.String(length=8), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_story_lists_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "list", "key", "language", "published_at", "article_id",
            name=op.f("pk_story_lists"),
        ),
    )  # fmt: skip
    op.create_index(op.f("ix_story_lists_article_id"), "story_lists", ["article_id"])
    op.create_table(
        "story_counts",
        sa.Column("list", sa.String(length=8), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("stories", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("list", "key", "language", name=op.f("pk_story_counts")),
    )
    for statement in FILL:
        op.execute(statement)
    dialect = op.get_bind().dialect.name
    for statement in _sqlite() if dialect == "sqlite" else _postgresql():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER story_lists_{name}")
            for member, _, _ in MEMBERS:
                op.execute(f"DROP TRIGGER story_lists_{member}_{name}")
    else:
        for member, table, _ in MEMBERS:
            op.execute(f"DROP TRIGGER story_lists_{member} ON {table}")
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER story_lists_{name} ON articles")
        op.execute("DROP FUNCTION thepost_story_lists()")
        for member, _, _ in MEMBERS:
            op.execute(f"DROP FUNCTION thepost_story_lists_{member}()")
    op.drop_table("story_counts")
    op.drop_index(op.f("ix_story_lists_article_id"), table_name="story_lists")
    op.drop_table("story_lists")
    op.drop_column("article_pages", "feed")
    op.drop_column("article_pages", "lead")
