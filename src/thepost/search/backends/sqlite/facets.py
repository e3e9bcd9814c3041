"""Filter values as index tokens: the ``facets`` column of ``search_fts``.

Each document's ``facets`` column holds ``s<section id>``, ``y<year>`` and
``m<year><month>`` of its publish time (UTC), e.g. ``s12 y2026 m202611``, each token
led by ``MARK``, a private-use character that FTS5 keeps inside a token and a reader's
words (``query.words``) never hold, so no query a reader types can match a facet. A section or
date filter then joins the match as ``{facets} : (...)``, so FTS5 intersects the word's
doclist with the filter's instead of walking every match outside the filter. A date range
is the OR of the whole years and the months it touches; the exact bounds (its first and
last day) are still checked on the article, as is the section. The column has bm25 weight
0, so facets do not change the ranking.
"""

from __future__ import annotations

from datetime import datetime

COLUMN = "facets"
MARK = "\ue001"
MAX_TOKENS = 60  # a longer OR than this filters too little to pay for itself


def of(section_id: int | None, published_at: datetime | None) -> str:
    """A document's facet tokens."""
    tokens = [] if section_id is None else [section(section_id)]
    if published_at is not None:
        tokens += [year(published_at.year), month(published_at.year, published_at.month)]
    return " ".join(tokens)


def section(section_id: int) -> str:
    return f"{MARK}s{section_id}"


def year(year: int) -> str:
    return f"{MARK}y{year:04d}"


def month(year: int, month: int) -> str:
    return f"{MARK}m{year:04d}{month:02d}"


def dates(first: datetime, last: datetime) -> list[str]:
    """Tokens covering every moment from ``first`` to ``last`` (both included): whole
    years as ``y`` tokens, the months of partly covered years as ``m`` tokens. Empty
    when that takes more than ``MAX_TOKENS``."""
    if last < first:
        return []
    tokens: list[str] = []
    for y in range(first.year, last.year + 1):
        low = first.month if y == first.year else 1
        high = last.month if y == last.year else 12
        if low == 1 and high == 12:
            tokens.append(year(y))
        else:
            tokens += [month(y, m) for m in range(low, high + 1)]
        if len(tokens) > MAX_TOKENS:
            return []
    return tokens


def expression(tokens: list[str], ranges: list[list[str]]) -> str:
    """``{facets} : (...)``: every one of ``tokens``, and one token of each of
    ``ranges``."""
    parts = [*map(_string, tokens), *("(" + " OR ".join(map(_string, r)) + ")" for r in ranges)]
    return "{" + COLUMN + "} : (" + " AND ".join(parts) + ")"


def _string(token: str) -> str:
    return f'"{token}"'  # our own tokens: no quote to double
