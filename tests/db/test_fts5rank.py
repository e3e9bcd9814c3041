"""``thepost_bm25``: FTS5's bm25 with the document counts given (``thepost.db.fts5rank``).

Checked against FTS5's own bm25() on one table, expression by expression: with every
count right the scores are the same; a phrase left out adds nothing.
"""

from __future__ import annotations

import random

import pytest
from sqlalchemy import text

from thepost.db import fts5rank, make_engine

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
            conn.execute(text("INSERT INTO t VALUES (:a, :b, :c)"), {"a": title, "b": standfirst,
                                                                      "c": body})  # fmt: skip
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
        only = scores(connection, f"thepost_bm25(t, :given, {WEIGHTS})", '"council"',
                      given=str(council))  # fmt: skip
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
