"""The index's own vocabulary on PostgreSQL: counts, and the typo tolerance built on them.

``search_terms`` counts how many indexed documents use each vocabulary word
(``Document.vocabulary``), with a pg_trgm GIN index over ``term`` (migration 0002).
``writing`` keeps the counts exact: ``apply`` adds a change in term order (concurrent
writers lock rows alike) and deletes the words that reach zero.

Typo tolerance: a word the vocabulary does not know gets candidates from the pg_trgm
index (``term % :word``, the most similar first, at pg_trgm's threshold and then at a
lower one; plus, for words of up to 4 letters, whose trigrams a single typo can all
destroy, every known word one edit away); ``spelling.closest`` picks among them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from thepost.search import spelling
from thepost.search.backends.base import chunks

CANDIDATES = 20  # trigram candidates per unknown word
# pg_trgm's default threshold (0.3) misses one transposition in a word of up to 6 letters
# and two edits in one of up to 10; candidates are looked up with this one instead.
SIMILARITY = 0.15
INSERTED = 10_000  # words per statement when the whole vocabulary is written

_ADD_TO_TERMS = text(
    """
    INSERT INTO search_terms (term, documents)
    SELECT term, change FROM unnest(CAST(:terms AS text[]), CAST(:changes AS integer[]))
         AS t(term, change)
    ORDER BY term
    ON CONFLICT (term) DO UPDATE SET documents = search_terms.documents + excluded.documents
    """
)
_DROP_UNUSED_TERMS = text(
    "DELETE FROM search_terms WHERE term = ANY(CAST(:terms AS text[])) AND documents <= 0"
)
_KNOWN = text("SELECT term FROM search_terms WHERE term = ANY(CAST(:terms AS text[]))")
_COUNTS = text("SELECT term, documents FROM search_terms WHERE term = ANY(CAST(:terms AS text[]))")
# Both answered by B-trees: the primary key, and ``term text_pattern_ops`` for the start
# (migration 0035; LIKE's escape character is the backslash by default).
_STARTING = text(
    "SELECT EXISTS (SELECT FROM search_terms WHERE term = :word), "
    "EXISTS (SELECT FROM search_terms WHERE term LIKE :pattern AND term <> :word)"
)
_SET_THRESHOLD = text("SELECT set_config('pg_trgm.similarity_threshold', :value, true)")
_CANDIDATES = text(
    """
    SELECT w.word, c.term, c.documents
    FROM unnest(CAST(:words AS text[])) AS w(word)
    CROSS JOIN LATERAL (
        SELECT term, documents FROM search_terms
        WHERE term % w.word
        ORDER BY similarity(term, w.word) DESC, documents DESC, term
        LIMIT :candidates
    ) AS c
    """
)


def apply(session: Session, changes: Mapping[str, int]) -> None:
    """Add ``changes`` to the vocabulary counts; words reaching 0 leave it."""
    if not changes:
        return
    terms = sorted(changes)
    params = {"terms": terms, "changes": [changes[t] for t in terms]}
    session.execute(_ADD_TO_TERMS, params)
    dropped = [t for t in terms if changes[t] < 0]
    if dropped:
        session.execute(_DROP_UNUSED_TERMS, {"terms": dropped})


def insert(session: Session, counts: Mapping[str, int]) -> None:
    """Write the counts of an empty vocabulary (a rebuild)."""
    terms = sorted(counts)
    for part in chunks(terms, INSERTED):
        session.execute(_ADD_TO_TERMS, {"terms": part, "changes": [counts[t] for t in part]})


def starting(session: Session, prefix: str) -> tuple[bool, bool]:
    """Whether ``prefix`` is a known word, and whether it starts a longer known word."""
    known, longer = session.execute(
        _STARTING, {"word": prefix, "pattern": like_prefix(prefix)}
    ).one()
    return bool(known), bool(longer)


def like_prefix(word: str) -> str:
    """A LIKE pattern (backslash the escape character) for the words starting with
    ``word``."""
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def corrections(session: Session, words: Sequence[str]) -> dict[str, str]:
    """For words the vocabulary does not know, the closest known word."""
    wanted = spelling.correctable(words)
    if not wanted:
        return {}
    known = set(session.scalars(_KNOWN, {"terms": wanted}))
    unknown = [w for w in wanted if w not in known]
    if not unknown:
        return {}
    candidates: dict[str, dict[str, int]] = {w: {} for w in unknown}
    # One typo can break every trigram of a short word ("teh"): try each word one edit
    # away instead.
    variants = {w: spelling.edits1(w) for w in unknown if len(w) <= 4}
    if variants:
        wanted_variants = sorted(set().union(*variants.values()))
        for term, count in session.execute(_COUNTS, {"terms": wanted_variants}):
            for word, near in variants.items():
                if term in near:
                    candidates[word][term] = count
    fixes: dict[str, str] = {}
    pending = unknown
    # The most similar words by trigrams, at pg_trgm's own threshold first, then at a
    # lower one for the words still without a correction.
    for threshold in (None, SIMILARITY):
        with _similarity_threshold(session, threshold):
            rows = session.execute(_CANDIDATES, {"words": pending, "candidates": CANDIDATES})
            for word, term, count in rows:
                candidates[word][term] = count
        for word in pending:
            best = spelling.closest(word, candidates[word])
            if best is not None:
                fixes[word] = best
        pending = [w for w in pending if w not in fixes]
        if not pending:
            break
    return fixes


@contextmanager
def _similarity_threshold(session: Session, value: float | None) -> Iterator[None]:
    """pg_trgm's ``%`` threshold set to ``value`` (None: left alone) for a while, in this
    transaction only."""
    if value is None:
        yield
        return
    previous = session.scalar(text("SELECT current_setting('pg_trgm.similarity_threshold', true)"))
    session.execute(_SET_THRESHOLD, {"value": str(value)})
    yield
    session.execute(_SET_THRESHOLD, {"value": previous or "0.3"})
