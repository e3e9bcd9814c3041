"""Revisions of articles (``Revision``) and pages (``PageRevision``): a full snapshot at
each save, kept alike for both, so the newsroom's history, comparison and restore work
the same way::

    store(session, PageRevision, page.id, snapshot, user_id, now, autosave=False)
    history(session, PageRevision, page.id)        # newest first
    one(session, PageRevision, page.id, revision_id)  # NotFound unless it is that page's
    check_stale(session, Revision, article.id, since=opened, user_id=me)  # or StaleEdit
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from thepost.content.models import PageRevision, Revision
from thepost.errors import Conflict, NotFound

R = TypeVar("R", Revision, PageRevision)
# The column naming what a revision is of, per kind.
_OF: dict[type, str] = {Revision: "article_id", PageRevision: "page_id"}


def _of(model: type[R]) -> Any:
    return getattr(model, _OF[model])


def store(
    session: Session,
    model: type[R],
    owner_id: int,
    snapshot: dict[str, Any],
    user_id: int | None,
    now: datetime,
    *,
    autosave: bool,
) -> R:
    """Add a revision, or replace the newest one when it is this account's autosave: an
    autosave every few seconds, then a save, leaves one revision in the history."""
    last = session.scalar(
        select(model).where(_of(model) == owner_id).order_by(model.id.desc()).limit(1)
    )
    if last is not None and last.autosave and last.user_id == user_id:
        last.snapshot, last.created_at, last.autosave = snapshot, now, autosave
        session.flush()
        return last
    revision = model(user_id=user_id, created_at=now, snapshot=snapshot, autosave=autosave)
    setattr(revision, _OF[model], owner_id)
    session.add(revision)
    session.flush()
    return revision


def history(session: Session, model: type[R], owner_id: int) -> list[R]:
    """The revisions of one article or page, newest first."""
    query = select(model).where(_of(model) == owner_id).order_by(model.id.desc())
    return list(session.scalars(query))


def one(session: Session, model: type[R], owner_id: int, revision_id: int) -> R:
    revision = session.get(model, revision_id)
    if revision is None or getattr(revision, _OF[model]) != owner_id:
        raise NotFound(f"revision {revision_id} of {_OF[model].removesuffix('_id')} {owner_id}")
    return revision


class StaleEdit(Conflict):
    """Someone else saved (``user_id``, None for the system, at ``at``) after the
    editor was opened: saving now would write over their work unseen."""

    def __init__(self, user_id: int | None, at: datetime) -> None:
        super().__init__(f"changed by user {user_id} at {at.isoformat()}")
        self.user_id, self.at = user_id, at


def check_stale(
    session: Session, model: type[R], owner_id: int, *, since: datetime, user_id: int | None
) -> None:
    """Raise ``StaleEdit`` when an account other than ``user_id`` has saved (or
    autosaved) the article or page after ``since``, when its editor was opened."""
    others = model.user_id.is_(None) if user_id is None else or_(
        model.user_id.is_(None), model.user_id != user_id
    )  # fmt: skip
    newer = session.scalar(
        select(model)
        .where(_of(model) == owner_id, model.created_at > since, others)
        .order_by(model.created_at.desc())
        .limit(1)
    )
    if newer is not None:
        raise StaleEdit(newer.user_id, newer.created_at)
