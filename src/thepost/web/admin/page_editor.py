"""The page editor (About, Contact, ...): write, save, schedule or publish in one form,
and the buttons that take a page off the site, make it private, trash, restore or
delete it.

Like the article editor (``editor.py``), the form works without JavaScript: its buttons
send an ``intent`` (save, publish, schedule) and the page is saved and moved on in one
transaction, or the form comes back (400) with each error beside its field and what was
typed kept. It shares the article editor's body, picture and search-engine parts and
``static/editor.js`` (the live preview: the public page, rendered by the same code).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, Response

from thepost.content import page_actions, page_queries, queries
from thepost.content.models import LIVE_STATUSES, Page, Status
from thepost.content.page_actions import PageInput
from thepost.content.page_queries import PageView
from thepost.errors import NotFound, ValidationError
from thepost.i18n import N_
from thepost.localtime import Local
from thepost.web import urls
from thepost.web.admin.editing import (
    DESCRIBE_IT,
    FORMATS,
    MESSAGES,
    NOT_A_PICTURE,
    NOT_A_TIME,
    NOT_AN_ORIGINAL,
    NOT_FUTURE,
    UNTITLED,
)
from thepost.web.admin.pages import AdminRequest
from thepost.web.admin.translating import languages
from thepost.web.site import page_views

TEXT_FIELDS = {
    "title": 300, "standfirst": 1000, "body": 500_000, "body_format": 10, "slug": 200,
    "parent_id": 12, "position": 7, "featured_caption": 1000, "featured_credit": 300,
    "featured_alt": 1000, "seo_title": 300, "seo_description": 1000, "featured_image_id": 12,
    "publish_at": 40, "language": 16, "translation_of_id": 12,
}  # fmt: skip
BLANK: dict[str, Any] = {name: "" for name in TEXT_FIELDS} | {
    "body_format": "markdown",
    "position": "0",
}


def _id(raw: str, field: str, errors: dict[str, str], message: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) < 10:
        return int(raw)
    errors[field] = message
    return None


def read_form(req: AdminRequest) -> tuple[dict[str, Any], PageInput, dict[str, str]]:
    """What was typed (to show again), the input for the actions, and the errors found
    before any action runs."""
    values: dict[str, Any] = {name: req.field(name, limit) for name, limit in TEXT_FIELDS.items()}
    errors: dict[str, str] = {}
    parent_id = _id(values["parent_id"], "parent_id", errors, N_("Choose a page from the list."))
    image_id = _id(values["featured_image_id"], "featured_image_id", errors, NOT_A_PICTURE)
    position = _id(values["position"], "position", errors, N_("The order is a whole number."))
    original_id = _id(values["translation_of_id"], "translation_of_id", errors, NOT_AN_ORIGINAL)
    if image_id is not None and not values["featured_alt"].strip():
        errors["featured_alt"] = DESCRIBE_IT
    if values["publish_at"] and req.local.to_utc(values["publish_at"]) is None:
        errors["publish_at"] = NOT_A_TIME
    data = PageInput(
        title=values["title"],
        body=values["body"],
        body_format=values["body_format"] or "markdown",
        slug=values["slug"].strip(),
        parent_id=parent_id,
        standfirst=values["standfirst"],
        featured_image_id=image_id,
        featured_caption=values["featured_caption"].strip(),
        featured_credit=values["featured_credit"].strip(),
        featured_alt=values["featured_alt"].strip(),
        seo_title=values["seo_title"].strip(),
        seo_description=values["seo_description"].strip(),
        position=position or 0,
        language=values["language"].strip(),
        translation_of_id=original_id,
    )
    try:
        data.validate()
    except ValidationError as exc:
        errors.update(exc.errors)
    return values, data, errors


def values_of(page: Page, shown: Local) -> dict[str, Any]:
    """The form's values for a stored page."""
    scheduled = page.status == Status.SCHEDULED and page.published_at is not None
    return {
        "title": page.title,
        "standfirst": page.standfirst,
        "body": page.body_source,
        "body_format": page.body_format,
        "slug": page.slug,
        "parent_id": str(page.parent_id or ""),
        "position": str(page.position),
        "featured_image_id": str(page.featured_image_id or ""),
        "featured_caption": page.featured_caption,
        "featured_credit": page.featured_credit,
        "featured_alt": page.featured_alt,
        "seo_title": page.seo_title,
        "seo_description": page.seo_description,
        "publish_at": shown.field(page.published_at) if scheduled else "",
        "language": page.language,
        "translation_of_id": str(page.translation_of_id or ""),
    }


# -- the page ------------------------------------------------------------------------------


def parent_options(session: Session, page_id: int | None) -> list[tuple[int, str]]:
    """Every page but this one and those below it, indented by depth, as (id, label)."""
    rows = page_queries.tree(session)
    below: set[int] = set()
    if page_id is not None:
        mine = next((r for r in rows if r.page.id == page_id), None)
        if mine is not None:
            below = {r.page.id for r in rows if r.path.startswith(mine.path + "/")}
            below.add(page_id)
    return [(r.page.id, "— " * r.depth + r.page.title) for r in rows if r.page.id not in below]


def render_editor(
    req: AdminRequest,
    page_id: int | None,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    """The editor for a new (``page_id`` None) or stored page."""
    with req.services.reads() as session:
        page, address, revisions = None, "", []
        if page_id is not None:
            page = page_queries.page_for_editor(session, page_id)
            if page is None:
                raise NotFound(f"page {page_id}")
            address = page_queries.paths(session).get(page.id, page.slug)
            revisions = page_queries.revisions(session, page.id)
        values = values or (values_of(page, req.local) if page is not None else dict(BLANK))
        chosen = values.get("featured_image_id", "")
        images = queries.recent_images(
            session, include=int(chosen) if str(chosen).isdigit() else None
        )
        return req.render(
            "admin/page_editor.html",
            status=status,
            page=page,
            address=address,
            values=values,
            errors=errors or {},
            revisions=revisions[:5],
            revision_count=len(revisions),
            images=images,
            parent_options=parent_options(session, page_id),
            formats=FORMATS,
            rights=rights(page) if page is not None else {},
            languages=languages(req, session, Page, page),
            message=MESSAGES.get(req.query("done"), ""),
        )


def new(req: AdminRequest) -> Response:
    if not req.writing:
        return render_editor(req, None)
    return _save(req, None)


def edit(req: AdminRequest) -> Response:
    page_id = int(req.request.path_params["page_id"])
    if not req.writing:
        return render_editor(req, page_id)
    return _save(req, page_id)


def _save(req: AdminRequest, page_id: int | None) -> Response:
    intent = req.field("intent", 20) or "save"
    if intent not in ("save", "publish", "schedule"):
        intent = "save"
    values, data, errors = read_form(req)
    when = req.local.to_utc(values["publish_at"]) if values["publish_at"] else None
    if intent == "schedule" and not errors and (when is None or when <= req.now):
        errors["publish_at"] = NOT_FUTURE
    if errors:
        return render_editor(req, page_id, values=values, errors=errors, status=400)
    services = req.services
    try:
        with services.writes.begin() as session:
            page = page_actions.save_page(
                session,
                services.bus,
                services.media_urls,
                data,
                actor=req.actor,
                now=req.now,
                page_id=page_id,
            )
            if intent in ("publish", "schedule"):
                page_actions.publish_page(
                    session,
                    services.bus,
                    page.id,
                    actor=req.actor,
                    now=req.now,
                    at=when if intent == "schedule" else None,
                )
            saved_id = page.id
    except ValidationError as exc:
        return render_editor(req, page_id, values=values, errors=exc.errors, status=400)
    done = "created" if page_id is None and intent == "save" else intent
    return req.redirect(urls.admin_page(saved_id) + f"?done={done}")


def live_preview(req: AdminRequest) -> Response:
    """The public page for what is in the form now, rendered by the code that renders it
    for readers; nothing is stored."""
    _values, data, _errors = read_form(req)
    data.title = data.title.strip() or req.say(UNTITLED)
    with req.services.reads() as session:
        page = page_actions.unsaved_page(session, req.services.media_urls, data, now=req.now)
        found = PageView(page, page.slug, [], [])
        response = page_views.render(req.request, session, found)
    return HTMLResponse(bytes(response.body), headers={"X-Robots-Tag": "noindex"})


# -- the other buttons ---------------------------------------------------------------------


def _move(req: AdminRequest, action: Callable[..., Any], done: str) -> Response:
    page_id = int(req.request.path_params["page_id"])
    services = req.services
    try:
        with services.writes.begin() as session:
            action(session, services.bus, page_id, actor=req.actor, now=req.now)
    except ValidationError as exc:
        return render_editor(req, page_id, errors=exc.errors, status=400)
    if done == "delete":
        return req.redirect(urls.admin_pages(done="delete"))
    return req.redirect(urls.admin_page(page_id) + f"?done={done}")


def _to(status: Status) -> Callable[..., Any]:
    def action(session: Session, bus: Any, page_id: int, **kw: Any) -> Any:
        return page_actions.set_page_status(session, bus, page_id, status, **kw)

    return action


def unpublish(req: AdminRequest) -> Response:
    return _move(req, page_actions.unpublish_page, "unpublish")


def private(req: AdminRequest) -> Response:
    return _move(req, _to(Status.PRIVATE), "private")


def trash(req: AdminRequest) -> Response:
    return _move(req, page_actions.trash_page, "trash")


def restore(req: AdminRequest) -> Response:
    return _move(req, page_actions.restore_page, "restore")


def delete(req: AdminRequest) -> Response:
    return _move(req, page_actions.delete_page, "delete")


def translate(req: AdminRequest) -> Response:
    """A draft translating the page into the language asked for, opened in the editor."""
    page_id = int(req.request.path_params["page_id"])
    services = req.services
    try:
        with services.writes.begin() as session:
            made = page_actions.translate_page(
                session, services.bus, services.media_urls, page_id, req.field("language", 16),
                actor=req.actor, now=req.now,
            )  # fmt: skip
    except ValidationError as exc:
        return render_editor(req, page_id, errors=exc.errors, status=400)
    return req.redirect(urls.admin_page(made.id) + "?done=translated")


def rights(page: Page) -> dict[str, bool]:
    """Which of the other buttons the editor shows for ``page``."""
    trashed = page.status == Status.TRASHED
    return {
        "unpublish": page.status in LIVE_STATUSES,
        "private": not trashed and page.status != Status.PRIVATE,
        "trash": not trashed,
        "restore": trashed,
        "delete": trashed,
        "translate": not trashed,
    }
