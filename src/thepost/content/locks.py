"""Who has a story or page open in the editor, so two people do not write over each
other unknowingly (``EditLock``).

Opening the editor holds the lock, and the editor's script confirms it every
``BEAT`` seconds; a lock nobody has confirmed for ``FRESH`` is free (a closed tab, a
dropped connection). Someone else opening it is told who has it and since when, and
taking over is a choice they make (``take=True``): the first person's next beat finds
the lock gone and their editor says who took it. Saving is guarded besides, whoever
holds the lock: ``revisions.check_stale`` refuses a save over someone's newer revision
unless the person saw it::

    other = hold(session, bus, "article", 7, actor=user, now=now)   # None: it is ours
    other.user_id, other.since                                      # else who has it
    hold(session, bus, "article", 7, actor=user, now=now, take=True)  # ours now
    release(session, "article", 7, actor=user)                      # closed the editor
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from thepost.content.models import EditLock
from thepost.events import EditingTakenOver, EventBus
from thepost.permissions import Principal

BEAT = 20  # seconds between the editor's confirmations
FRESH = timedelta(seconds=75)  # a lock not confirmed for this long is free
KINDS = ("article", "page")


@dataclass(frozen=True)
class Holder:
    user_id: int
    since: datetime


def holder(session: Session, kind: str, object_id: int, *, now: datetime) -> Holder | None:
    """Who holds the lock now, if anyone."""
    lock = session.get(EditLock, (kind, object_id))
    if lock is None or now - lock.seen >= FRESH:
        return None
    return Holder(lock.user_id, lock.since)


def hold(
    session: Session,
    bus: EventBus,
    kind: str,
    object_id: int,
    *,
    actor: Principal,
    now: datetime,
    take: bool = False,
) -> Holder | None:
    """Hold (or keep holding) the lock for ``actor``, or return who else holds it. With
    ``take``, it is ``actor``'s whoever held it, and a take-over is recorded. The caller
    has checked that ``actor`` may edit the thing."""
    assert kind in KINDS and actor.id is not None
    lock = session.scalar(
        select(EditLock)
        .where(EditLock.kind == kind, EditLock.object_id == object_id)
        .with_for_update()
    )
    if lock is None:
        try:
            with session.begin_nested():  # two people opening it at once: one is first
                session.add(
                    EditLock(kind=kind, object_id=object_id, user_id=actor.id, since=now, seen=now)
                )
            return None
        except IntegrityError:
            return hold(session, bus, kind, object_id, actor=actor, now=now, take=take)
    fresh = now - lock.seen < FRESH
    if lock.user_id != actor.id:
        if fresh and not take:
            return Holder(lock.user_id, lock.since)
        if fresh:
            bus.emit(session, EditingTakenOver(kind, object_id, actor.id, lock.user_id))
        lock.user_id, lock.since = actor.id, now
    elif not fresh:
        lock.since = now
    lock.seen = now
    session.flush()
    return None


def release(session: Session, kind: str, object_id: int, *, actor: Principal) -> None:
    """Let go of the lock, if ``actor`` holds it (the editor was closed)."""
    session.execute(
        delete(EditLock).where(
            EditLock.kind == kind, EditLock.object_id == object_id, EditLock.user_id == actor.id
        )
    )


def release_all(session: Session, *, user_id: int | None) -> None:
    """Let go of every lock ``user_id`` holds (they signed out)."""
    session.execute(delete(EditLock).where(EditLock.user_id == user_id))
