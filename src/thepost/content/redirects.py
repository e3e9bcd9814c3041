"""Old addresses that answer 301: an imported site's permalinks, its ``/?p=12`` links and
feeds. Each names its target by kind and id; the web layer turns that into the target's
current address when the old one is asked for, so a later slug change costs no second
hop::

    remember(session, [Old("/2019/03/14/storm", "article", 7)])
    lookup(session, "/2019/03/14/storm/")   # -> that row (the trailing slash is ignored)
    lookup(session, "/", {"p": "12"})        # -> the row for "/?p=12"
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from thepost.content.models import Redirect
from thepost.db.base import table

# The query parameters an old address may be told by (WordPress's plain permalinks).
QUERY_KEYS = ("p", "page_id", "attachment_id", "cat", "tag", "author")
MAX_PATH = 500
_SLASHES = re.compile("/{2,}")


class Old(NamedTuple):
    """An old address to remember (``remember``): a ``Redirect`` row's values."""

    path: str
    kind: str
    target_id: int | None
    url: str = ""
    source: str = ""


def key(path: str, query: Mapping[str, str] | None = None) -> str:
    """The form an address is kept and looked up in: its path, percent-decoded, without
    a trailing slash; a plain permalink's one parameter appended (``/?p=12``)."""
    path = _SLASHES.sub("/", unquote(path))  # "//greek/x": a link written with one too many
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    for name in QUERY_KEYS:
        value = (query or {}).get(name, "")
        if value:
            return f"{path}?{name}={value}"[:MAX_PATH]
    return path[:MAX_PATH]


def key_of_url(url: str) -> str:
    """``key`` for a full address as an export writes it (``https://site/2019/03/x/``)."""
    parts = urlsplit(url.strip())
    query = dict(
        pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair and pair[0] != "="
    )
    return key(parts.path or "/", query)


def lookup(session: Session, path: str, query: Mapping[str, str] | None = None) -> Redirect | None:
    wanted = key(path, query)
    if wanted == "/":
        return None
    return session.get(Redirect, wanted)


def remember(session: Session, redirects: Iterable[Old]) -> int:
    """Add or replace these redirects (by path); the home page is never one. Returns how
    many were written."""
    rows = {r.path: r for r in redirects if r.path and r.path != "/" and len(r.path) <= MAX_PATH}
    if not rows:
        return 0
    known = {
        r.path: r for r in session.scalars(select(Redirect).where(Redirect.path.in_(list(rows))))
    }
    new = []
    for path, row in rows.items():
        found = known.get(path)
        if found is None:
            new.append(row._asdict())
        else:
            found.kind, found.target_id, found.url = row.kind, row.target_id, row.url
            found.source = row.source
    if new:  # in one statement, not an object each: an import's tens of thousands
        session.execute(insert(table(Redirect)), new)
    session.flush()
    return len(rows)


def count(session: Session, source: str) -> int:
    return session.scalar(select(func.count()).where(Redirect.source == source)) or 0
