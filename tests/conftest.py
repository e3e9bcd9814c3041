"""Shared fixtures. Storage tests take ``services`` and run once on SQLite and once on
PostgreSQL (the real server on 127.0.0.1); a missing server is a loud skip, which
``.ci/run`` turns into a failure."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from argon2 import PasswordHasher
from sqlalchemy import Engine, text
from starlette.testclient import TestClient

from mailserver import MailServer
from s3server import S3Server
from thepost.accounts import passwords
from thepost.app import build_services, create_app
from thepost.config import Settings
from thepost.db import make_engine
from thepost.db.base import Base
from thepost.db.migrate import upgrade
from thepost.services import Services

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
START = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class Clock:
    """An injectable clock: tests move time instead of sleeping."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(autouse=True, scope="session")
def _quick_password_hashing() -> Iterator[None]:
    """argon2id at a small cost in the suite: at the site's own (64 MiB, two passes) each
    account a test makes, and each sign-in, took a tenth to a fifth of a second. A hash
    names its parameters, so servers started as processes of their own still verify
    these and rehash them at sign-in; ``test_login`` checks the site's parameters."""
    site = passwords.HASHER
    passwords.HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    passwords.HASHER = site


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once is faster)."""
    path = tmp_path_factory.mktemp("template") / "thepost.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    name = f"thepost_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL not reachable at 127.0.0.1:5432 ({exc}); start it to run these")
    admin.execute(f'CREATE DATABASE "{name}"')
    url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    try:
        yield url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _truncate_postgres(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if backend == "sqlite":
        path = tmp_path / "thepost.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def services(settings: Settings, clock: Clock) -> Iterator[Services]:
    services = build_services(settings, clock=clock)
    if services.engine.dialect.name == "postgresql":
        _truncate_postgres(services.engine)
    yield services
    services.close()


@pytest.fixture
def client(settings: Settings, services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(settings, services=services), follow_redirects=False) as client:
        yield client


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    """An S3-compatible server on loopback, for the whole run (buckets keep tests apart)."""
    server = S3Server()
    server.start()
    yield server
    server.stop()


@pytest.fixture(params=["local", "s3"])
def media_store(request: pytest.FixtureRequest) -> dict[str, object]:
    """The settings of each media store: a directory, and a fresh bucket on ``s3_server``.
    A test module runs on both by overriding ``settings`` with these on top."""
    if request.param == "local":
        return {}
    return request.getfixturevalue("s3_server").bucket()


@pytest.fixture
def mail_server() -> Iterator[MailServer]:
    """A real SMTP server on loopback, not started: tests that want it up call ``start()``."""
    server = MailServer()
    yield server
    server.stop()


@pytest.fixture
def smtp(mail_server: MailServer) -> MailServer:
    mail_server.start()
    return mail_server
