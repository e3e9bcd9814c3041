"""An article's revisions: the list, a word-level comparison of any two, and restoring
one (as a new revision, so nothing is lost)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from thepost.accounts.models import User
from thepost.content import actions, diff, editorial, queries
from thepost.content.models import Author, Image, Section
from thepost.errors import NotFound, PermissionDenied, ValidationError
from thepost.permissions import Action
from thepost.web import urls
from thepost.web.admin.editor import render_editor
from thepost.web.admin.pages import AdminRequest


def _pick(raw: str, ids: list[int], default: int | None) -> int | None:
    if raw.isascii() and raw.isdigit() and int(raw) in ids:
        return int(raw)
    return default


def index(req: AdminRequest) -> Response:
    """The list, and the comparison of ``?old=`` and ``?new=`` (the last two by default)."""
    article_id = int(req.request.path_params["article_id"])
    with req.services.reads() as session:
        article = queries.article_for_editor(session, article_id)
        if article is None:
            raise NotFound(f"article {article_id}")
        if not req.can(Action.ARTICLE_EDIT_OWN, actions.owned(session, article)):
            raise PermissionDenied("not this account's article")
        revisions = queries.revisions(session, article_id)
        ids = [r.id for r in revisions]
        new_id = _pick(req.query("new", 12), ids, ids[0] if ids else None)
        old_id = _pick(req.query("old", 12), ids, ids[1] if len(ids) > 1 else new_id)
        by_id = {r.id: r for r in revisions}
        wrote = {r.user_id for r in revisions if r.user_id}
        users = {
            i: name
            for i, name in session.execute(
                select(User.id, User.display_name).where(User.id.in_(wrote))
            )
        }
        changes: list[diff.FieldChange] = []
        if old_id is not None and new_id is not None:
            old, new = by_id[old_id].snapshot, by_id[new_id].snapshot
            changes = diff.compare(old, new, names=_names(session, [old, new]))
    return req.render(
        "admin/revisions.html",
        article=article,
        revisions=revisions,
        users=users,
        old_id=old_id,
        new_id=new_id,
        changes=changes,
    )


def _names(session: Session, snapshots: list[dict[str, Any]]) -> dict[str, dict[Any, str]]:
    """The ids in these snapshots as people read them."""

    def ids(key: str) -> set[int]:
        found: set[int] = set()
        for snap in snapshots:
            value = snap.get(key)
            found.update(value if isinstance(value, list) else [value] if value else [])
        return found

    sections = select(Section.id, Section.name).where(Section.id.in_(ids("section_id")))
    authors = select(Author.id, Author.name).where(Author.id.in_(ids("author_ids")))
    images = select(Image.id, Image.alt).where(Image.id.in_(ids("featured_image_id")))
    return {
        "section_id": {i: name for i, name in session.execute(sections)},
        "author_ids": {i: name for i, name in session.execute(authors)},
        "featured_image_id": {i: f"#{i} {alt}".strip() for i, alt in session.execute(images)},
    }


def restore(req: AdminRequest) -> Response:
    article_id = int(req.request.path_params["article_id"])
    revision_id = int(req.request.path_params["revision_id"])
    services = req.services
    try:
        with services.writes.begin() as session:
            editorial.restore_revision(
                session,
                services.bus,
                services.media_urls,
                article_id,
                revision_id,
                actor=req.actor,
                now=req.now,
            )
    except ValidationError as exc:
        return render_editor(req, article_id, errors=exc.errors, status=400)
    return req.redirect(urls.admin_article(article_id) + "?done=revision")
