"""The migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from thepost.db import make_engine
from thepost.db.base import Base

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
