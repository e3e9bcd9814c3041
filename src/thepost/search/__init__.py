"""Full-text search over published articles: "Hi, what are you looking for?"

``query.parse`` turns what a reader typed into terms, quoted phrases, exclusions and a
prefix for the last word; a backend (``backends/``: SQLite FTS5, the default, or
PostgreSQL full text) compiles that into its own syntax, ranks with field weights and a
small freshness boost, and returns hits with highlighted snippets. ``documents`` says what
of an article is indexed. The index is written in the same transaction as the article
(an in-transaction event subscriber wired in ``thepost.app``), and every search joins
the articles table with the read-time visibility rule, so drafts, future-scheduled and
unpublished stories are never found.

Languages. Each story is analysed in its own language: ``Article.language``, or the
site's for a story in the site's own ("") language. ``languages`` says how each language
is analysed (a PostgreSQL text search configuration; a Snowball stemmer and stop words,
which the SQLite backend applies in Python), so "elecciones" finds "elección". A search
runs in one language, the reader's, passed by the caller (the site's own by default):
the query is analysed in it and only the stories (and pages, ``pages``) in it are found,
so an English reader's search leaves the Spanish translations out and ``/es/search``
finds the Spanish stories alone::

    backend.search(session, parse("elecciones"), now=now, language="es")

The index records the site's language it was built in (``state``), and analyses the
site's own stories in that one, so it is always of one piece. A change of the site's
language in the newsroom settings emits ``SiteSettingsChanged``; the reaction wired in
``thepost.app`` calls ``SearchBackend.follow_site_language``, which finds the site's
language and the recorded one apart and rebuilds the index in the new language, in the
settings' own transaction: from the commit on, indexing and searching use the new
language, with nobody running a command, and searches read the old index until then.
The price is a settings save as long as ``thepost reindex`` (about 2 ms a story), paid
once, when the site's language changes: a change of any other setting costs one lookup.

May import ``thepost.db``, ``thepost.i18n``, ``thepost.content.models``,
``thepost.content.queries`` and ``page_queries`` (for visibility, and pages' addresses)
and ``thepost.content.site`` (the site's language); never ``web``.
"""
