"""Typo tolerance shared by every backend: which known word a misspelt one meant.

A backend finds candidates its own way (FTS5 trigrams, pg_trgm) and asks ``closest``
to pick: fewest edits (Damerau-Levenshtein, at most 2, or 1 for words of four letters
or fewer), then the word more documents use. ``correctable`` says which words are worth
a look; ``edits1`` lists every word one edit away, for short words whose trigrams a single
typo can break ("teh")::

    >>> closest("alepo", {"aleppo": 12, "alps": 3})
    'aleppo'
"""

from __future__ import annotations

from collections.abc import Iterable

ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def correctable(words: Iterable[str]) -> list[str]:
    """The words worth correcting, each once: three characters or more, letters and
    digits only, not a number."""
    return [w for w in dict.fromkeys(words) if len(w) >= 3 and w.isalnum() and not w.isdigit()]


def limit_for(word: str) -> int:
    return 1 if len(word) <= 4 else 2


def edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    letters = ALPHABET + "".join(sorted(set(word) - set(ALPHABET)))
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in letters}
    out |= {a + c + b for a, b in splits for c in letters}
    out.discard(word)
    return out


def closest(word: str, candidates: dict[str, int]) -> str | None:
    """The candidate fewest edits away (within the limit), then the most used."""
    limit = limit_for(word)
    best: tuple[int, int, str] | None = None
    for term, count in candidates.items():
        if term == word:
            continue
        d = distance(word, term, limit)
        if d > limit:
            continue
        key = (d, -count, term)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def distance(a: str, b: str, limit: int) -> int:
    """Damerau-Levenshtein distance (optimal string alignment) between ``a`` and ``b``,
    or ``limit + 1`` as soon as it must exceed ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
