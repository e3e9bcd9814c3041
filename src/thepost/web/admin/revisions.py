"""An article's revisions: the list, a word-level comparison of any two, and restoring
one (as a new revision, so nothing is lost)."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from thepost.content import actions, editorial, queries
from thepost.content.models import Author, Image, Section
from thepost.errors import NotFound, PermissionDenied, ValidationError
from thepost.i18n import N_
from thepost.permissions import Action
from thepost.web import urls
from thepost.web.admin import history
from thepost.web.admin.editor import render_editor
from thepost.web.admin.pages import AdminRequest


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
        context = history.compared(
            req, session, revisions, names=functools.partial(_names, session)
        )
    return req.render(
        "admin/revisions.html",
        subject=article.title,
        crumbs=[
            (urls.admin_articles(), N_("Articles")),
            (urls.admin_article(article.id), article.title),
        ],
        editor_url=urls.admin_article(article.id),
        compare_url=urls.admin_revisions(article.id),
        restore_url=functools.partial(urls.admin_revision_restore, article.id),
        **context,
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
