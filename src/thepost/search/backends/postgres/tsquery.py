"""Compiling a parsed query into a tsquery.

Each part is made by PostgreSQL's own functions from a bound parameter, never by
pasting what a reader typed into SQL or tsquery syntax::

    terms      plainto_tsquery(cfg, :word)                       ANDed (tsquery_and)
    phrases    phraseto_tsquery(cfg, :words)                     'water' <-> 'suppli'
    prefix     to_tsquery(cfg, quote_literal(:prefix) || ':*')
               | stems of known words it starts that :* misses (below)
    excluded   tsquery_not(plainto_tsquery(cfg, :word))          ANDed last

A stem can be shorter than what was typed: "universit" starts "university", whose
lexeme "univers" does not start with "universit". So the prefix also matches, exactly,
the lexemes of the most used vocabulary words starting with it (``PREFIX_WORDS``) that
``prefix:*`` would miss. The compiled tsquery comes back as text in a first, cheap round
trip and is bound as a constant (``constant``), so the planner estimates with the index
statistics of its actual lexemes. A query whose positive part is empty (only stop words,
or only exclusions) finds nothing, never everything.
"""

from __future__ import annotations

import re
from functools import reduce
from typing import Any

from sqlalchemy import ColumnElement, Text, bindparam, cast, exists, func, literal, select
from sqlalchemy.dialects.postgresql import REGCONFIG, TSQUERY
from sqlalchemy.orm import Session

from thepost.search.backends.postgres.vocabulary import like_prefix
from thepost.search.backends.postgres.writing import TITLE_MARK
from thepost.search.models import SearchTerm
from thepost.search.query import Parsed

PREFIX_WORDS = 16  # vocabulary words a prefix also matches exactly

_terms = SearchTerm.__table__
# A quoted lexeme in PostgreSQL's text form of a tsquery: quotes doubled, backslashes
# escaped.
_QUOTED_LEXEME = re.compile(r"'((?:[^'\\]|''|\\.)*)'")


def regconfig(config: str) -> ColumnElement[Any]:
    """The text search configuration ``config`` as a SQL value."""
    return cast(literal(config), REGCONFIG)


def compile_query(session: Session, config: str, query: Parsed) -> tuple[str, str] | None:
    """The query as tsquery text, whole and its positive part alone; None when it can
    match nothing (no words, or only stop words and exclusions)."""
    cfg = regconfig(config)
    # Words from query.parse hold letters and digits only; text PostgreSQL refuses
    # (NUL) is dropped from any other.
    query = Parsed(
        [_text(t) for t in query.terms],
        [[_text(w) for w in p] for p in query.phrases],
        [_text(w) for w in query.excluded],
        _text(query.prefix),
    )
    parts: list[ColumnElement[Any]] = [
        func.plainto_tsquery(cfg, t, type_=TSQUERY) for t in query.terms if t
    ]
    parts += [func.phraseto_tsquery(cfg, " ".join(p), type_=TSQUERY) for p in query.phrases if p]
    if query.prefix:
        parts.append(_prefix(config, query.prefix))
    if not parts:
        return None
    # A materialized CTE: the vocabulary lookup of the prefix runs once, not per use.
    positive = (
        select(reduce(lambda a, b: func.tsquery_and(a, b, type_=TSQUERY), parts).label("q"))
        .cte("positive")
        .prefix_with("MATERIALIZED")
    )
    whole: ColumnElement[Any] = positive.c.q
    for word in filter(None, query.excluded):
        excluded = func.tsquery_not(func.plainto_tsquery(cfg, word), type_=TSQUERY)
        whole = func.tsquery_and(whole, excluded, type_=TSQUERY)
    row = session.execute(
        select(cast(whole, Text), cast(positive.c.q, Text), func.numnode(positive.c.q))
    ).one()
    if not row[2]:
        return None
    return str(row[0]), str(row[1])


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
        .where(_terms.c.term.like(like_prefix(prefix), escape="\\"))
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


def constant(tsquery: str) -> ColumnElement[Any]:
    """A compiled tsquery (PostgreSQL's own output) bound back as a value: the tsquery
    input function parses it without normalising it again."""
    return cast(bindparam(None, tsquery, type_=Text), TSQUERY)


def _text(word: str) -> str:
    return word.replace("\x00", "")
