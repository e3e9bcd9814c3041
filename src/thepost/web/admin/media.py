"""The media library: a grid of pictures with search and pages, the upload form, each
picture's alt text, caption and credit, and deleting a picture no page shows.

The story editor's picture picker reads and writes the same through JSON: ``pick``
(the library's search, page by page, or given pictures by id), ``upload`` (a file
dropped or pasted into a story) and ``describe`` (the words typed beside it), each
calling the action the pages call."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile
from starlette.responses import JSONResponse, Response

from thepost.content import media
from thepost.content.models import Image
from thepost.content.queries import parse_page
from thepost.errors import Conflict, Unavailable, ValidationError
from thepost.i18n import N_
from thepost.media.images import MAX_BYTES, rendition_key
from thepost.permissions import Action
from thepost.web import urls
from thepost.web.admin import limits
from thepost.web.admin.pages import AdminRequest
from thepost.web.errors import said

PAGE_SIZE = 24
MAX_BODY = limits.MEDIA_BODY
MESSAGES = {
    "uploaded": N_("The picture is in the library. Check its alt text, caption and credit."),
    "duplicate": N_("This picture was in the library already: here it is, nothing was added."),
    "saved": N_("Saved."),
    "deleted": N_("The picture was deleted."),
}
NO_SUCH_PAGE = N_("There is no such page of pictures.")


def _words(req: AdminRequest) -> dict[str, str]:
    return {name: req.field(name, limit + 1) for name, limit in media.LIMITS.items()}


def _library(
    req: AdminRequest,
    *,
    status: int = 200,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    """The grid and the upload form; ``errors`` keyed ``file`` show beside the file."""
    q = req.query("q", 200).strip()
    number = parse_page(req.request.query_params.get("page"))
    if number is None:
        return req.error(404, NO_SUCH_PAGE)
    with req.services.reads() as session:
        page = media.library(session, q, page=number, size=PAGE_SIZE)
    if number > 1 and number > page.pages:
        return req.error(404, NO_SUCH_PAGE)
    return req.render(
        "admin/media.html",
        status=status,
        page=page,
        q=q,
        values=values or {"alt": "", "caption": "", "credit": ""},
        errors=errors or {},
        max_mb=MAX_BYTES // (1024 * 1024),
        message=MESSAGES.get(req.query("done"), ""),
    )


def _upload(req: AdminRequest, values: dict[str, str]) -> tuple[dict[str, Any], bool]:
    """The form's file into the library (``media.upload_image``): the picture as the
    picker shows it, and whether it is new. Raises ``ValidationError`` (keyed ``file``
    for a missing or unacceptable file) or ``Unavailable``."""
    upload = req.form.get("file") if req.form is not None else None
    if not isinstance(upload, UploadFile) or not upload.filename:
        raise ValidationError({"file": N_("Choose a picture to upload.")})
    data = upload.file.read(MAX_BYTES + 1)  # never more than the limit and one byte
    with req.services.writes.begin() as session:
        result = media.upload_image(
            session,
            req.services.storage,
            data,
            actor=req.actor,
            alt=values["alt"],
            caption=values["caption"],
            credit=values["credit"],
        )
        return _shown(req, result.image), result.created


def _shown(req: AdminRequest, image: Image) -> dict[str, Any]:
    """A picture for the picker: its words, size, a small rendition's address and where
    its words are changed."""
    thumb = rendition_key(image.sha256, min(image.renditions or [image.width]), "jpg")
    return {
        "id": image.id, "alt": image.alt, "caption": image.caption, "credit": image.credit,
        "width": image.width, "height": image.height,
        "thumb": req.services.media_urls.url(thumb),
        "describe": urls.admin_image_describe(image.id),
    }  # fmt: skip


def index(req: AdminRequest) -> Response:
    if not req.writing:
        return _library(req)
    values = _words(req)
    try:
        shown, created = _upload(req, values)
    except ValidationError as exc:
        return _library(req, status=400, values=values, errors=exc.errors)
    except Unavailable as exc:  # nothing was stored: the transaction rolled back
        return _library(req, status=503, values=values, errors={"file": said(exc)})
    done = "uploaded" if created else "duplicate"
    return req.redirect(urls.admin_image(shown["id"]) + "?done=" + done)


def upload(req: AdminRequest) -> Response:
    """A picture dropped or pasted into a story: JSON, the picture or the errors."""
    try:
        shown, created = _upload(req, _words(req))
    except ValidationError as exc:
        return JSONResponse({"errors": req.say_each(exc.errors)}, status_code=400)
    except Unavailable as exc:
        return JSONResponse({"errors": {"file": req.say(said(exc))}}, status_code=503)
    return JSONResponse({**shown, "created": created})


def pick(req: AdminRequest) -> Response:
    """The picker's pictures: the library's search (``q``), page by page, newest first,
    as the media page lists them; or the pictures ``ids`` (comma-separated) names."""
    raw_ids = req.query("ids", 400)
    with req.services.reads() as session:
        if raw_ids:
            ids = [
                int(i) for i in raw_ids.split(",") if i.isascii() and i.isdigit() and len(i) < 10
            ]
            found = media.by_ids(session, ids[:100])
            return JSONResponse({"items": [_shown(req, image) for image in found]})
        number = parse_page(req.request.query_params.get("page"))
        if number is None:
            wrong = {"page": req.say(N_("Not a page number."))}
            return JSONResponse({"errors": wrong}, status_code=400)
        page = media.library(session, req.query("q", 200).strip(), page=number, size=PAGE_SIZE)
        return JSONResponse(
            {
                "items": [_shown(req, image) for image in page.items],
                "page": page.number,
                "pages": page.pages,
                "total": page.total,
            }  # fmt: skip
        )


def describe(req: AdminRequest) -> Response:
    """The words typed beside a picture just put in a story: JSON."""
    image_id = int(req.request.path_params["image_id"])
    try:
        with req.services.writes.begin() as session:
            image = media.describe_image(
                session, req.services.bus, image_id, actor=req.actor, **_words(req)
            )
            return JSONResponse(_shown(req, image))
    except ValidationError as exc:
        return JSONResponse({"errors": req.say_each(exc.errors)}, status_code=400)


def image(req: AdminRequest) -> Response:
    image_id = int(req.request.path_params["image_id"])
    values, errors, status = None, {}, 200
    if req.writing:
        values = _words(req)
        try:
            with req.services.writes.begin() as session:
                media.describe_image(session, req.services.bus, image_id, actor=req.actor, **values)
        except ValidationError as exc:
            errors, status = exc.errors, 400
        else:
            return req.redirect(urls.admin_image(image_id) + "?done=saved")
    return _image(req, image_id, values=values, errors=errors, status=status)


def delete(req: AdminRequest) -> Response:
    image_id = int(req.request.path_params["image_id"])
    try:
        with req.services.writes.begin() as session:
            media.delete_image(session, req.services.bus, image_id, actor=req.actor)
    except Conflict as exc:  # a page shows it: say which, keep the picture
        return _image(req, image_id, status=409, problem=said(exc))
    return req.redirect(urls.admin_media() + "?done=deleted")


def _image(
    req: AdminRequest,
    image_id: int,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    problem: str = "",
) -> Response:
    with req.services.reads() as session:
        found = media.get(session, image_id)
        session.expunge(found)
    return req.render(
        "admin/image.html",
        status=status,
        image=found,
        values=values or {"alt": found.alt, "caption": found.caption, "credit": found.credit},
        errors=errors or {},
        message=MESSAGES.get(req.query("done"), ""),
        problem=problem,
        may_delete=req.can(Action.MEDIA_DELETE),
        may_describe=req.can(Action.MEDIA_DESCRIBE_OWN, media.uploader(found)),
    )
