"""The migrations build exactly the schema the models describe, on both databases."""

import uuid

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import column, insert, inspect, select, table, text

from conftest import PG_ADMIN
from thepost.content.models import Article, ArticleFigure, ArticlePage, Image
from thepost.content.text import html_to_text
from thepost.db import make_engine, migrate
from thepost.db.base import Base
from thepost.search.backends.sqlite import analysis, pairs

# Each search backend keeps its index in tables of its own engine's kind (FTS5 virtual
# tables and their text, a tsvector table), made by migrations 0002, 0012 and 0030 and not
# described by the models.
ENGINE_OWN = ("search_fts", "search_trigrams", "search_documents", "search_pairs")


def _ours(obj, name, type_, reflected, compare_to) -> bool:
    table = obj.table.name if type_ in ("index", "column") else name
    if type_ == "index" and name in ("ix_search_terms_trigram", "ix_search_terms_prefix"):
        return False  # PostgreSQL's own, for its backend (migrations 0002 and 0035)
    return not (reflected and compare_to is None and str(table).startswith(ENGINE_OWN))


def _signature(fk) -> tuple:
    return (fk.table.name, tuple(c.name for c in fk.columns), fk.referred_table.name)


def _renamed_inline(diffs: list) -> list:
    """The diffs without the references SQLite added with a column (``ALTER TABLE ADD
    COLUMN ... CONSTRAINT name REFERENCES``): SQLAlchemy reads no name or ON DELETE from
    that form, so each shows as one unnamed reference removed and the model's added."""
    added = {_signature(d[1]) for d in diffs if d[0] == "add_fk"}
    inline = {_signature(d[1]) for d in diffs if d[0] == "remove_fk" and d[1].name is None} & added
    return [
        d for d in diffs if not (d[0] in ("add_fk", "remove_fk") and _signature(d[1]) in inline)
    ]


def test_migrations_match_the_models(services) -> None:
    with services.engine.connect() as connection:
        opts = {"compare_type": True, "include_object": _ours}
        context = MigrationContext.configure(connection, opts=opts)
        assert _renamed_inline(compare_metadata(context, Base.metadata)) == []
        if connection.dialect.name == "sqlite":
            for table in ("articles", "pages"):
                found = connection.exec_driver_sql(f"PRAGMA foreign_key_list({table})").all()
                inline = [row for row in found if row[3] == "translation_of_id"]
                assert [(row[2], row[6]) for row in inline] == [(table, "SET NULL")]


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_the_migrations_write_the_tokens_the_search_writes(tmp_path) -> None:
    """0012 fills ``search_pairs`` with its own copy of how pairs are made, and 0030 makes
    the index and the pairs again, words stemmed, with its own copy of how the search
    analyses text; the search removes a row by making its tokens again, so each must make
    the same tokens as the search."""
    engine = make_engine(f"sqlite:///{tmp_path / 'pairs.sqlite3'}")
    migrate.upgrade(engine, "0011")
    rows = [
        (
            1,
            "Change in the Council’s budget",
            "Café owners démand more",
            "Budget \ue000 Council",
            "Ana López",
            "News",
            "The ferry, the ferries; running runs ran. " * 3,
            "\ue001s1",
        ),
        (2, "Harbour", "", "", "", "", "", ""),
        (3, "", "Night market opens", "", "", "Life", "Stalls by the bridge.", ""),
    ]
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO search_fts (rowid, title, standfirst, tags, authors, section, body, "
                "facets) VALUES (:r, :t, :s, :g, :a, :n, :b, :f)"
            ),
            [dict(zip("rtsganbf", row, strict=True)) for row in rows],
        )
    migrate.upgrade(engine)
    columns = ", ".join((*pairs.COLUMNS, "facets"))
    with engine.begin() as connection:
        connection.exec_driver_sql(pairs.CREATE.replace(pairs.TABLE, "expected", 1))
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE expected_fts USING fts5({columns}, content = '', "
            f'tokenize = "{analysis.TOKENIZE}")'
        )
        tokens = analysis.documents([("en", *row[1:7]) for row in rows])
        connection.execute(
            text(pairs.INSERT.replace(pairs.TABLE, "expected", 1)),
            [
                pairs.row(row[0], pairs.of(found), row[7])
                for row, found in zip(rows, tokens, strict=True)
            ],
        )
        connection.execute(
            text(pairs.INSERT.replace(pairs.TABLE, "expected_fts", 1)),
            [
                pairs.row(row[0], {c: " ".join(found[c]) for c in pairs.COLUMNS}, row[7])
                for row, found in zip(rows, tokens, strict=True)
            ],
        )
        written = {}
        for table in (pairs.TABLE, "expected", "search_fts", "expected_fts"):
            connection.exec_driver_sql(
                f"CREATE VIRTUAL TABLE temp.{table}_v USING fts5vocab(main, {table}, instance)"
            )
            written[table] = connection.exec_driver_sql(
                f'SELECT term, doc, col, "offset" FROM temp.{table}_v ORDER BY 1, 2, 3, 4'
            ).all()
    engine.dispose()
    assert written[pairs.TABLE] and ("chang", 1, "title", 0) in written["search_fts"]
    assert written[pairs.TABLE] == written["expected"]
    assert written["search_fts"] == written["expected_fts"]


def old_articles(connection, rows: list[dict], later: frozenset[str] | set[str] = frozenset()):
    """Insert ``rows`` into the articles table as it was before 0036 (``body_text``
    stored) and before the migrations that added the ``later`` columns: the model's
    columns but those, each row with the model's defaults."""
    columns = [c for c in Article.__table__.columns if c.name not in later]
    old = table("articles", *(column(c.name, c.type) for c in columns), column("body_text"))
    defaults = {
        c.name: c.default.arg(None) if callable(c.default.arg) else c.default.arg
        for c in columns
        if c.default is not None
    }
    connection.execute(insert(old), [defaults | {"body_text": ""} | row for row in rows])


def test_bodies_saved_before_0016_have_their_figures_linked(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    migrate.upgrade(engine, "0015")
    shown, quoted = "a" * 64, "b" * 64
    with engine.begin() as connection:
        connection.execute(
            insert(Image.__table__),
            [
                {"id": 1, "sha256": shown, "width": 640, "height": 480, "renditions": [640]},
                {"id": 2, "sha256": quoted, "width": 640, "height": 480, "renditions": [640]},
            ],
        )
        figure = f'<figure class="inline"><img src="/media/img/aa/{shown}/640.jpg"></figure>'
        later = {"live_status", "live_started_at", "live_ended_at", "live_oldest_first"}
        later |= {"access", "preview_paragraphs", "gated_html", "language", "translation_of_id"}
        old_articles(
            connection,
            [
                {
                    "id": 1,
                    "slug": "one",
                    "title": "One",
                    "body_format": "markdown",
                    "body_source": "![A](image:1)\n\n`![B](image:2)`",
                    "body_html": figure,
                },
                {
                    "id": 2,
                    "slug": "two",
                    "title": "Two",
                    "body_format": "html",
                    "body_source": "<p>![A](image:1)</p>",
                    "body_html": figure,
                },
                {
                    "id": 3,
                    "slug": "three",
                    "title": "Three",
                    "body_format": "markdown",
                    "body_source": "![Gone](image:7)",
                    "body_html": "",
                },
            ],
            later=later,
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        links = connection.execute(select(ArticleFigure.article_id, ArticleFigure.image_id))
        assert [tuple(row) for row in links] == [(1, 1)]
    engine.dispose()


@pytest.fixture
def empty_url(backend: str, tmp_path):
    """An empty database of each kind: a new SQLite file, a new PostgreSQL database."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    name = f"thepost_migrate_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_0034_leaves_the_stored_pages_out_of_date_and_going_back_removes_them(empty_url):
    """The rows written before are not served (stamp emptied) until ``thepost render``
    writes them again without the body; read meanwhile, they come back as written. The
    old code cannot read compressed rows: going back removes them."""
    engine = make_engine(empty_url)
    migrate.upgrade(engine, "0033")
    parts = ("head", "top", "rest", "card", "thread", "feed", "api")
    with engine.begin() as connection:
        row = {
            "id": 1,
            "slug": "one",
            "title": "One",
            "body_source": "Hi",
            "body_html": "<p>Hi</p>",
        }
        old_articles(connection, [row])
        old = table("article_pages", column("article_id"), column("stamp"), *map(column, parts))
        written = {name: f"<p>{name}</p>" for name in parts}
        connection.execute(insert(old), [{"article_id": 1, "stamp": "current", **written}])
    migrate.upgrade(engine, "0034")
    with engine.connect() as connection:
        stored = connection.execute(select(ArticlePage)).one()
        assert (stored.stamp, stored.body_at) == ("", None)
        assert {name: getattr(stored, name) for name in parts} == written
    with engine.begin() as connection:
        config = migrate.alembic_config(empty_url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0033")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM article_pages")).scalar() == 0
    engine.dispose()


def test_0036_drops_the_plain_text_after_giving_it_to_the_search(empty_url):
    """The search documents PostgreSQL wrote since 0033 without a body (the article's
    ``body_text`` stood in for it) get that text before the column goes; a live blog's
    own body stays. Going back makes every article's text again from its HTML, a batch
    of rows at a time, as ``html_to_text`` makes it."""
    engine = make_engine(empty_url)
    migrate.upgrade(engine, "0035")
    bodies = [
        "<p>Rain &amp; wind, <em>again</em>.</p>\n<h2>Then</h2>\n<p>Sun.</p>",
        '<figure class="inline"><img src="/media/x.jpg"><figcaption>Left out</figcaption>'
        "</figure><p>Only <a href='/a'>this</a>.</p>",
        "",
    ]
    rows = [
        {"id": n, "slug": f"s{n}", "title": f"S{n}", "body_html": html, "body_text": f"old {n}"}
        for n, html in enumerate(bodies * 400, start=1)  # more than a batch (500)
    ]
    postgres = engine.dialect.name == "postgresql"
    with engine.begin() as connection:
        old_articles(connection, rows)
        if postgres:  # as 0033's writing left them: a live blog's body alone kept
            connection.execute(
                text(
                    "INSERT INTO search_documents (article_id, document, language, pairs, body) "
                    "VALUES (1, to_tsvector('simple', 'rain'), 'en', '', NULL), "
                    "(2, to_tsvector('simple', 'blog'), 'en', '', 'The blog, then its entries')"
                )
            )
    migrate.upgrade(engine, "0036")
    with engine.connect() as connection:
        assert "body_text" not in {c["name"] for c in inspect(connection).get_columns("articles")}
        if postgres:
            kept = connection.execute(text("SELECT body FROM search_documents ORDER BY article_id"))
            assert kept.scalars().all() == ["old 1", "The blog, then its entries"]
            body = next(
                c
                for c in inspect(connection).get_columns("search_documents")
                if c["name"] == "body"
            )
            assert body["nullable"] is False
    with engine.begin() as connection:
        config = migrate.alembic_config(empty_url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0035")
    with engine.connect() as connection:
        made = connection.execute(text("SELECT id, body_html, body_text FROM articles ORDER BY id"))
        assert [(n, text_) for n, _html, text_ in made] == [
            (row["id"], html_to_text(row["body_html"])) for row in rows
        ]
        assert html_to_text(bodies[0]) == "Rain & wind, again. Then Sun."
    engine.dispose()
