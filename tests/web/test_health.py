"""/healthz says the process is up; /readyz that the database answers at the right schema."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from starlette.testclient import TestClient

from thepost.app import create_app
from thepost.config import Settings
from thepost.db import migrate, revisions


def test_healthz_and_readyz_on_a_migrated_database(client) -> None:
    for path in ("/healthz", "/readyz"):
        answer = client.get(path)
        assert answer.status_code == 200, path
        assert answer.headers["cache-control"] == "no-store"
        assert client.head(path).status_code == 200


def test_readyz_refuses_when_migrations_are_pending(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'new.sqlite3'}")
    client = TestClient(create_app(settings))  # no lifespan: nothing else reads the database
    assert client.get("/healthz").status_code == 200
    answer = client.get("/readyz")
    assert answer.status_code == 503 and "migrations pending" in answer.text


def test_readyz_refuses_when_the_database_is_unreachable(tmp_path) -> None:
    url = "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"
    client = TestClient(create_app(Settings(data_dir=tmp_path, database_url=url)))
    answer = client.get("/readyz")
    assert answer.status_code == 503 and "unreachable" in answer.text


def test_readyz_refuses_a_database_one_migration_behind(tmp_path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'old.sqlite3'}")
    app = create_app(settings)
    engine = app.state.services.engine
    scripts = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    previous = scripts.get_revision(revisions.head()).down_revision
    migrate.upgrade(engine, previous)
    assert TestClient(app).get("/readyz").status_code == 503
    migrate.upgrade(engine)
    assert TestClient(app).get("/readyz").status_code == 200


def test_the_head_is_read_as_alembic_reads_it() -> None:
    scripts = ScriptDirectory.from_config(migrate.alembic_config("sqlite://"))
    assert revisions.head() == scripts.get_current_head()
