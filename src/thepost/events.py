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

Writing many things at once (an import, the demo content), ``with bus.batch(session):``
holds the reactions until the block ends and runs each once; a reaction subscribed with
``subscribe_many`` (or ``subscribe_many_in_transaction``) then gets all its events in one
list, as it gets a list of one after a single write. Many such transactions in a row
(an import, chunk after chunk) may go further: ``with bus.held():`` keeps the
after-commit reactions of every transaction this thread commits inside it, and runs
them together, in bulk, every ``HELD`` events and when the block ends.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
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
    """Published now or scheduled; ``was`` is the status before (a scheduled story
    scheduled again was rescheduled)."""

    was: str = ""


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
class LiveBlogChanged:
    """What readers see of a live blog changed: ``kind`` "started" or "ended" (the blog),
    or "posted", "edited", "deleted" (``entry_id``; pinning and marking a key event are
    edits)."""

    article_id: int
    actor_id: int | None = None
    kind: str = ""
    entry_id: int | None = None


@dataclass(frozen=True)
class PreviewsRevoked:
    """Every preview link of the article made so far stopped working (for the audit log;
    readers see nothing of it)."""

    article_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class PageChanged:
    """Anything readers may see about a page changed: its words, address, status or
    place among its siblings (and so its children's addresses)."""

    page_id: int
    actor_id: int | None = None


@dataclass(frozen=True)
class PagePublished(PageChanged):
    pass


@dataclass(frozen=True)
class PageUnpublished(PageChanged):
    """Out of readers' sight: unpublished, made private, or moved to the trash."""


@dataclass(frozen=True)
class PageDeleted(PageChanged):
    """Sent after the row is gone; its children moved up to its parent."""


@dataclass(frozen=True)
class EditingTakenOver:
    """``actor_id`` took over editing a story or page (``kind``: "article" or "page")
    from ``from_user_id``, who had it open (``content.locks``)."""

    kind: str
    object_id: int
    actor_id: int | None
    from_user_id: int


@dataclass(frozen=True)
class MenuChanged:
    """A menu (``slug``: "header" or "footer") was saved: every page shows it."""

    slug: str
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
class AuthorChanged(TaxonomyChanged):
    """An author's profile changed: their bylines and author page show it."""

    author_id: int = 0


@dataclass(frozen=True)
class KeyRevoked:
    """An API key stopped working: answers kept for it (a content key's) must go."""

    token_id: int
    actor_id: int | None = None


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


EventType = type | tuple[type, ...]  # what a reaction takes: a class, or any of several
Handler = Callable[[Any], None]
TransactionHandler = Callable[[Session, Any], None]
_PENDING = "thepost.pending_events"
_LISTENING = "thepost.bus_listening"
_BATCH = "thepost.batched_events"  # events held by an open batch
_BATCHED = "thepost.batch_ran"  # a batch ended: after the commit, reactions run in bulk too
HELD = 20_000  # events a hold keeps before it runs their reactions
_inward: ContextVar[bool] = ContextVar("thepost_inward", default=False)


def outward() -> bool:
    """Whether the writes under way may be told to other systems (``EventBus.inward``)."""
    return not _inward.get()


@dataclass
class _Hold:
    events: list[object]
    run: Callable[[list[object]], None]  # what runs a due batch's reactions


_held: ContextVar[_Hold | None] = ContextVar("thepost_held_events", default=None)


@dataclass(frozen=True)
class _Reaction:
    event_type: EventType
    one: Callable[..., None]
    # The same reaction over many events at once (a batch): e.g. re-render all their
    # pages in one pass. Without it, a batch calls ``one`` for each event.
    many: Callable[..., None] | None


class EventBus:
    def __init__(self) -> None:
        self._after: list[_Reaction] = []
        self._in_transaction: list[_Reaction] = []

    def subscribe(self, event_type: EventType, handler: Handler) -> None:
        self._after.append(_Reaction(event_type, handler, None))

    def subscribe_in_transaction(self, event_type: EventType, handler: TransactionHandler) -> None:
        self._in_transaction.append(_Reaction(event_type, handler, None))

    def subscribe_many(self, event_type: EventType, handler: Callable[[list[Any]], None]) -> None:
        """A reaction that takes a list of events: one event after a single write, all of
        a batch's at once."""
        self._after.append(_Reaction(event_type, lambda event: handler([event]), handler))

    def subscribe_many_in_transaction(
        self, event_type: EventType, handler: Callable[[Session, list[Any]], None]
    ) -> None:
        def one(session: Session, event: object) -> None:
            handler(session, [event])

        self._in_transaction.append(_Reaction(event_type, one, handler))

    def emit(self, session: Session, event: object) -> None:
        batched = session.info.get(_BATCH)
        if batched is not None:
            batched.append(event)
        else:
            for reaction in self._in_transaction:
                if isinstance(event, reaction.event_type):
                    reaction.one(session, event)  # a failure here fails the write: same fate
        self._listen(session)
        session.info.setdefault(_PENDING, []).append(event)

    def _listen(self, session: Session) -> None:
        if not session.info.get(_LISTENING):
            # Stays for the session's life: removing a listener while SQLAlchemy runs the
            # listeners is not allowed, and an idle one costs nothing.
            sa_event.listen(session, "before_commit", _refuse_open_batch)
            sa_event.listen(session, "after_commit", self._flush)
            sa_event.listen(session, "after_rollback", self._discard)
            session.info[_LISTENING] = True

    @contextmanager
    def batch(self, session: Session) -> Iterator[None]:
        """Reactions in bulk, for writes of many things at once (an import, the demo
        content): events emitted in the block are kept, and when it ends each in-transaction
        reaction runs once over all of them, still inside the transaction; after the commit
        the other reactions do the same. The reactions are the ones every single write
        gets: nothing is repeated by hand, nothing forgotten. The block must end before
        the transaction commits (``with sessions.begin() as s, bus.batch(s):`` does); a
        commit inside it is refused."""
        if session.info.get(_BATCH) is not None:
            yield  # already batching: the outer block runs the reactions
            return
        session.info[_BATCH] = []
        self._listen(session)
        try:
            yield
        except BaseException:
            session.info.pop(_BATCH, None)
            raise
        events = session.info.pop(_BATCH)
        for reaction, matching in _grouped(self._in_transaction, events):
            if reaction.many is not None:
                reaction.many(session, matching)
            else:
                for event in matching:
                    reaction.one(session, event)
        session.info[_BATCHED] = True

    @contextmanager
    def held(self, elsewhere: Callable[[list[object]], None] | None = None) -> Iterator[None]:
        """After-commit reactions held across transactions: those of every transaction
        committed in this thread (this context) inside the block run together, in bulk,
        once ``HELD`` events are held and when the block ends, failed or not (what was
        committed is committed). For many transactions in a row (an import, chunk after
        chunk) whose after-commit work is cheaper done at once (the related lists, which
        otherwise score each chunk and offer it to the lists of the chunks before).
        ``elsewhere``: what runs each due batch instead of this thread (another process
        doing ``react``, while the writing goes on). Other threads' transactions are not
        held."""
        if _held.get() is not None:
            yield  # already held: the outer block runs the reactions
            return
        hold = _Hold([], elsewhere or self.react)
        token = _held.set(hold)
        try:
            yield
        finally:
            _held.reset(token)
            hold.run(hold.events)

    def react(self, events: list[object]) -> None:
        """The after-commit reactions to these events, in bulk (a held batch's)."""
        self._dispatch(events, grouped=True)

    @staticmethod
    @contextmanager
    def inward() -> Iterator[None]:
        """Writes that other systems are not told of (an import moving a site in): the
        reactions that reach outside (webhooks) ask ``outward()`` and stay quiet."""
        token = _inward.set(True)
        try:
            yield
        finally:
            _inward.reset(token)

    def dispatch(self, event: object) -> None:
        self._dispatch([event], grouped=False)

    def _dispatch(self, events: list[object], *, grouped: bool) -> None:
        for reaction, matching in _grouped(self._after, events):
            calls: list[Callable[[], None]]
            if grouped and reaction.many is not None:
                calls = [functools.partial(reaction.many, matching)]
            else:
                calls = [functools.partial(reaction.one, event) for event in matching]
            for call in calls:
                try:
                    call()
                except Exception:  # one failing reaction must not hide the others
                    log.exception(
                        "handler %r failed for %d event(s), the first %r",
                        reaction.one, len(matching), matching[0] if matching else None,
                    )  # fmt: skip

    def _flush(self, session: Session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint was released; the real commit is still to come
        grouped = bool(session.info.pop(_BATCHED, False))
        events = session.info.pop(_PENDING, [])
        hold = _held.get()
        if hold is None:
            self._dispatch(events, grouped=grouped)
            return
        hold.events += events
        if len(hold.events) >= HELD:
            due = hold.events[:]
            hold.events.clear()
            hold.run(due)

    def _discard(self, session: Session) -> None:
        if session.in_nested_transaction():
            return  # only a savepoint rolled back; the transaction goes on
        session.info.pop(_PENDING, None)
        session.info.pop(_BATCHED, None)
        if session.info.get(_BATCH):
            session.info[_BATCH] = []  # the batch's events went with the transaction


def _refuse_open_batch(session: Session) -> None:
    """A transaction committed inside a batch would commit without its reactions (pages,
    index, audit): refused, so the commit fails and nothing is half done."""
    if session.info.get(_BATCH) is not None and not session.in_nested_transaction():
        raise RuntimeError("a batch of events must end before its transaction commits")


def _grouped(
    reactions: list[_Reaction], events: list[object]
) -> Iterator[tuple[_Reaction, list[Any]]]:
    """Each reaction with the events it takes, in the order they were emitted."""
    for reaction in reactions:
        matching = [event for event in events if isinstance(event, reaction.event_type)]
        if matching:
            yield reaction, matching


@dataclass(frozen=True)
class SubscriptionRequested:
    """An address asked for newsletters (or a subscriber for a new address): its owner
    is mailed a link to confirm."""

    subscriber_id: int
    new_address: bool = False


@dataclass(frozen=True)
class NewslettersChanged:
    """A newsletter was made or changed: the sign-up boxes on every page show them."""

    newsletter_id: int
