"""``thepost_bm25``, FTS5's bm25 with each phrase's document count given, on SQLite.

FTS5's ``bm25()`` counts, once in every statement, the documents holding each phrase
of the query: a walk of the phrase's whole posting list, which for a common word costs
more than finding and ranking a page of results. ``thepost_bm25(table, counts, weights...)``
is the same score with those counts passed in by the caller (``_fts5rank.c`` says how),
so a search that knows them walks only the rows it ranks.

The function is C, built with the package (``setup.py``; it
needs a C compiler and SQLite's headers, which ``make install`` provides). Python's
sqlite3 module cannot always load extensions, so ``install`` registers the C entry
point with ``sqlite3_auto_extension`` through ctypes, on the SQLite library that
module uses: every SQLite connection the process opens afterwards has the function.
``make_engine`` installs it before an engine opens its first connection, and records on
each new connection whether it has the function (``loaded``). Where the library could
not be built or registered, nothing fails: searches rank with ``bm25()`` as before.

The C code needs SQLite 3.20.0 (``MIN_VERSION``): ``install`` does not load it into an
older library, and the C entry point checks again. Registering can also fail on one
connection alone: that connection still opens, without the function, and ``loaded``
(which asks for ``thepost_fts5rank()``, registered only after ``thepost_bm25``) tells
its searches to rank with ``bm25()``.
"""

from __future__ import annotations

import ctypes
import importlib.machinery
import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

FUNCTION = "thepost_bm25"
INFO_KEY = "fts5rank"  # in a pooled connection's info: whether it has the function
_ENTRY = "thepost_fts5rank_init"
MIN_VERSION = 3_020_000  # sqlite3_bind_pointer, which finds FTS5's API (and _fts5rank.c's)
_PROBE = "SELECT thepost_fts5rank()"

_lock = threading.Lock()
_installed: bool | None = None
# ctypes handles kept for the life of the process: SQLite calls into the library.
_keep: list[object] = []


def library() -> Path | None:
    """The built library beside this module, or None when it was not built."""
    here = Path(__file__).parent
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        found = here / f"_fts5rank{suffix}"
        if found.exists():
            return found
    return None


def install() -> bool:
    """Register the function on every SQLite connection opened from now on, once per
    process; whether it is registered."""
    global _installed
    with _lock:
        if _installed is None:
            _installed = _register()
        return _installed


def _register() -> bool:
    built = library()
    if built is None:
        log.warning("%s is not built: searches rank with FTS5's bm25()", FUNCTION)
        return False
    try:
        import _sqlite3

        host = ctypes.CDLL(_sqlite3.__file__)  # finds the symbols of the SQLite it uses
        version = sqlite_version(host)
        if version < MIN_VERSION:
            log.warning(
                "SQLite %s is older than 3.20.0: %s is not loaded, searches rank with bm25()",
                _dotted(version),
                FUNCTION,
            )
            return False
        ours = ctypes.CDLL(str(built))
        entry = ctypes.cast(getattr(ours, _ENTRY), ctypes.c_void_p)
        auto_extension = host.sqlite3_auto_extension
        auto_extension.argtypes = [ctypes.c_void_p]
        auto_extension.restype = ctypes.c_int
        code = auto_extension(entry)
    except (OSError, AttributeError, ImportError) as error:
        log.warning("%s could not be registered (%s): searches rank with bm25()", FUNCTION, error)
        return False
    if code != 0:
        log.warning("sqlite3_auto_extension failed (%d): searches rank with bm25()", code)
        return False
    _keep.extend([host, ours])
    return True


def sqlite_version(host: ctypes.CDLL) -> int:
    """``sqlite3_libversion_number()`` of the SQLite library ``host`` (3.20.0 is 3020000)."""
    number = host.sqlite3_libversion_number
    number.argtypes = []
    number.restype = ctypes.c_int
    return int(number())


def _dotted(version: int) -> str:
    return f"{version // 1_000_000}.{version // 1000 % 1000}.{version % 1000}"


def loaded(dbapi_connection: sqlite3.Connection) -> bool:
    """Whether this connection has the function."""
    try:
        dbapi_connection.execute(_PROBE).fetchone()
    except sqlite3.Error:
        return False
    return True
