"""Adjacent word pairs: the ``search_pairs`` table (migration 0012), which finds and
ranks quoted phrases without checking positions in the full-text index.

Each column of ``search_pairs`` holds, for the same column of ``search_fts``, one token
per two adjacent tokens, in order (``chang\ue002in`` for "change in"). The tokens are
FTS5's own: each text goes through the same ``porter unicode61 remove_diacritics 2``
tokenizer, on an FTS5 table in a private in-memory database, so stems and folding are
those of ``search_fts``. A phrase of two words is then one pair token, and a phrase of
three the two-token phrase of its pairs (``"a b c"`` is ``"a_b b_c"``): a lookup of
tokens far rarer than the words, where ``search_fts`` checks positions in every
document holding all the words. The ``facets`` column repeats ``search_fts``'s, so
filters narrow the walk here too. The matches found here are ranked in ``search_fts``
by their words, as before (``reading.ranked``).

The table is contentless (``content=''``): FTS5 keeps no copy of the text. Removing a
row therefore needs the tokens it was written with, which ``of`` makes again from the
text ``search_fts`` still holds (``writing``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence
from typing import Any

TABLE = "search_pairs"
JOIN = "\ue002"  # between the two tokens of a pair: a character no token holds
TOKENIZE = "porter unicode61 remove_diacritics 2"  # search_fts's, migration 0002
# The pairs table splits on spaces only what ``of`` wrote: its tokens are already folded.
PAIR_TOKENIZE = "unicode61 remove_diacritics 0"
COLUMNS = ("title", "standfirst", "tags", "authors", "section", "body")
_ALL = ", ".join((*COLUMNS, "facets"))
_VALUES = ", ".join(f":{c}" for c in (*COLUMNS, "facets"))
CREATE = (
    f"CREATE VIRTUAL TABLE {TABLE} USING fts5({_ALL}, content = '', tokenize = '{PAIR_TOKENIZE}')"
)
INSERT = f"INSERT INTO {TABLE} (rowid, {_ALL}) VALUES (:rowid, {_VALUES})"
# A contentless row is removed by giving back the values it was written with.
DELETE = f"INSERT INTO {TABLE} ({TABLE}, rowid, {_ALL}) VALUES ('delete', :rowid, {_VALUES})"

_local = threading.local()
_TOKENS = 'SELECT doc, col, "offset", term FROM tokens'
_INSERT = f"INSERT INTO doc (rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})"
_CLEAR = "INSERT INTO doc (doc) VALUES ('delete-all')"


def _tokenizer() -> sqlite3.Connection:
    """This thread's in-memory database holding a copy of ``search_fts``'s tokenizer."""
    connection: sqlite3.Connection | None = getattr(_local, "connection", None)
    if connection is None:
        connection = sqlite3.connect(":memory:", isolation_level=None)
        connection.execute(
            f"CREATE VIRTUAL TABLE doc USING fts5({', '.join(COLUMNS)}, content = '', "
            f"tokenize = '{TOKENIZE}')"
        )
        connection.execute("CREATE VIRTUAL TABLE tokens USING fts5vocab(doc, instance)")
        _local.connection = connection
    return connection


def of(documents: Sequence[Sequence[Any]]) -> dict[int, dict[str, str]]:
    """The pairs of each document, given as (rowid, title, standfirst, tags, authors,
    section, body) as written to ``search_fts``: column name to text."""
    if not documents:
        return {}
    connection = _tokenizer()
    connection.execute("BEGIN")
    try:
        connection.executemany(_INSERT, documents)
        placed: dict[tuple[int, str], dict[int, str]] = {}
        for doc, col, offset, term in connection.execute(_TOKENS).fetchall():
            at = placed.get((doc, col))
            if at is None:
                at = placed[doc, col] = {}
            at[offset] = term
    finally:
        connection.execute(_CLEAR)
        connection.execute("COMMIT")
    made: dict[int, dict[str, str]] = {row[0]: dict.fromkeys(COLUMNS, "") for row in documents}
    for (doc, col), at in placed.items():
        made[doc][col] = _joined([at[i] for i in range(len(at))])
    return made


def _joined(tokens: Sequence[str]) -> str:
    """The pairs of consecutive ``tokens``, space-separated."""
    return " ".join(a + JOIN + b for a, b in zip(tokens, tokens[1:], strict=False))


def row(rowid: int, made: dict[str, str], facets: str) -> dict[str, object]:
    """The parameters of ``INSERT`` or ``DELETE`` for one document."""
    return {"rowid": rowid, **made, "facets": facets}


def tokens(text: str) -> list[str]:
    """``text`` as ``search_fts`` tokenizes it."""
    connection = _tokenizer()
    connection.execute("BEGIN")
    try:
        connection.execute("INSERT INTO doc (rowid, title) VALUES (1, ?)", (text,))
        found = [t for (t,) in connection.execute('SELECT term FROM tokens ORDER BY "offset"')]
    finally:
        connection.execute(_CLEAR)
        connection.execute("COMMIT")
    return found


def phrase(words: Sequence[str]) -> str | None:
    """The pairs of a phrase's tokens, space-separated (an FTS5 phrase of pair tokens),
    or None when it has fewer than two tokens."""
    found = tokens(" ".join(words))
    if len(found) < 2:
        return None
    return _joined(found)
