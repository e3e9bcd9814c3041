"""Domain events: dataclasses sent to subscribers after the write that caused them commits.

An action records an event on its session; when (and only if) that session commits,
the bus hands the event to every subscriber. A reaction that must share the write's
fate (queueing a notification email in the outbox) subscribes ``in_transaction``: it
runs at once, in the action's own session, and commits or rolls back with it.
Subscribers are wired in ``thepost.app``::

    bus = EventBus()
    bus.subscribe(ArticlePublished, lambda event: print(event.article_id))
    bus.emit(session, ArticlePublished(article_id=1))
    session.commit()  # -> prints 1
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleChanged:
    """Anything readers may see about an article changed (publish, edit, unpublish).
    ``actor_id`` is the newsroom account that did it (None: the system)."""

    article_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class ArticlePublished(ArticleChanged):
    pass


@dataclass(frozen=True)
class ArticleUnpublished(ArticleChanged):
    pass


@dataclass(frozen=True)
class ArticleDeleted(ArticleChanged):
    """Sent after the row is gone: subscribers drop what they keep about the article."""


@dataclass(frozen=True)
class ArticleTrashed(ArticleChanged):
    """Moved to the trash: gone from the site, kept for a restore."""


@dataclass(frozen=True)
class ArticleRestored(ArticleChanged):
    """Taken out of the trash, as a draft."""


@dataclass(frozen=True)
class ArticleCorrected(ArticleChanged):
    """A correction or update note was appended; it shows on the article page."""


@dataclass(frozen=True)
class PreviewsRevoked:
    """Every preview link of the article made so far stopped working (for the audit log;
    readers see nothing of it)."""

    article_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class CommentChanged:
    """A comment's status or text changed: what readers see of the thread may differ."""

    comment_id: int
    article_id: int


@dataclass(frozen=True)
class CommentPosted(CommentChanged):
    """A reader posted a comment; ``status`` says whether it waits for a moderator."""

    status: str = "pending"


@dataclass(frozen=True)
class CommentApproved(CommentChanged):
    pass


@dataclass(frozen=True)
class CommentModerated:
    """A moderator moved a comment from ``previous`` to ``status`` (for the audit log)."""

    comment_id: int
    status: str
    previous: str
    actor_id: int | None = None


@dataclass(frozen=True)
class TaxonomyChanged:
    """A section or tag changed in a way readers see (its name, place or existence);
    ``article_ids`` are the articles that carry it, to re-index and re-render."""

    article_ids: tuple[int, ...]
    actor_id: int | None = None


@dataclass(frozen=True)
class SectionChanged(TaxonomyChanged):
    section_id: int = 0


@dataclass(frozen=True)
class TagChanged(TaxonomyChanged):
    tag_id: int = 0


@dataclass(frozen=True)
class ImageDescribed:
    """A picture's alt text, caption or credit changed: every page showing it differs."""

    image_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class ImageDeleted:
    """A picture left the library; ``keys`` are its files, removed from the media store
    once the removal commits."""

    image_id: int
    keys: tuple[str, ...]
    actor_id: int | None = None


@dataclass(frozen=True)
class SiteSettingsChanged:
    keys: tuple[str, ...]
    actor_id: int | None = None


Handler = Callable[[Any], None]
TransactionHandler = Callable[[Session, Any], None]
_PENDING = "thepost.pending_events"
_LISTENING = "thepost.bus_listening"


class EventBus:
    def __init__(self) -> None:
        self._handlers: dict[type, list[Handler]] = defaultdict(list)
        self._in_transaction: dict[type, list[TransactionHandler]] = defaultdict(list)

    def subscribe(self, event_type: type, handler: Handler) -> None:
        self._handlers[event_type].append(handler)

    def subscribe_in_transaction(self, event_type: type, handler: TransactionHandler) -> None:
        self._in_transaction[event_type].append(handler)

    def emit(self, session: Session, event: object) -> None:
        for event_type in type(event).__mro__:
            for handler in self._in_transaction.get(event_type, ()):
                handler(session, event)  # a failure here fails the write: same fate
        if not session.info.get(_LISTENING):
            # Stays for the session's life: removing a listener while SQLAlchemy runs the
            # listeners is not allowed, and an idle one costs nothing.
            sa_event.listen(session, "after_commit", self._flush)
            sa_event.listen(session, "after_rollback", self._discard)
            session.info[_LISTENING] = True
        session.info.setdefault(_PENDING, []).append(event)

    def dispatch(self, event: object) -> None:
        for event_type in type(event).__mro__:
            for handler in self._handlers.get(event_type, ()):
                try:
                    handler(event)
                except Exception:  # one failing reaction must not hide the others
                    log.exception("handler %r failed for %r", handler, event)

    def _flush(self, session: Session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint was released; the real commit is still to come
        for item in session.info.pop(_PENDING, []):
            self.dispatch(item)

    def _discard(self, session: Session) -> None:
        if session.in_nested_transaction():
            return  # only a savepoint rolled back; the transaction goes on
        session.info.pop(_PENDING, None)
