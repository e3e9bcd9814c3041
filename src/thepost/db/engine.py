"""Engines and sessions.

SQLite runs in WAL mode with ``synchronous=FULL`` (an acknowledged write survives a
crash), foreign keys on and a busy timeout so concurrent writers wait instead of failing.
Its connections get the search's ranking function (``fts5rank``) where it is built.

A PostgreSQL connection taken from the pool is tried first (``SELECT 1``) only when it
has lain idle for ``IDLE_PING_SECONDS``: a ping before every use is a round trip on every
page, most of a fast page's time when the database is on another host. A connection the
server dropped while it was idle (a restart, an idle timeout, a proxy) is replaced
unnoticed; one dropped while in use fails the statement in flight, as it would with a
ping, and SQLAlchemy then replaces every pooled connection older than the failure.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

T = TypeVar("T")

IDLE_PING_SECONDS = 10.0
_IDLE_FROM = "thepost_idle_from"


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        memory = url in ("sqlite://", "sqlite:///:memory:")
        if memory:
            kwargs.setdefault("poolclass", StaticPool)
        kwargs.setdefault("connect_args", {"check_same_thread": False})
        # Imported here: it loads sqlite3 and ctypes, which a worker on PostgreSQL need not.
        from thepost.db import fts5rank

        fts5rank.install()  # before the engine opens a connection
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    idle_ping = kwargs.pop("idle_ping_seconds", IDLE_PING_SECONDS)
    engine = create_engine(url, **kwargs)
    if not kwargs.get("pool_pre_ping"):
        event.listen(engine, "checkin", _idle_from)
        event.listen(engine, "checkout", functools.partial(_ping_if_idle, engine, idle_ping))
    return engine


def plain_reads(engine: Engine) -> Engine:
    """``engine`` for reads made of plain ``SELECT``s, one after another, in autocommit:
    each statement sees what was committed when it began, as it does in PostgreSQL's
    READ COMMITTED transaction, and a page's reads send no ``BEGIN`` and ``ROLLBACK`` (on
    PostgreSQL two round trips; on SQLite about a tenth of the home page's time). Not
    for reads that set a transaction's own settings (``set_config(..., true)``: the
    search) or stream from a server-side cursor (``yield_per``: the feeds), which need
    one."""
    if engine.dialect.name == "sqlite":
        return engine.execution_options(sqlite_immediate=False, sqlite_autocommit=True)
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def _idle_from(dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_FROM] = time.monotonic()


def _ping_if_idle(
    engine: Engine, idle_ping: float, dbapi_connection: Any, record: Any, proxy: Any
) -> None:
    since = record.info.get(_IDLE_FROM)
    if since is None or time.monotonic() - since < idle_ping:
        return  # new, or back in the pool a moment ago
    try:
        engine.dialect.do_ping(dbapi_connection)
    except engine.dialect.loaded_dbapi.Error as exc:
        # The pool drops this connection and checks out another (a new one, if need be).
        raise DisconnectionError(f"an idle pooled connection was closed: {exc}") from exc


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
    from thepost.db import fts5rank  # imported already: make_engine installed it

    record.info[fts5rank.INFO_KEY] = fts5rank.loaded(dbapi_connection)


def _sqlite_begin(connection: Any) -> None:
    options = connection.get_execution_options()
    if options.get("sqlite_autocommit"):
        return  # each statement its own transaction (``plain_reads``)
    connection.exec_driver_sql(
        "BEGIN IMMEDIATE" if options.get("sqlite_immediate", True) else "BEGIN"
    )


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
