"""PostgreSQL full-text search backend: a weighted tsvector per article, a GIN index.

Tables (migration 0002): ``search_documents`` holds one row per published or scheduled
article, its ``document`` a tsvector in the text search configuration given to the
constructor (``thepost_english``: English stemming, accents folded by unaccent);
``search_terms`` holds the vocabulary. ``writing`` keeps them in step with the
articles, in the article's own transaction, and says what a document holds;
``tsquery`` compiles what a reader typed; ``reading`` finds, ranks, counts and makes
snippets; ``vocabulary`` keeps the word counts and picks corrections for misspellings.

Relevance is ``ts_rank_cd`` with field weights (a headline match ten times a body
match) times the freshness boost every backend applies (``reading``). The last word
(whole first, then maybe a prefix) and misspellings are handled as on every backend
(``search.retries``).

The modules here may import ``thepost.search`` (documents, models, query, retries,
spelling, ``backends.base``), ``thepost.content`` (models, the visibility rule) and
``thepost.db``. Outside the package, only ``PostgresSearch`` is used.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from thepost.search import retries
from thepost.search.backends.base import Filters, Progress, Results, SearchBackend
from thepost.search.backends.postgres import reading, vocabulary, writing
from thepost.search.query import Parsed


class PostgresSearch(SearchBackend):
    name = "postgres"

    def __init__(self, config: str = "thepost_english") -> None:
        """``config``: the text search configuration (language) documents and queries are
        analysed with; changing it needs a ``rebuild``."""
        self.config = config

    def index(self, session: Session, article_ids: Sequence[int]) -> None:
        writing.index(session, self.config, article_ids)

    def rebuild(
        self, session: Session, *, progress: Progress | None = None, batch: int = 500
    ) -> int:
        return writing.rebuild(session, self.config, progress=progress, batch=batch)

    def corrections(self, session: Session, words: Sequence[str]) -> dict[str, str]:
        return vocabulary.corrections(session, words)

    def search(
        self,
        session: Session,
        query: Parsed,
        *,
        now: datetime,
        filters: Filters = Filters(),
        sort: str = "relevance",
        limit: int = 10,
        offset: int = 0,
    ) -> Results:
        def run(parsed: Parsed) -> Results:
            return reading.search(session, self.config, parsed, now, filters, sort, limit, offset)

        steps = retries.Steps(
            run=run,
            count=lambda parsed: reading.matches(session, self.config, parsed, now, filters),
            starting=functools.partial(vocabulary.starting, session),
            corrections=functools.partial(self.corrections, session),
        )
        return retries.search(query, steps)

    def suggest(
        self, session: Session, query: Parsed, *, now: datetime, limit: int = 5
    ) -> list[int]:
        return reading.suggest(session, self.config, query, now=now, limit=limit)
