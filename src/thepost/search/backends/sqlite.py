"""SQLite FTS5 search backend (being written)."""

from __future__ import annotations

from thepost.search.backends.base import SearchBackend


class SqliteSearch(SearchBackend):
    name = "sqlite"

    def index(self, session, article_ids):  # type: ignore[no-untyped-def]
        pass

    def rebuild(self, session, *, progress=None, batch=500):  # type: ignore[no-untyped-def]
        return 0
