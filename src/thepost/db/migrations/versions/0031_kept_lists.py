"""Lists read from what is kept: how many stories each list holds, each story's lead
and feed item.

``story_counts`` holds, per list (every story: "all", a section, a tag, an author) and
language, how many stories are published or scheduled with a publish time. Triggers
keep it as stories, their tags and their bylines come and go, whatever writes them (the
newsroom, the API, an import, a bulk load), so a list's page count is one row read, not
a count over the list. What readers can see now is that number less the scheduled
stories still to come, a few rows found along the publish-time index
(``content.counts``). An article deleted takes itself out before it goes (its tags and
bylines, removed with it, then find no article to take out).

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


def _story(a: str, change: int) -> str:
    """Count the story ``a`` (NEW or OLD) in each of its lists, ``change`` being +1 or -1."""
    return (
        "INSERT INTO story_counts (list, key, language, stories) "
        f"SELECT lists.list, lists.key, {a}.language, {change} FROM ("
        "SELECT 'all' AS list, 0 AS key "
        f"UNION ALL SELECT 'section', {a}.section_id WHERE {a}.section_id IS NOT NULL "
        f"UNION ALL SELECT 'tag', tag_id FROM article_tags WHERE article_id = {a}.id "
        f"UNION ALL SELECT 'author', author_id FROM article_authors WHERE article_id = {a}.id"
        f") AS lists WHERE {COUNTED.format(a=a)} {UPSERT}"
    )


def _member(table: str, column: str, a: str, change: int) -> str:
    """Count a tag or byline (``a``: NEW or OLD row of ``table``) of a counted story."""
    return (
        "INSERT INTO story_counts (list, key, language, stories) "
        f"SELECT '{table}', {a}.{column}, articles.language, {change} FROM articles "
        f"WHERE articles.id = {a}.article_id AND {COUNTED.format(a='articles')} {UPSERT}"
    )


MEMBERS = (("tag", "article_tags", "tag_id"), ("author", "article_authors", "author_id"))
# A change that moves a story in or out of its lists, or from one list to another.
# ``{differs}``: the comparison that takes NULL as a value (SQLite's IS NOT, PostgreSQL's
# IS DISTINCT FROM).
MOVED = (
    f"(({COUNTED.format(a='OLD')}) {{differs}} ({COUNTED.format(a='NEW')})) OR "
    f"(({COUNTED.format(a='NEW')}) AND (OLD.section_id {{differs}} NEW.section_id "
    "OR OLD.language {differs} NEW.language))"
)


def _sqlite() -> list[str]:
    found = [
        f"CREATE TRIGGER story_counts_insert AFTER INSERT ON articles BEGIN "
        f"{_story('NEW', 1)}; END",
        f"CREATE TRIGGER story_counts_delete BEFORE DELETE ON articles BEGIN "
        f"{_story('OLD', -1)}; END",
        "CREATE TRIGGER story_counts_update AFTER UPDATE OF status, published_at, section_id, "
        f"language ON articles WHEN {MOVED.format(differs='IS NOT')} BEGIN {_story('OLD', -1)}; {_story('NEW', 1)}; END",
    ]
    for name, table, column in MEMBERS:
        found += [
            f"CREATE TRIGGER story_counts_{name}_insert AFTER INSERT ON {table} BEGIN "
            f"{_member(name, column, 'NEW', 1)}; END",
            f"CREATE TRIGGER story_counts_{name}_delete AFTER DELETE ON {table} BEGIN "
            f"{_member(name, column, 'OLD', -1)}; END",
            f"CREATE TRIGGER story_counts_{name}_update AFTER UPDATE OF {column}, article_id "
            f"ON {table} BEGIN {_member(name, column, 'OLD', -1)}; "
            f"{_member(name, column, 'NEW', 1)}; END",
        ]
    return found


def _postgresql() -> list[str]:
    stories = (
        "CREATE FUNCTION thepost_story_counts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {_story('OLD', -1)}; END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_story('NEW', 1)}; END IF; "
        "IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NULL; END $$"
    )
    found = [
        stories,
        "CREATE TRIGGER story_counts_insert AFTER INSERT ON articles "
        "FOR EACH ROW EXECUTE FUNCTION thepost_story_counts()",
        "CREATE TRIGGER story_counts_delete BEFORE DELETE ON articles "
        "FOR EACH ROW EXECUTE FUNCTION thepost_story_counts()",
        "CREATE TRIGGER story_counts_update AFTER UPDATE OF status, published_at, section_id, "
        f"language ON articles FOR EACH ROW WHEN ({MOVED.format(differs='IS DISTINCT FROM')}) "
        "EXECUTE FUNCTION thepost_story_counts()",
    ]
    for name, table, column in MEMBERS:
        found += [
            f"CREATE FUNCTION thepost_story_counts_{name}() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' THEN {_member(name, column, 'OLD', -1)}; END IF; "
            f"IF TG_OP <> 'DELETE' THEN {_member(name, column, 'NEW', 1)}; END IF; "
            "RETURN NULL; END $$",
            f"CREATE TRIGGER story_counts_{name} AFTER INSERT OR DELETE OR UPDATE OF {column}, "
            f"article_id ON {table} FOR EACH ROW EXECUTE FUNCTION thepost_story_counts_{name}()",
        ]
    return found


FILL = (
    "INSERT INTO story_counts (list, key, language, stories) "
    "SELECT lists.list, lists.key, articles.language, count(*) FROM articles JOIN ("
    "SELECT id AS article_id, 'all' AS list, 0 AS key FROM articles "
    "UNION ALL SELECT id, 'section', section_id FROM articles WHERE section_id IS NOT NULL "
    "UNION ALL SELECT article_id, 'tag', tag_id FROM article_tags "
    "UNION ALL SELECT article_id, 'author', author_id FROM article_authors"
    f") AS lists ON lists.article_id = articles.id WHERE {COUNTED.format(a='articles')} "
    "GROUP BY lists.list, lists.key, articles.language"
)


def upgrade() -> None:
    for column in ("lead", "feed"):
        op.add_column(
            "article_pages", sa.Column(column, sa.Text(), server_default="", nullable=False)
        )
    op.create_table(
        "story_counts",
        sa.Column("list", sa.String(length=8), nullable=False),
        sa.Column("key", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("stories", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("list", "key", "language", name=op.f("pk_story_counts")),
    )
    op.execute(FILL)
    dialect = op.get_bind().dialect.name
    for statement in _sqlite() if dialect == "sqlite" else _postgresql():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER story_counts_{name}")
            for member, _, _ in MEMBERS:
                op.execute(f"DROP TRIGGER story_counts_{member}_{name}")
    else:
        for member, table, _ in MEMBERS:
            op.execute(f"DROP TRIGGER story_counts_{member} ON {table}")
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER story_counts_{name} ON articles")
        op.execute("DROP FUNCTION thepost_story_counts()")
        for member, _, _ in MEMBERS:
            op.execute(f"DROP FUNCTION thepost_story_counts_{member}()")
    op.drop_table("story_counts")
    op.drop_column("article_pages", "feed")
    op.drop_column("article_pages", "lead")
