"""Words in more than half of the indexed documents, which bm25 cannot rank by.

FTS5's bm25 gives a word the weight ``log((N - n + 0.5) / (n + 0.5))`` for ``n``
documents holding it out of ``N``, and ``1e-6`` when that is not above 0, that is when
at least half of the documents hold it ("the", "of", and in this archive "parliament").
Such a word moves a score by at most ``2.2e-6``; yet bm25 counts its documents, a walk
of its whole posting list, once in every statement that ranks by it. So a query that
holds one beside a rarer word is ranked by the rarer words alone (``reading.ranked``),
and the frequent word only has to match.

Which words are frequent is read from ``search_fts_rows`` (an ``fts5vocab`` table, the
same walk, migration 0012) once per word and kept for ``TTL`` seconds. A word counts as
frequent from ``SHARE`` of the documents up, a margin above one half so that the
articles written meanwhile cannot bring it back under.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from sqlalchemy import text
from sqlalchemy.orm import Session

from thepost.search.backends.sqlite import pairs

TTL = 600.0
SHARE = 0.55
KEPT = 10_000  # words remembered at most (readers type anything): then forgotten at once
VOCABULARY = "search_fts_rows"
CREATE = f"CREATE VIRTUAL TABLE {VOCABULARY} USING fts5vocab(search_fts, row)"
_DOCUMENTS = text(f"SELECT doc FROM {VOCABULARY} WHERE term = :term")
_ROWS = text("SELECT count(*) FROM search_fts_docsize")


class Frequent:
    """A cache of which query words are frequent, for one database."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._rows: tuple[float, int] | None = None  # (read at, N)
        self._words: dict[str, tuple[float, bool]] = {}  # word: (read at, frequent)

    def of(self, session: Session, words: Iterable[str]) -> set[str]:
        """Which of ``words`` (as ``query.words`` gives them) at least ``SHARE`` of the
        indexed documents hold."""
        now = self._clock()
        found = set()
        for word in words:
            with self._lock:
                known = self._words.get(word)
            if known is None or now - known[0] > TTL:
                known = (now, self._measure(session, word, now))
                with self._lock:
                    if len(self._words) >= KEPT:
                        self._words.clear()
                    self._words[word] = known
            if known[1]:
                found.add(word)
        return found

    def _measure(self, session: Session, word: str, now: float) -> bool:
        tokens = pairs.tokens(word)
        if len(tokens) != 1:
            return False
        with self._lock:
            rows = self._rows
        if rows is None or now - rows[0] > TTL:
            rows = (now, int(session.scalar(_ROWS) or 0))
            with self._lock:
                self._rows = rows
        documents = int(session.scalar(_DOCUMENTS, {"term": tokens[0]}) or 0)
        return rows[1] > 0 and documents >= SHARE * rows[1]
