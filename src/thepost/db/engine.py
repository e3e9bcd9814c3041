"""Engines and sessions.

SQLite runs in WAL mode with ``synchronous=FULL`` (an acknowledged write survives a
crash), foreign keys on and a busy timeout so concurrent writers wait instead of failing.
Its connections get the search's ranking function (``fts5rank``) where it is built.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from thepost.db import fts5rank

T = TypeVar("T")


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        if memory:
            kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        fts5rank.install()  # before the engine opens a connection
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, say when transactions begin (savepoints
    # need it), and begin writers with IMMEDIATE: a deferred transaction that reads and
    # then writes fails at once with "database is locked" when another wrote meanwhile,
    # whatever the busy timeout.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    record.info[fts5rank.INFO_KEY] = fts5rank.loaded(dbapi_connection)


def _sqlite_begin(connection: Any) -> None:
    immediate = connection.get_execution_options().get("sqlite_immediate", True)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def retry_locked(write: Callable[[], T], *, tries: int = 12, pause: float = 0.1) -> T:
    """Run ``write`` (a whole transaction) again when SQLite says the database is locked.
    SQLite's lock is not handed out in turn: a writer that takes it back to back (a large
    import's chunks) can keep another past its busy timeout, and the next try finds a
    gap. Any other error, or the last try's, is raised."""
    for attempt in range(tries):
        try:
            return write()
        except OperationalError as exc:
            if "database is locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(pause * (attempt + 1))
    raise AssertionError("unreachable")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
