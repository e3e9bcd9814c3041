"""Small values every page shows (site settings, the sections menu), loaded once and kept
until a write readers see moves the invalidator's epoch, or ``ttl`` seconds pass::

    memo = Memo(invalidator, ttl=300)
    settings = memo.get("site", lambda: site.load(session))

Values must be immutable or never changed by their users (they are shared by threads).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from thepost.cache.invalidation import Invalidator

T = TypeVar("T")


class Memo:
    def __init__(self, invalidator: Invalidator, ttl: float) -> None:
        self._invalidator = invalidator
        self._ttl = ttl
        self._values: dict[str, tuple[int, float, Any]] = {}

    def get(self, name: str, load: Callable[[], T]) -> T:
        epoch = self._invalidator.epoch
        kept = self._values.get(name)
        if kept is not None and kept[0] == epoch and kept[1] > time.monotonic():
            value: T = kept[2]
            return value
        value = load()
        self._values[name] = (epoch, time.monotonic() + self._ttl, value)
        return value

    def kept(self, name: str) -> Any:
        """The value kept under ``name``, however old, without loading it (None when
        nothing is): for a page that must not wait on the database, such as the error
        page of a failure."""
        kept = self._values.get(name)
        return kept[2] if kept is not None else None
