"""The migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, select, text

from thepost.content.models import Article, ArticleFigure, Image
from thepost.db import make_engine
from thepost.db.base import Base
from thepost.db.migrate import upgrade

# Each search backend keeps its index in tables of its own engine's kind (FTS5 virtual
# tables, a tsvector table), made by migrations 0002 and 0012 and not described by the models.
ENGINE_OWN = ("search_fts", "search_trigrams", "search_documents", "search_pairs")


def _ours(obj, name, type_, reflected, compare_to) -> bool:
    table = obj.table.name if type_ in ("index", "column") else name
    if type_ == "index" and name == "ix_search_terms_trigram":
        return False
    return not (reflected and compare_to is None and str(table).startswith(ENGINE_OWN))


def test_migrations_match_the_models(services) -> None:
    with services.engine.connect() as connection:
        opts = {"compare_type": True, "include_object": _ours}
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.sqlite3'}")
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    engine.dispose()


def test_bodies_saved_before_0016_have_their_figures_linked(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    upgrade(engine, "0015")
    shown, quoted = "a" * 64, "b" * 64
    with engine.begin() as connection:
        connection.execute(insert(Image.__table__), [
            {"id": 1, "sha256": shown, "width": 640, "height": 480, "renditions": [640]},
            {"id": 2, "sha256": quoted, "width": 640, "height": 480, "renditions": [640]},
        ])  # fmt: skip
        figure = f'<figure class="inline"><img src="/media/img/aa/{shown}/640.jpg"></figure>'
        connection.execute(insert(Article.__table__), [
            {"id": 1, "slug": "one", "title": "One", "body_format": "markdown",
             "body_source": "![A](image:1)\n\n`![B](image:2)`", "body_html": figure},
            {"id": 2, "slug": "two", "title": "Two", "body_format": "html",
             "body_source": "<p>![A](image:1)</p>", "body_html": figure},
            {"id": 3, "slug": "three", "title": "Three", "body_format": "markdown",
             "body_source": "![Gone](image:7)", "body_html": ""},
        ])  # fmt: skip
    upgrade(engine)
    with engine.connect() as connection:
        links = connection.execute(select(ArticleFigure.article_id, ArticleFigure.image_id))
        assert [tuple(row) for row in links] == [(1, 1)]
    engine.dispose()
