"""The revisions page's comparison, for articles' and pages' histories alike: which two
revisions are compared (``?old=``, ``?new=``; the last two by default), who saved each,
and what changed between them, word by word (``content.diff``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from thepost.accounts.models import User
from thepost.content import diff
from thepost.web.admin.pages import AdminRequest


def _pick(raw: str, ids: list[int], default: int | None) -> int | None:
    if raw.isascii() and raw.isdigit() and int(raw) in ids:
        return int(raw)
    return default


def compared(
    req: AdminRequest,
    session: Session,
    revisions: Sequence[Any],
    names: Callable[[list[dict[str, Any]]], Mapping[str, Mapping[Any, str]]] | None = None,
) -> dict[str, Any]:
    """The revisions page's context: ``revisions`` (newest first), ``users`` by id,
    ``old_id``, ``new_id`` and their ``changes`` (``names``: the ids in the two snapshots
    compared, as people read them)."""
    ids = [r.id for r in revisions]
    new_id = _pick(req.query("new", 12), ids, ids[0] if ids else None)
    old_id = _pick(req.query("old", 12), ids, ids[1] if len(ids) > 1 else new_id)
    by_id = {r.id: r for r in revisions}
    wrote = {r.user_id for r in revisions if r.user_id}
    users = {
        i: name
        for i, name in session.execute(select(User.id, User.display_name).where(User.id.in_(wrote)))
    }
    changes: list[diff.FieldChange] = []
    if old_id is not None and new_id is not None:
        old, new = by_id[old_id].snapshot, by_id[new_id].snapshot
        changes = diff.compare(old, new, names=names([old, new]) if names else None)
    return {
        "revisions": revisions,
        "users": users,
        "old_id": old_id,
        "new_id": new_id,
        "changes": changes,
    }
