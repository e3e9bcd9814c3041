"""``thepost_bm25``: FTS5's bm25 with the document counts given (``thepost.db.fts5rank``).

Checked against FTS5's own bm25() on one table, expression by expression: with every
count right the scores are the same; a phrase left out adds nothing. And where it cannot
be had (a SQLite older than 3.20.0, a connection where registering fails), searches
still run, ranked by bm25().
"""

from __future__ import annotations

import _sqlite3
import ctypes
import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import event, text

from search.steps import publish, run
from thepost.db import fts5rank, make_engine
from thepost.search.backends.sqlite import SqliteSearch

WORDS = "the of council harbour vote ferry budget night market bridge library".split()
WEIGHTS = "10.0, 5.0, 1.0"


@pytest.fixture
def connection(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'rank.sqlite3'}")
    with engine.connect() as conn:
        conn.execute(text("CREATE VIRTUAL TABLE t USING fts5(title, standfirst, body)"))
        conn.execute(text("CREATE VIRTUAL TABLE t_rows USING fts5vocab(t, row)"))
        rng = random.Random(7)
        weights = [30, 20, 6, 3, 3, 2, 2, 1, 1, 1, 1]
        for _ in range(120):
            title, standfirst, body = (
                " ".join(rng.choices(WORDS, weights, k=k)) for k in (4, 9, rng.randint(5, 60))
            )
            conn.execute(
                text("INSERT INTO t VALUES (:a, :b, :c)"), {"a": title, "b": standfirst, "c": body}
            )
        yield conn
    engine.dispose()


def scores(conn, score: str, match: str, **params) -> dict[int, float]:
    sql = f"SELECT rowid, {score} FROM t WHERE t MATCH :match"
    return dict(conn.execute(text(sql), {"match": match, **params}).all())


def documents(conn, word: str) -> int:
    return int(conn.scalar(text("SELECT doc FROM t_rows WHERE term = :w"), {"w": word}) or 0)


def test_every_sqlite_connection_has_it(connection) -> None:
    assert fts5rank.library() is not None, "the C library was not built (make install)"
    assert connection.info[fts5rank.INFO_KEY] is True
    assert fts5rank.loaded(connection.connection.dbapi_connection)


@pytest.mark.parametrize(
    ("match", "given"),
    [
        ('"council"', ["council"]),
        ('"the"', ["the"]),
        ('"council" AND "harbour"', ["council", "harbour"]),
        ('"the" AND "of" AND "ferry"', ["the", "of", "ferry"]),
        ('"council" OR "bridge"', ["council", "bridge"]),
        ('"harbour" AND "bri" *', ["harbour", -1]),
        ('"council harbour" AND "vote"', [-1, "vote"]),
        ('("budget" AND "night") NOT "ferry"', ["budget", "night", "x"]),
    ],
)
def test_with_the_counts_it_is_bm25(connection, match, given) -> None:
    counts = " ".join(
        str(documents(connection, g)) if isinstance(g, str) and g != "x" else str(g) for g in given
    )
    expected = scores(connection, f"bm25(t, {WEIGHTS})", match)
    assert expected, match
    got = scores(connection, f"thepost_bm25(t, :given, {WEIGHTS})", match, given=counts)
    assert got.keys() == expected.keys()
    for rowid, score in expected.items():
        assert got[rowid] == pytest.approx(score, rel=1e-12, abs=1e-15)
    counted = " ".join("x" if g == "x" else "-1" for g in given)
    assert scores(connection, f"thepost_bm25(t, :given, {WEIGHTS})", match, given=counted) == (
        pytest.approx(expected, rel=1e-12, abs=1e-15)
    )


def test_a_phrase_left_out_adds_nothing(connection) -> None:
    match = '"council" AND "harbour"'
    alone = scores(connection, f"bm25(t, {WEIGHTS})", '"council" AND "harbour"')
    council = documents(connection, "council")
    for given in (f"{council} x", f"{council}", f"{council} nonsense"):
        got = scores(connection, f"thepost_bm25(t, :given, {WEIGHTS})", match, given=given)
        only = scores(
            connection, f"thepost_bm25(t, :given, {WEIGHTS})", '"council"', given=str(council)
        )
        assert got == pytest.approx({r: only[r] for r in got}, rel=1e-12)
        assert got != pytest.approx(alone)
    nothing = scores(connection, f"thepost_bm25(t, '', {WEIGHTS})", match)
    assert set(nothing.values()) == {0.0}


def test_a_stale_count_moves_a_score_but_not_the_order(connection) -> None:
    """The same weight for every row: one word's order is bm25's whatever its count."""
    exact = scores(connection, f"bm25(t, {WEIGHTS})", '"ferry"')
    stale = scores(connection, f"thepost_bm25(t, '3', {WEIGHTS})", '"ferry"')
    assert sorted(exact, key=lambda r: (exact[r], r)) == sorted(stale, key=lambda r: (stale[r], r))


def test_without_the_library_nothing_fails(monkeypatch, caplog) -> None:
    """Not built (no compiler at install): install says so, and searches use bm25()."""
    monkeypatch.setattr(fts5rank, "_installed", None)
    monkeypatch.setattr(fts5rank, "library", lambda: None)
    assert fts5rank.install() is False
    assert "not built" in caplog.text


@pytest.mark.parametrize(("version", "installed"), [(3_019_004, False), (3_020_000, True)])
def test_below_sqlite_3_20_the_library_is_not_loaded(
    monkeypatch, caplog, version, installed
) -> None:
    """The C code finds FTS5 with sqlite3_bind_pointer, new in SQLite 3.20.0: an older
    library is never handed it."""
    monkeypatch.setattr(fts5rank, "_installed", None)
    monkeypatch.setattr(fts5rank, "_keep", [])
    monkeypatch.setattr(fts5rank, "sqlite_version", lambda host: version)
    assert fts5rank.install() is installed
    assert bool(fts5rank._keep) is installed  # the library loaded and kept, or not at all
    assert ("SQLite 3.19.4 is older than 3.20.0" in caplog.text) is not installed


def test_the_version_is_the_loaded_librarys() -> None:
    major, minor, patch = sqlite3.sqlite_version_info
    host = ctypes.CDLL(_sqlite3.__file__)
    assert fts5rank.sqlite_version(host) == major * 1_000_000 + minor * 1000 + patch


@dataclass
class C:
    """SQLite's C interface through ctypes, and the library's entry point with the
    routines SQLite hands it."""

    host: ctypes.CDLL
    entry: Callable[..., int]
    routines: int


@pytest.fixture
def c() -> Iterator[C]:
    assert fts5rank.install()
    host = ctypes.CDLL(_sqlite3.__file__)
    for name, argtypes in {
        "sqlite3_auto_extension": [ctypes.c_void_p],
        "sqlite3_cancel_auto_extension": [ctypes.c_void_p],
        "sqlite3_open": [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)],
        "sqlite3_prepare_v2": [
            ctypes.c_void_p,
            ctypes.c_char_p,
            ctypes.c_int,
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.c_void_p,
        ],
        "sqlite3_step": [ctypes.c_void_p],
        "sqlite3_finalize": [ctypes.c_void_p],
        "sqlite3_close": [ctypes.c_void_p],
    }.items():
        getattr(host, name).argtypes = argtypes
    entry = ctypes.CDLL(str(fts5rank.library())).thepost_fts5rank_init
    entry.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
    entry.restype = ctypes.c_int
    routines: list[int] = []

    @ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p)
    def capture(db, error, given):  # an automatic extension too: it keeps the routines
        routines.append(given)
        return 0

    assert host.sqlite3_auto_extension(ctypes.cast(capture, ctypes.c_void_p)) == 0
    try:
        db = ctypes.c_void_p()
        assert host.sqlite3_open(b":memory:", ctypes.byref(db)) == 0
        host.sqlite3_close(db)
    finally:
        host.sqlite3_cancel_auto_extension(ctypes.cast(capture, ctypes.c_void_p))
    yield C(host, entry, routines[0])


def test_a_failed_registration_leaves_the_connection_open(c) -> None:
    """The entry point runs inside sqlite3_open, which fails if it returns an error.
    Here registering thepost_fts5rank() fails for real: SQLite refuses to redefine a
    function while a statement of the connection runs (SQLITE_BUSY). The entry point
    still returns SQLITE_OK, and the connection keeps working."""
    db, statement = ctypes.c_void_p(), ctypes.c_void_p()
    assert c.host.sqlite3_open(b":memory:", ctypes.byref(db)) == 0  # with both functions
    try:
        sql = b"SELECT thepost_fts5rank() UNION ALL SELECT 2"
        assert c.host.sqlite3_prepare_v2(db, sql, -1, ctypes.byref(statement), None) == 0
        assert c.host.sqlite3_step(statement) == 100  # SQLITE_ROW: running
        assert c.entry(db, None, c.routines) == 0
        assert c.host.sqlite3_step(statement) == 100
        assert c.host.sqlite3_step(statement) == 101  # SQLITE_DONE
    finally:
        c.host.sqlite3_finalize(statement)
        assert c.host.sqlite3_close(db) == 0


@pytest.fixture
def unregistered(c) -> Iterator[None]:
    """Connections opened meanwhile have neither function, as where registering failed."""
    entry = ctypes.cast(c.entry, ctypes.c_void_p)
    assert c.host.sqlite3_cancel_auto_extension(entry) == 1
    try:
        yield
    finally:
        assert c.host.sqlite3_auto_extension(entry) == 0


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    """Overrides conftest's: the function is SQLite's."""
    return str(request.param)


def test_a_connection_without_the_function_ranks_with_bm25(services, request) -> None:
    """Each connection says whether it has the function (``loaded``, on connecting), and
    its searches rank with thepost_bm25 or with bm25() by that: the same hits, in the
    same order."""
    assert isinstance(services.search, SqliteSearch)
    publish(services, title="Harbour wall repaired", body="The harbour is open.")
    publish(services, title="Council meets", body="The harbour budget, again.")
    publish(services, title="Ferry times", body="From the harbour at noon, harbour fees.")
    for n in range(5):  # fewer than half hold the word: bm25 weighs it
        publish(services, title=f"Market day {n}", body="Stalls by the bridge.")
    statements: list[str] = []
    event.listen(
        services.engine, "before_cursor_execute", lambda _c, _k, sql, *_: statements.append(sql)
    )

    def searched() -> tuple[bool | None, list[tuple[int, str]], bool]:
        statements.clear()
        with services.reads() as session:
            has = session.connection().info.get(fts5rank.INFO_KEY)
        hits = [(h.article_id, h.snippet) for h in run(services, "harbour").hits]
        return has, hits, any(fts5rank.FUNCTION in sql for sql in statements)

    has, counted, used = searched()
    assert has is True and used and len(counted) == 3
    services.engine.dispose()  # the pool's connections go; new ones open without it
    request.getfixturevalue("unregistered")
    with services.engine.connect() as connection:
        assert not fts5rank.loaded(connection.connection.dbapi_connection)
    has, plain, used = searched()
    assert has is False and not used
    assert plain == counted
