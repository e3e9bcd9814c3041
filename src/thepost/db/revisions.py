"""Which migration this code ships, and whether the database is at it, read without
Alembic: a serving process asks on every ``/readyz``, and importing Alembic (with Mako)
would cost each worker about 10 MiB for one comparison::

    head()              # "0008": the one script under migrations/versions no other revises
    at_head(engine)     # the database's alembic_version row names it

``migrate.py`` applies the migrations with Alembic; a test checks both agree on the head.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, inspect, text

VERSIONS = Path(__file__).parent / "migrations" / "versions"
ASSIGNED = re.compile(r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(.+)$", re.M)


@cache
def head() -> str:
    """The newest migration: the revision no script names as its ``down_revision``."""
    revisions: set[str] = set()
    revised: set[Any] = set()
    for script in VERSIONS.glob("*.py"):
        found = dict(ASSIGNED.findall(script.read_text()))
        revisions.add(ast.literal_eval(found["revision"]))
        down = ast.literal_eval(found.get("down_revision", "None"))  # None, "0007" or a tuple
        revised.update(down if isinstance(down, tuple | list) else [down])
    heads = revisions - revised
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def at_head(engine: Engine) -> bool:
    """Whether the database answers and its schema is the one this code expects."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return False
        versions = connection.scalars(text("SELECT version_num FROM alembic_version")).all()
    return versions == [head()]
