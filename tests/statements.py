"""The SQL statements a block of test code makes the app run, left apart from those of the
process's own background threads (named ``thepost-…``: the page cache's watch on the
database, the webhook sender), which run on the same engine whenever their tick comes."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine


@contextmanager
def recorded(engine: Engine) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        if not threading.current_thread().name.startswith("thepost-"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)
