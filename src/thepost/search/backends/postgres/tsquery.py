"""Compiling a parsed query into a tsquery.

Each part is made by PostgreSQL's own functions from a bound parameter, never by
pasting what a reader typed into SQL or tsquery syntax::

    terms      plainto_tsquery(cfg, :word)                       ANDed (tsquery_and)
    phrases    phraseto_tsquery(cfg, :words)                     'water' <-> 'suppli'
    prefix     to_tsquery(cfg, quote_literal(:prefix) || ':*')
               | stems of known words it starts that :* misses (below)
    excluded   tsquery_not(plainto_tsquery(cfg, :word))          ANDed last

A phrase is found through ``pairs`` (``writing``): its words are looked for in
``document`` and its adjacent pairs, chained, in ``pairs`` ("water supply" is
'water' & 'suppli' there and the one pair 'water_suppli' here), which the GIN index
answers without reading any document's positions; a document's positions are only read
for a phrase with a hole (a stop word the configuration drops, as Spanish does) or of
three words or more, and then only for the documents holding all its pairs.

A stem can be shorter than what was typed: "universit" starts "university", whose
lexeme "univers" does not start with "universit". So the prefix also matches, exactly,
the lexemes of the most used vocabulary words starting with it (``PREFIX_WORDS``) that
``prefix:*`` would miss. The compiled tsqueries come back as text in a first, cheap round
trip and are bound back as values (``reading``), so the planner estimates with the index
statistics of their actual lexemes. A query whose positive part is empty (only stop
words, or only exclusions) finds nothing, never everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Text,
    cast,
    exists,
    func,
    literal,
    null,
    select,
)
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY
from sqlalchemy.orm import Session

from thepost.search.backends.postgres.vocabulary import like_prefix
from thepost.search.backends.postgres.writing import PAIR_MARK, TITLE_MARK
from thepost.search.models import SearchTerm
from thepost.search.query import Parsed

PREFIX_WORDS = 16  # vocabulary words a prefix also matches exactly

_terms = SearchTerm.__table__
# A quoted lexeme in PostgreSQL's text form of a tsquery: quotes doubled, backslashes
# escaped.
_QUOTED_LEXEME = re.compile(r"'((?:[^'\\]|''|\\.)*)'")
_UNQUOTED = re.compile(r"'(')|\\(.)")  # a doubled quote, an escaped character
# A tsvector's text, a part at a time: a quoted run ('it' of 'it''s', a doubled quote
# ending one run and starting the next, adjacent) or a list of positions (:1,3A). Each
# part is matched once, left to right, so no text is read twice (``_lexemes``).
_TSVECTOR_PART = re.compile(r"'((?:[^'\\]|\\.)*+)'|:([0-9A-D,]+)")


def regconfig(config: str) -> ColumnElement[Any]:
    """The text search configuration ``config`` as a SQL value."""
    return cast(literal(config), REGCONFIG)


@dataclass(frozen=True)
class Compiled:
    """A query as tsquery text (PostgreSQL's own output, bound back as it is).

    ``matched`` is what ``document`` must match ("" for nothing): the words, the prefix,
    the exclusions, and each phrase that has no chain of word pairs (a stop word dropped
    inside it leaves a hole). ``pairs`` is what ``pairs`` must match: the other phrases'
    chains (``thepost_word_pairs``), which hold their words too (with exclusions and no
    other word, the words are in ``matched`` as well, so the documents' index is never
    asked for exclusions alone). ``words`` is the positive part with each phrase as its
    words (what ranks, as SQLite ranks a phrase), ``whole`` keeps every phrase as a
    phrase (what snippets mark) and ``positive`` is its part without the exclusions
    (what search-as-you-type looks for in headlines)."""

    matched: str
    pairs: str | None
    words: str
    whole: str
    positive: str


def compile_query(session: Session, config: str, query: Parsed) -> Compiled | None:
    """The query compiled in ``config``; None when it can match nothing (no words, or
    only stop words and exclusions)."""
    cfg = regconfig(config)
    # Words from query.parse hold letters and digits only; text PostgreSQL refuses
    # (NUL) is dropped from any other.
    query = Parsed(
        [_text(t) for t in query.terms],
        [[_text(w) for w in p] for p in query.phrases],
        [_text(w) for w in query.excluded],
        _text(query.prefix),
    )
    phrases = [" ".join(p) for p in query.phrases if p]
    terms: list[ColumnElement[Any]] = [
        func.plainto_tsquery(cfg, t, type_=TSQUERY) for t in query.terms if t
    ]
    if query.prefix:
        terms.append(_prefix(config, query.prefix))
    if not terms and not phrases:
        return None
    # A materialized CTE: the vocabulary lookup of the prefix runs once, not per use.
    words = _and(terms).cte("words").prefix_with("MATERIALIZED") if terms else None
    columns: list[ColumnElement[Any]] = []
    for phrase in phrases:
        columns += [
            cast(func.phraseto_tsquery(cfg, phrase, type_=TSQUERY), Text),
            cast(func.plainto_tsquery(cfg, phrase, type_=TSQUERY), Text),
            cast(func.to_tsvector(cfg, phrase), Text),
        ]
    excluded = [
        cast(func.plainto_tsquery(cfg, w, type_=TSQUERY), Text) for w in query.excluded if w
    ]
    stmt = select(cast(words.c.q, Text) if words is not None else null(), *columns, *excluded)
    row = list(session.execute(stmt).one())
    return _assembled(row, len(phrases))


def _assembled(row: list[Any], phrases: int) -> Compiled | None:
    """``Compiled`` from ``compile_query``'s row: the words' tsquery, then per phrase its
    tsquery, its words' and its tsvector, then the exclusions' tsqueries."""
    words, rest = row[0], row[1:]
    found = [(rest[3 * i], rest[3 * i + 1], chain(rest[3 * i + 2])) for i in range(phrases)]
    excluded = [f"!( {q} )" for q in rest[3 * phrases :] if q]
    whole = [q for q in [words, *(phrase for phrase, _, _ in found)] if q]
    if not whole:
        return None  # only stop words
    matched = [q for q in [words, *(phrase for phrase, _, pairs in found if not pairs)] if q]
    if excluded and not matched:
        matched = [w for _, w, pairs in found if pairs and w]
    positive = _all(whole)
    return Compiled(
        matched=" & ".join([_all(matched), *excluded]) if matched else "",
        pairs=_all([pairs for _, _, pairs in found if pairs]) or None,
        words=_all([q for q in [words, *(w if pairs else p for p, w, pairs in found)] if q]),
        whole=" & ".join([positive, *excluded]),
        positive=positive,
    )


def _all(parts: list[str]) -> str:
    return " & ".join(f"( {q} )" for q in parts)


def _and(parts: list[ColumnElement[Any]]) -> Select[tuple[Any]]:
    return select(reduce(lambda a, b: func.tsquery_and(a, b, type_=TSQUERY), parts).label("q"))


def _lexemes(tsvector: str) -> Iterator[tuple[str, str]]:
    """(lexeme as quoted, doubled quotes kept; its positions) of a tsvector's text."""
    word, end = "", -1
    for m in _TSVECTOR_PART.finditer(tsvector):
        run, positions = m.group(1), m.group(2)
        if run is not None:
            word = f"{word}''{run}" if m.start() == end else run
            end = m.end()
        elif m.start() == end:
            yield word, positions
            end = -1


def chain(tsvector: str) -> str | None:
    """A phrase's word pairs (its tsvector's text) as a tsquery over ``pairs``
    ('a_b' <-> 'b_c', each pair made as ``thepost_word_pairs`` makes it); None when the
    phrase has fewer than two words or a hole between two (a stop word dropped)."""
    placed: dict[int, str] = {}
    for lexeme, positions in _lexemes(tsvector):
        for position in positions.split(","):
            placed[int(position.rstrip("ABCD"))] = lexeme
    order = sorted(placed)
    if len(order) < 2 or order[-1] - order[0] != len(order) - 1:
        return None
    pairs = [f"{PAIR_MARK}{placed[p]}{PAIR_MARK}{placed[p + 1]}" for p in order[:-1]]
    return " <-> ".join(f"'{pair}'" for pair in pairs)


def _prefix(config: str, prefix: str) -> ColumnElement[Any]:
    """``prefix:*`` after stemming, or the stems of the most used vocabulary words that
    start with the prefix, where ``prefix:*`` misses them ("universit" starts
    "university", whose stem "univers" does not start with "universit")."""
    cfg = regconfig(config)
    stem = func.to_tsquery(cfg, func.quote_literal(prefix).concat(":*"), type_=TSQUERY)
    if len(prefix) < 3:
        return stem
    words = (
        select(_terms.c.term)
        .where(_terms.c.term.like(like_prefix(prefix)))
        .order_by(_terms.c.documents.desc(), _terms.c.term)
        .limit(PREFIX_WORDS)
        .subquery()
    )
    lexemes = select(
        func.unnest(func.tsvector_to_array(func.to_tsvector(cfg, words.c.term))).label("lexeme")
    ).subquery()
    typed = select(
        func.unnest(func.tsvector_to_array(func.to_tsvector(cfg, prefix))).label("lexeme")
    ).subquery()
    missed = (
        select(
            # Lexemes already analysed: the "simple" configuration keeps them as they are.
            func.to_tsquery(
                regconfig("simple"),
                func.string_agg(func.quote_literal(lexemes.c.lexeme), " | "),
            )
        )
        .where(~exists().where(func.starts_with(lexemes.c.lexeme, typed.c.lexeme)))
        .scalar_subquery()
    )
    # tsquery_or is strict: with nothing missed it gives NULL, and the stem alone.
    return func.coalesce(func.tsquery_or(stem, missed, type_=TSQUERY), stem, type_=TSQUERY)


def in_title(tsquery: str) -> str:
    """The same tsquery over the headline's own lexemes (``TITLE_MARK`` and the lexeme,
    see ``writing``)."""
    return _QUOTED_LEXEME.sub(lambda m: f"'{TITLE_MARK}{m.group(1)}'", tsquery)


def _unquoted(m: re.Match[str]) -> str:
    return m.group(1) or m.group(2)


def lexemes(tsquery: str) -> list[str]:
    """The lexemes a tsquery's text names."""
    return [_UNQUOTED.sub(_unquoted, m.group(1)) for m in _QUOTED_LEXEME.finditer(tsquery)]


def _text(word: str) -> str:
    return word.replace("\x00", "")
