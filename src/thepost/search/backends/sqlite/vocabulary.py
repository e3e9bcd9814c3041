"""The index's own vocabulary on SQLite: counts, and the trigrams typo tolerance uses.

``search_terms`` counts how many indexed documents use each vocabulary word
(``Document.vocabulary``), and ``search_trigrams`` is an FTS5 trigram table over those
words; its rowid is a 63-bit hash of the word, so one word's row is found without a scan.

A word the vocabulary does not know gets the ``CANDIDATES`` known words sharing the most
trigrams with it (plus, for words of up to 4 letters, whose trigrams a single typo can
all destroy, every known word one edit away); ``spelling.closest`` picks among them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from thepost.search import spelling
from thepost.search.backends.base import chunks
from thepost.search.backends.sqlite.reading import string

CANDIDATES = 50  # known words measured against a misspelling
CHUNK = 500  # ids or words per IN (...) list

_TERM_COUNTS = text("SELECT term, documents FROM search_terms WHERE term IN :terms").bindparams(
    bindparam("terms", expanding=True)
)
_INSERT_TERM = text("INSERT INTO search_terms (term, documents) VALUES (:term, :documents)")
_UPDATE_TERM = text("UPDATE search_terms SET documents = :documents WHERE term = :term")
_DELETE_TERM = text("DELETE FROM search_terms WHERE term = :term")
_INSERT_TRIGRAM = text("INSERT INTO search_trigrams (rowid, term) VALUES (:rowid, :term)")
_DELETE_TRIGRAM = text("DELETE FROM search_trigrams WHERE rowid = :rowid")
_STARTING = text(
    "SELECT term FROM search_terms WHERE term >= :low AND term < :high ORDER BY term LIMIT 2"
)
# Known words sharing trigrams with a misspelling, those sharing the most (and rarest)
# first: only these few are measured by edit distance.
_CANDIDATES = text(
    "SELECT search_terms.term, search_terms.documents FROM ("
    "SELECT term FROM search_trigrams WHERE search_trigrams MATCH :match "
    "AND length(term) BETWEEN :shortest AND :longest ORDER BY rank LIMIT :many"
    ") AS shared JOIN search_terms ON search_terms.term = shared.term"
)


def counts(session: Session, words: Sequence[str]) -> dict[str, int]:
    """How many documents use each of ``words`` that the vocabulary knows."""
    found: dict[str, int] = {}
    for chunk in chunks(list(words), CHUNK):
        found.update(((t, n) for t, n in session.execute(_TERM_COUNTS, {"terms": chunk})))
    return found


def starting(session: Session, prefix: str) -> tuple[bool, bool]:
    """Whether ``prefix`` is a known word, and whether it starts a longer known word."""
    params = {"low": prefix, "high": prefix + "\U0010ffff"}
    terms = list(session.scalars(_STARTING, params))
    return prefix in terms, any(t != prefix for t in terms)


def corrections(session: Session, words: Sequence[str]) -> dict[str, str]:
    """For words the vocabulary does not know, the closest known word."""
    wanted = spelling.correctable(words)
    if not wanted:
        return {}
    known = counts(session, wanted)
    fixes = {}
    for word in wanted:
        if word in known:
            continue
        best = _closest(session, word)
        if best is not None:
            fixes[word] = best
    return fixes


def _closest(session: Session, word: str) -> str | None:
    limit = spelling.limit_for(word)
    candidates: dict[str, int] = {}
    trigrams = list(dict.fromkeys(word[i : i + 3] for i in range(len(word) - 2)))
    if trigrams:
        params = {
            "match": " OR ".join(string(t) for t in trigrams),
            "shortest": len(word) - limit,
            "longest": len(word) + limit,
            "many": CANDIDATES,
        }
        candidates.update(((t, n) for t, n in session.execute(_CANDIDATES, params)))
    if len(word) <= 4:
        # One typo can break every trigram of a short word ("teh"): try each word one
        # edit away instead.
        candidates.update(counts(session, sorted(v for v in spelling.edits1(word) if len(v) >= 3)))
    return spelling.closest(word, candidates)


def apply(session: Session, delta: dict[str, int]) -> None:
    """Add ``delta`` to the vocabulary counts; words reaching 0 leave the vocabulary
    and the trigram table, words leaving 0 join both."""
    if not delta:
        return
    current = counts(session, sorted(delta))
    totals = {t: max(current.get(t, 0) + change, 0) for t, change in delta.items()}
    changed = [t for t, n in totals.items() if n != current.get(t, 0)]
    gone = [t for t in changed if totals[t] == 0]
    new = [t for t in changed if totals[t] and not current.get(t)]
    kept = [t for t in changed if totals[t] and current.get(t)]
    if gone:
        session.execute(_DELETE_TERM, [{"term": t} for t in gone])
        session.execute(_DELETE_TRIGRAM, [{"rowid": _term_id(t)} for t in gone])
    if kept:
        session.execute(_UPDATE_TERM, [{"term": t, "documents": totals[t]} for t in kept])
    if new:
        insert(session, {t: totals[t] for t in new})


def insert(session: Session, totals: dict[str, int]) -> None:
    """Add words the vocabulary does not hold yet, with their counts."""
    terms = sorted(totals)
    if terms:
        session.execute(_INSERT_TERM, [{"term": t, "documents": totals[t]} for t in terms])
        session.execute(_INSERT_TRIGRAM, [{"rowid": _term_id(t), "term": t} for t in terms])


def _term_id(term: str) -> int:
    """A stable 63-bit rowid for a vocabulary word in ``search_trigrams``."""
    digest = hashlib.blake2b(term.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 1
