"""The PostgreSQL pool: a connection is tried only after lying idle, and the reader's
pages read in autocommit (``db/engine.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError

from conftest import PG_ADMIN
from thepost.db import make_engine, make_session_factory
from thepost.db.engine import plain_reads


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(text("SELECT pg_backend_pid()")))


def _terminate(pid: int) -> None:
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
        # gone once the server no longer lists it
        for _ in range(100):
            found = admin.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
            if found.fetchone() is None:
                return
            admin.execute("SELECT pg_sleep(0.02)")
    raise AssertionError(f"backend {pid} still running")


@pytest.fixture
def one_connection(postgres_url: str, request: pytest.FixtureRequest) -> Iterator[Engine]:
    engine = make_engine(postgres_url, pool_size=1, max_overflow=0, **request.param)
    yield engine
    engine.dispose()


@pytest.mark.parametrize("one_connection", [{"idle_ping_seconds": 0.0}], indirect=True)
def test_a_connection_closed_while_idle_is_replaced_unnoticed(one_connection: Engine) -> None:
    first = _backend_pid(one_connection)
    _terminate(first)
    assert _backend_pid(one_connection) != first  # tried, found closed, replaced


@pytest.mark.parametrize("one_connection", [{"idle_ping_seconds": 3600.0}], indirect=True)
def test_a_connection_used_a_moment_ago_is_not_tried_first(one_connection: Engine) -> None:
    first = _backend_pid(one_connection)
    _terminate(first)
    # No round trip to try it: the statement finds it closed, as one in flight would...
    with pytest.raises(DBAPIError) as failed:
        _backend_pid(one_connection)
    assert failed.value.connection_invalidated
    # ...and the pool has replaced it for the next.
    assert _backend_pid(one_connection) != first


def test_page_reads_hold_no_transaction_open_on_postgresql(postgres_url: str) -> None:
    engine = make_engine(postgres_url, pool_size=1, max_overflow=0)  # one connection for all
    try:
        for factory, after_a_read in (
            (make_session_factory(plain_reads(engine)), psycopg.pq.TransactionStatus.IDLE),
            (make_session_factory(engine), psycopg.pq.TransactionStatus.INTRANS),
        ):
            with factory() as session:
                session.execute(text("SELECT 1"))
                status = session.connection().connection.dbapi_connection.info.transaction_status
                assert status == after_a_read
                session.execute(text("SELECT 2"))
        # A connection handed back by the page reads is transactional again for the rest.
        with make_session_factory(engine)() as session:
            session.execute(text("SELECT 1"))
            dbapi = session.connection().connection.dbapi_connection
            assert dbapi.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
    finally:
        engine.dispose()


def test_page_reads_hold_no_transaction_open_on_sqlite(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'reads.sqlite3'}", pool_size=1, max_overflow=0)
    try:
        for factory, open_after_a_read in (
            (make_session_factory(plain_reads(engine)), False),
            (make_session_factory(engine.execution_options(sqlite_immediate=False)), True),
        ):
            with factory() as session:
                session.execute(text("SELECT 1"))
                dbapi = session.connection().connection.dbapi_connection
                assert dbapi.in_transaction is open_after_a_read
    finally:
        engine.dispose()
