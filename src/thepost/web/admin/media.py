"""The media library: a grid of pictures with search and pages, the upload form, each
picture's alt text, caption and credit, and deleting a picture no page shows."""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.responses import Response

from thepost.content import media
from thepost.content.queries import parse_page
from thepost.errors import Conflict, Unavailable, ValidationError
from thepost.media.images import MAX_BYTES
from thepost.permissions import Action
from thepost.web import urls
from thepost.web.admin.pages import AdminRequest

PAGE_SIZE = 24
# The form's own fields and the multipart framing ride on top of the file.
MAX_BODY = MAX_BYTES + 64 * 1024
MESSAGES = {
    "uploaded": "The picture is in the library. Check its alt text, caption and credit.",
    "duplicate": "This picture was in the library already: here it is, nothing was added.",
    "saved": "Saved.",
    "deleted": "The picture was deleted.",
}


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
        return req.error(404, "There is no such page of pictures.")
    with req.services.reads() as session:
        page = media.library(session, q, page=number, size=PAGE_SIZE)
    if number > 1 and number > page.pages:
        return req.error(404, "There is no such page of pictures.")
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


def index(req: AdminRequest) -> Response:
    if not req.writing:
        return _library(req)
    values = _words(req)
    upload = req.form.get("file") if req.form is not None else None
    if not isinstance(upload, UploadFile) or not upload.filename:
        return _library(
            req, status=400, values=values, errors={"file": "Choose a picture to upload."}
        )
    data = upload.file.read(MAX_BYTES + 1)  # never more than the limit and one byte
    try:
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
            image_id, created = result.image.id, result.created
    except ValidationError as exc:
        return _library(req, status=400, values=values, errors=exc.errors)
    except Unavailable as exc:  # nothing was stored: the transaction rolled back
        return _library(req, status=503, values=values, errors={"file": str(exc)})
    done = "uploaded" if created else "duplicate"
    return req.redirect(urls.admin_image(image_id) + "?done=" + done)


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
        return _image(req, image_id, status=409, problem=str(exc))
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
