"""Filter values as index tokens: the ``facets`` column of ``search_fts``.

Each document's ``facets`` column holds ``s<section id>``, and ``y<year>``,
``q<year><quarter>`` and ``m<year><month>`` of its publish time (UTC), e.g.
``s12 y2026 q20264 m202611``, each token
led by ``MARK``, a private-use character that FTS5 keeps inside a token and a reader's
words (``query.words``) never hold, so no query a reader types can match a facet. A section or
date filter then joins the match as ``{facets} : (...)``, so FTS5 intersects the word's
doclist with the filter's instead of walking every match outside the filter. A date range
is the OR of the fewest whole years, quarters and months that cover the months it
touches (an OR of many tokens costs FTS5 a merge of them all); the exact bounds (its
first and last day) are still checked on the article, as is the section. The column has bm25 weight
0, so facets do not change the ranking.

A document in a language other than the index's own (``search.state``: a translation)
holds ``FOREIGN`` and its language's token (``l`` and the tag, ``\ue001les``); a
document in the site's own language holds neither. A search in another language joins
the match as its language's token; a search in the site's own leaves out the matches
holding ``FOREIGN``, a short list, so a site in one language searches as it always has.
"""

from __future__ import annotations

import re
from datetime import datetime

COLUMN = "facets"
MARK = "\ue001"
MAX_TOKENS = 60  # a longer OR than this filters too little to pay for itself
FOREIGN = f"{MARK}l"  # in every document in a language other than the index's own


def of(section_id: int | None, published_at: datetime | None, foreign: str = "") -> str:
    """A document's facet tokens; ``foreign``: its language, when not the index's own."""
    tokens = [] if section_id is None else [section(section_id)]
    if published_at is not None:
        y, m = published_at.year, published_at.month
        tokens += [year(y), quarter(y, (m + 2) // 3), month(y, m)]
    if foreign:
        tokens += [FOREIGN, language(foreign)]
    return " ".join(tokens)


def language(tag: str) -> str:
    """The token of the documents in ``tag``'s language: its letters and digits, never
    anything an FTS5 string would read as syntax ("pt-br": ``\ue001lpt\ue001br``)."""
    return f"{MARK}l{MARK.join(re.findall(r'[a-z0-9]+', tag.lower())) or MARK}"


def section(section_id: int) -> str:
    return f"{MARK}s{section_id}"


def year(year: int) -> str:
    return f"{MARK}y{year:04d}"


def quarter(year: int, quarter: int) -> str:
    return f"{MARK}q{year:04d}{quarter}"


def month(year: int, month: int) -> str:
    return f"{MARK}m{year:04d}{month:02d}"


def dates(first: datetime, last: datetime) -> list[str]:
    """The fewest tokens covering the months from ``first``'s to ``last``'s (both
    included): whole years as ``y`` tokens, whole quarters as ``q``, other months as
    ``m``. Empty when that takes more than ``MAX_TOKENS``."""
    if last < first:
        return []
    tokens: list[str] = []
    for y in range(first.year, last.year + 1):
        low = first.month if y == first.year else 1
        high = last.month if y == last.year else 12
        if low == 1 and high == 12:
            tokens.append(year(y))
            continue
        m = low
        while m <= high:
            if m % 3 == 1 and m + 2 <= high:
                tokens.append(quarter(y, (m + 2) // 3))
                m += 3
            else:
                tokens.append(month(y, m))
                m += 1
        if len(tokens) > MAX_TOKENS:
            return []
    return tokens


def expression(tokens: list[str], ranges: list[list[str]]) -> str:
    """``{facets} : (...)``: every one of ``tokens``, and one token of each of
    ``ranges``."""
    parts = [*map(_string, tokens), *("(" + " OR ".join(map(_string, r)) + ")" for r in ranges)]
    return "{" + COLUMN + "} : (" + " AND ".join(parts) + ")"


def held(token: str) -> str:
    """``{facets} : "token"``: the documents holding one token."""
    return "{" + COLUMN + "} : " + _string(token)


def _string(token: str) -> str:
    return f'"{token}"'  # our own tokens: no quote to double
