"""How many indexed documents hold each query word, kept in the process.

Two things need it. ``thepost_bm25`` (``thepost.db.fts5rank``) ranks with these counts
instead of counting, in every statement, the documents of each word as FTS5's bm25()
does. And where that function is missing, a word in most documents is left out of
bm25(), which cannot rank by it: bm25 gives a word the weight
``log((N - n + 0.5) / (n + 0.5))`` for ``n`` documents holding it out of ``N``, and
``1e-6`` when that is not above 0, that is when at least half of the documents hold it
("the", "of", and in this archive "parliament"). Such a word moves a score by at most
``2.2e-6``; yet bm25 walks its whole posting list to count it.

A word's count is read from ``search_fts_rows`` (an ``fts5vocab`` table, migration 0012:
the same walk) once and kept for ``TTL`` seconds, or until this process changes the
index (``forget``). Another process's writes show after ``TTL``: until then a word's
weight may be a little off, by the same factor for every document a search ranks. A
word counts as frequent from ``SHARE`` of the documents up, a margin above one half so
that the articles written meanwhile cannot bring it back under.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping

from sqlalchemy import text
from sqlalchemy.orm import Session

TTL = 600.0
SHARE = 0.55
KEPT = 10_000  # words remembered at most (readers type anything): then forgotten at once
VOCABULARY = "search_fts_rows"
CREATE = f"CREATE VIRTUAL TABLE {VOCABULARY} USING fts5vocab(search_fts, row)"
_DOCUMENTS = text(f"SELECT doc FROM {VOCABULARY} WHERE term = :term")
_ROWS = text("SELECT count(*) FROM search_fts_docsize")


class Counts:
    """A cache of how many documents hold each query word, for one database."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._rows: tuple[float, int] | None = None  # (read at, N)
        self._words: dict[str, tuple[float, int | None]] = {}  # word: (read at, n)

    def forget(self) -> None:
        """Drop every count: this process has just changed the index."""
        with self._lock:
            self._rows = None
            self._words.clear()

    def documents(self, session: Session) -> int:
        """How many documents the index holds (N)."""
        now = self._clock()
        with self._lock:
            rows = self._rows
        if rows is None or now - rows[0] > TTL:
            rows = (now, int(session.scalar(_ROWS) or 0))
            with self._lock:
                self._rows = rows
        return rows[1]

    def of(self, session: Session, words: Iterable[str]) -> dict[str, int | None]:
        """For each of ``words`` (as the index holds them, ``analysis.query``), the
        documents holding it; None for a word that is not one token."""
        now = self._clock()
        found: dict[str, int | None] = {}
        for word in words:
            with self._lock:
                known = self._words.get(word)
            if known is None or now - known[0] > TTL:
                known = (now, self._measure(session, word))
                with self._lock:
                    if len(self._words) >= KEPT:
                        self._words.clear()
                    self._words[word] = known
            found[word] = known[1]
        return found

    def _measure(self, session: Session, word: str) -> int | None:
        if len(word.split()) != 1:
            return None
        return int(session.scalar(_DOCUMENTS, {"term": word}) or 0)


def frequent(found: Mapping[str, int | None], documents: int) -> set[str]:
    """Which words of ``found`` (``Counts.of``) at least ``SHARE`` of the ``documents``
    indexed hold."""
    return {w for w, n in found.items() if n is not None and documents and n >= SHARE * documents}
