"""PostgreSQL full-text search backend: a weighted tsvector per article, a GIN index.

Tables (migrations 0002, 0030, 0032, 0033, 0036): ``search_documents`` holds one row
per published or scheduled article, its ``document`` a tsvector in the text search
configuration of the article's language (``search.languages``: ``thepost_english`` is
English stemming with every word kept, accents folded by unaccent), that language, which
a search in it finds, the article's publish time and section, the document's adjacent
word ``pairs``, which find quoted phrases, and the ``body`` text snippets are made from;
``search_terms`` holds the vocabulary.
``writing`` keeps them in step with the articles, in the article's own transaction, and
says what a document holds; ``tsquery`` compiles what a reader typed; ``reading`` finds,
ranks, counts and makes snippets; ``vocabulary`` keeps the word counts and picks
corrections for misspellings.

Relevance is ``ts_rank_cd`` with field weights (a headline match ten times a body
match) times the freshness boost every backend applies (``reading``). The last word
(whole first, then maybe a prefix) and misspellings are handled as on every backend
(``search.retries``).

The modules here may import ``thepost.search`` (documents, languages, models, query,
retries, spelling, state, ``backends.base``), ``thepost.content`` (models, the
visibility rule) and ``thepost.db``. Outside the package, only ``PostgresSearch`` is used.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from thepost.search import languages, retries, state
from thepost.search.backends.base import Filters, Progress, Results, SearchBackend
from thepost.search.backends.postgres import reading, vocabulary, writing
from thepost.search.query import Parsed


class PostgresSearch(SearchBackend):
    name = "postgres"

    def __init__(self) -> None:
        self._slices = reading.Slices()

    def index(self, session: Session, article_ids: Sequence[int]) -> None:
        writing.index(session, article_ids)

    def rebuild(
        self, session: Session, *, progress: Progress | None = None, batch: int = 500
    ) -> int:
        rebuilt = writing.rebuild(session, progress=progress, batch=batch)
        self._slices.forget()
        return rebuilt

    def _empty(self, session: Session) -> None:
        writing.empty(session)
        self._slices.forget()

    def _settle(self, session: Session) -> None:
        writing.settle(session)

    def corrections(self, session: Session, words: Sequence[str]) -> dict[str, str]:
        return vocabulary.corrections(session, words)

    def search(
        self,
        session: Session,
        query: Parsed,
        *,
        now: datetime,
        language: str | None = None,
        filters: Filters = Filters(),
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
    ) -> Results:
        searched = _language(session, language)

        def run(parsed: Parsed) -> Results:
            return reading.search(
                session, searched, parsed, now, filters, sort, limit, offset, self._slices
            )

        def count(parsed: Parsed) -> int:
            return reading.matches(session, searched, parsed, now, filters, self._slices)

        steps = retries.Steps(
            run=run,
            count=count,
            starting=functools.partial(vocabulary.starting, session),
            corrections=functools.partial(self.corrections, session),
        )
        return retries.search(query, steps)

    def suggest(
        self,
        session: Session,
        query: Parsed,
        *,
        now: datetime,
        language: str | None = None,
        limit: int = 5,
    ) -> list[int]:
        searched = _language(session, language)
        return reading.suggest(session, searched, query, now=now, limit=limit)


def _language(session: Session, language: str | None) -> str:
    """The language searched: the reader's, or (None) the site's own as indexed."""
    return languages.tag(language) if language else state.own_language(session)
