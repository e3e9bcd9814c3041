"""The editor's other buttons: unpublish, trash, restore, a preview link, a correction,
a translation.

Each is a small POST form (no script needed) that calls one action and comes back to the
editor; a refused move shows the editor again with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from thepost.content import actions, editorial
from thepost.errors import ValidationError
from thepost.web import urls
from thepost.web.admin.editor import render_editor
from thepost.web.admin.pages import AdminRequest


def _article_id(req: AdminRequest) -> int:
    return int(req.request.path_params["article_id"])


def _move(req: AdminRequest, action: Callable[..., Any], done: str) -> Response:
    article_id = _article_id(req)
    services = req.services
    try:
        with services.writes.begin() as session:
            action(session, services.bus, article_id, actor=req.actor, now=req.now)
    except ValidationError as exc:
        return render_editor(req, article_id, errors=exc.errors, status=400)
    return req.redirect(urls.admin_article(article_id) + f"?done={done}")


def unpublish(req: AdminRequest) -> Response:
    return _move(req, actions.unpublish_article, "unpublish")


def trash(req: AdminRequest) -> Response:
    return _move(req, editorial.trash_article, "trash")


def restore(req: AdminRequest) -> Response:
    return _move(req, editorial.restore_article, "restore")


def revoke_previews(req: AdminRequest) -> Response:
    """Every preview link of the article made so far stops working."""
    article_id = _article_id(req)
    with req.services.writes.begin() as session:
        editorial.revoke_previews(session, req.services.bus, article_id, actor=req.actor)
    return req.redirect(urls.admin_article(article_id) + "?done=revoke-previews")


def preview_link(req: AdminRequest) -> Response:
    """Make a secret link and show it on the editor (it is not stored anywhere)."""
    article_id = _article_id(req)
    services = req.services
    try:
        with services.writes.begin() as session:
            token, expires = editorial.preview_token(
                session, services.keys, article_id, actor=req.actor, now=req.now
            )
    except ValidationError as exc:
        return render_editor(req, article_id, errors=exc.errors, status=400)
    link = services.settings.base_url + urls.preview(token)
    return render_editor(req, article_id, preview_link=link, preview_expires=expires)


def translate(req: AdminRequest) -> Response:
    """A draft translating the story into the language asked for, opened in the editor."""
    article_id = _article_id(req)
    services = req.services
    try:
        with services.writes.begin() as session:
            made = actions.translate_article(
                session, services.bus, services.media_urls, article_id,
                req.field("language", 16), actor=req.actor, now=req.now,
            )  # fmt: skip
    except ValidationError as exc:
        return render_editor(req, article_id, errors=exc.errors, status=400)
    return req.redirect(urls.admin_article(made.id) + "?done=translated")


def correction(req: AdminRequest) -> Response:
    article_id = _article_id(req)
    kind = req.field("kind", 20)
    body = req.field("note", editorial.CORRECTION_LIMIT + 100)
    services = req.services
    try:
        with services.writes.begin() as session:
            editorial.add_correction(
                session,
                services.bus,
                article_id,
                kind=kind,
                body=body,
                actor=req.actor,
                now=req.now,
            )
    except ValidationError as exc:
        errors = {("note" if k == "body" else k): v for k, v in exc.errors.items()}
        return render_editor(
            req, article_id, errors=errors, status=400, correction={"kind": kind, "note": body}
        )
    return req.redirect(urls.admin_article(article_id) + "?done=correction#corrections")
