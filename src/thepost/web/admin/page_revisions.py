"""A page's revisions: the list, a word-level comparison of any two, and restoring one
(as a new revision, so nothing is lost), as for articles (``revisions.py``)."""

from __future__ import annotations

import functools
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from thepost.content import page_actions, page_queries
from thepost.content.models import Image, Page
from thepost.errors import NotFound, ValidationError
from thepost.i18n import N_
from thepost.web import urls
from thepost.web.admin import history
from thepost.web.admin.page_editor import render_editor
from thepost.web.admin.pages import AdminRequest


def index(req: AdminRequest) -> Response:
    page_id = int(req.request.path_params["page_id"])
    with req.services.reads() as session:
        page = page_queries.page_for_editor(session, page_id)
        if page is None:
            raise NotFound(f"page {page_id}")
        revisions = page_queries.revisions(session, page_id)
        context = history.compared(
            req, session, revisions, names=functools.partial(_names, session)
        )
    return req.render(
        "admin/revisions.html",
        subject=page.title,
        crumbs=[(urls.admin_pages(), N_("Pages")), (urls.admin_page(page.id), page.title)],
        editor_url=urls.admin_page(page.id),
        compare_url=urls.admin_page_revisions(page.id),
        restore_url=functools.partial(urls.admin_page_revision_restore, page.id),
        **context,
    )


def _names(session: Session, snapshots: list[dict[str, Any]]) -> dict[str, dict[Any, str]]:
    """The parents and pictures in these snapshots as people read them."""
    parents = {s.get("parent_id") for s in snapshots} - {None}
    images = {s.get("featured_image_id") for s in snapshots} - {None}
    return {
        "parent_id": {
            i: title
            for i, title in session.execute(select(Page.id, Page.title).where(Page.id.in_(parents)))
        },
        "featured_image_id": {
            i: f"#{i} {alt}".strip()
            for i, alt in session.execute(select(Image.id, Image.alt).where(Image.id.in_(images)))
        },
    }


def restore(req: AdminRequest) -> Response:
    page_id = int(req.request.path_params["page_id"])
    revision_id = int(req.request.path_params["revision_id"])
    services = req.services
    try:
        with services.writes.begin() as session:
            page_actions.restore_page_revision(
                session,
                services.bus,
                services.media_urls,
                page_id,
                revision_id,
                actor=req.actor,
                now=req.now,
            )
    except ValidationError as exc:
        return render_editor(req, page_id, errors=exc.errors, status=400)
    return req.redirect(urls.admin_page(page_id) + "?done=revision")
