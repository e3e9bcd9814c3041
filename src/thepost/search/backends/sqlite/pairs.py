"""Adjacent word pairs: the ``search_pairs`` table (migration 0012), which finds and
ranks quoted phrases without checking positions in the full-text index.

Each column of ``search_pairs`` holds, for the same column of ``search_fts``, one token
per two adjacent tokens, in order (``chang\ue002in`` for "change in"). The tokens are
those ``search_fts`` indexes (``analysis``: folded, stemmed in the document's language).
A phrase of two words is then one pair token, and a phrase of three the two-token phrase
of its pairs (``"a b c"`` is ``"a_b b_c"``): a lookup of tokens far rarer than the words,
where ``search_fts`` checks positions in every document holding all the words. The
``facets`` column repeats ``search_fts``'s, so filters (and the language) narrow the walk
here too. The matches found here are ranked in ``search_fts`` by their words, as before
(``reading.ranked``).

The table is contentless (``content=''``): FTS5 keeps no copy of the text. Removing a
row therefore needs the tokens it was written with, which ``writing`` makes again from
the text ``search_fts_texts`` keeps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

TABLE = "search_pairs"
JOIN = "\ue002"  # between the two tokens of a pair: a character no token holds
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


def of(tokens: Mapping[str, Sequence[str]]) -> dict[str, str]:
    """A document's pairs, by column, from its tokens as ``search_fts`` indexes them."""
    return {column: _joined(tokens.get(column, ())) for column in COLUMNS}


def _joined(tokens: Sequence[str]) -> str:
    """The pairs of consecutive ``tokens``, space-separated."""
    return " ".join(a + JOIN + b for a, b in zip(tokens, tokens[1:], strict=False))


def row(rowid: int, made: dict[str, str], facets: str) -> dict[str, object]:
    """The parameters of ``INSERT`` or ``DELETE`` for one document."""
    return {"rowid": rowid, **made, "facets": facets}


def phrase(words: Sequence[str]) -> str | None:
    """The pairs of a phrase's tokens (its words as the index holds them, ``analysis``),
    space-separated (an FTS5 phrase of pair tokens), or None when it has fewer than two
    tokens."""
    found = " ".join(words).split()
    if len(found) < 2:
        return None
    return _joined(found)
