"""Full-text search over published articles: "Hi, what are you looking for?"

``query.parse`` turns what a reader typed into terms, quoted phrases, exclusions and a
prefix for the last word; a backend (``backends/``: SQLite FTS5, the default, or
PostgreSQL full text) compiles that into its own syntax, ranks with field weights and a
small freshness boost, and returns hits with highlighted snippets. ``documents`` says what
of an article is indexed. The index is written in the same transaction as the article
(an in-transaction event subscriber wired in ``thepost.app``), and every search joins
the articles table with the read-time visibility rule, so drafts, future-scheduled and
unpublished stories are never found.

May import ``thepost.db``, ``thepost.content.models`` and ``thepost.content.queries``
(for visibility); never ``web``.
"""
