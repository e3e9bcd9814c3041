"""What every part of the running site shares, typed: ``Services`` and the clock.

``app.build_services(settings)`` picks the concrete parts and builds this once per
process; the web layer reaches it through ``web.deps.services(request)``, the CLI and the
tests get it from ``build_services``. Nothing here chooses an implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from thepost.cache.invalidation import Invalidator
from thepost.cache.memo import Memo
from thepost.config import Settings
from thepost.events import EventBus
from thepost.keys import Keys
from thepost.media.storage import Storage
from thepost.media.urls import MediaUrls
from thepost.ratelimit import RateLimiter
from thepost.search.backends.base import SearchBackend

Clock = Callable[[], datetime]


class Renderer(Protocol):
    """The site's compiled templates (``web.templating.Templates``, chosen by ``app``)."""

    media_urls: MediaUrls

    def render(self, name: str, **context: Any) -> str: ...

    def module(self, name: str, site: Any = None) -> Any: ...

    def source(self, name: str) -> str: ...

    def themed(self, name: str) -> bool: ...


class Reactions(Protocol):
    """After-commit reactions run by another process (``EventBus.held``'s ``elsewhere``)."""

    def __call__(self, events: list[object]) -> None: ...
    def close(self) -> None: ...


@dataclass
class Services:
    settings: Settings
    engine: Engine
    writes: sessionmaker[Session]  # sessions that write (SQLite: BEGIN IMMEDIATE)
    reads: sessionmaker[Session]  # for pages: never takes SQLite's write lock
    # The reader's pages' plain SELECTs: autocommit on PostgreSQL (``engine.plain_reads``).
    page_reads: sessionmaker[Session]
    bus: EventBus
    storage: Storage
    media_urls: MediaUrls  # the one builder of pictures' public URLs
    clock: Clock
    keys: Keys
    limiter: RateLimiter
    search: SearchBackend
    pages: Invalidator  # tells this process's page cache when pages change
    memo: Memo  # what every page shows (site settings, sections), kept while pages are
    templates: Renderer  # compiled once; article pages' fixed parts are stored at publish
    # Whether a short read may run on the event loop: a local SQLite file never waits on a
    # network or for a pooled connection; PostgreSQL may, and would stall the whole worker.
    reads_on_loop: bool = False
    # Starts a process that runs held reactions beside the writing (a large import's).
    reactions_elsewhere: Callable[[], Reactions] | None = None
    # Reads a document at an https address of a mail provider (Amazon SNS's signing
    # certificates and subscription confirmations); raises OSError when it cannot.
    fetch: Callable[[str], bytes] | None = None

    def close(self) -> None:
        """Let go of the connections: the database's pool and Redis's."""
        self.pages.close()
        self.limiter.close()
        self.engine.dispose()
