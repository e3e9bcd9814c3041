"""The package's one C part, the search's ranking function for SQLite
(``thepost.db.fts5rank``): a library loaded with ctypes, never imported. It is optional:
without a C compiler or SQLite's headers the package still installs, and searches rank
with FTS5's own bm25(). Everything else is in pyproject.toml."""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "thepost.db._fts5rank",
            sources=["src/thepost/db/_fts5rank.c"],
            libraries=["m"],
            optional=True,
        )
    ]
)
