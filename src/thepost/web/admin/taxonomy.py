"""Sections and tags (editors and admins): create, rename, reorder and nest sections;
create, rename, merge and delete tags. A failed change comes back beside its row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session
from starlette.responses import Response

from thepost import i18n
from thepost.content import taxonomy, translations
from thepost.content.queries import parse_page
from thepost.errors import ValidationError
from thepost.i18n import N_
from thepost.web import urls
from thepost.web.admin.pages import AdminRequest

TAG_PAGE = 50
MESSAGES = {
    "created": N_("Created."),
    "saved": N_("Saved."),
    "moved": N_("Moved."),
    "merged": N_("Merged."),
    "deleted": N_("Deleted."),
}
NO_SUCH_PAGE = N_("There is no such page of tags.")


def _id(req: AdminRequest, name: str) -> int:
    return int(req.request.path_params[name])


def _parent(req: AdminRequest) -> int | None:
    raw = req.field("parent_id", 12)
    return int(raw) if raw.isdigit() else None


def _write(req: AdminRequest, change: Callable[[Session], Any]) -> dict[str, str]:
    """Run one change in a transaction; its validation errors, or none."""
    try:
        with req.services.writes.begin() as session:
            change(session)
    except ValidationError as exc:
        return exc.errors
    return {}


# -- sections -----------------------------------------------------------------------------


def sections(
    req: AdminRequest,
    *,
    status: int = 200,
    row: int | str = "",
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    with req.services.reads() as session:
        rows = taxonomy.sections_with_counts(session)
        translated = translations.translated_sections(session)
    names = {s.id: s.name for s, _ in rows}
    return req.render(
        "admin/sections.html",
        status=status,
        rows=rows,
        parents=[(s.id, s.name) for s, _ in rows],
        names=names,
        translated=translated if req.site.languages else {},
        languages=[(tag, i18n.name(tag)) for tag in req.site.languages],
        row=row,
        values=values or {},
        errors=errors or {},
        message=MESSAGES.get(req.query("done"), ""),
    )


def section_new(req: AdminRequest) -> Response:
    values = {
        "name": req.field("name", 300),
        "slug": req.field("slug", 200),
        "parent_id": req.field("parent_id", 12),
    }
    errors = _write(
        req,
        lambda s: taxonomy.add_section(
            s,
            req.services.bus,
            actor=req.actor,
            name=values["name"],
            slug=values["slug"],
            parent_id=_parent(req),
        ),
    )
    if errors:
        return sections(req, status=400, row="new", values=values, errors=errors)
    return req.redirect(urls.admin_sections() + "?done=created")


def section_save(req: AdminRequest) -> Response:
    section_id = _id(req, "section_id")
    values = {"name": req.field("name", 300), "parent_id": req.field("parent_id", 12)}
    errors = _write(
        req,
        lambda s: taxonomy.update_section(
            s,
            req.services.bus,
            section_id,
            actor=req.actor,
            name=values["name"],
            parent_id=_parent(req),
        ),
    )
    if errors:
        return sections(req, status=400, row=section_id, values=values, errors=errors)
    return req.redirect(urls.admin_sections() + "?done=saved")


def section_names(req: AdminRequest) -> Response:
    """The section's name and description in each of the site's other languages."""
    section_id = _id(req, "section_id")
    shown = req.site
    values = {
        f"{part}_{tag}": req.field(f"{part}_{tag}", 1200)
        for tag in shown.languages
        for part in ("name", "description")
    }
    names = {tag: (values[f"name_{tag}"], values[f"description_{tag}"]) for tag in shown.languages}
    errors = _write(
        req,
        lambda s: taxonomy.translate_section(
            s, req.services.bus, section_id, names, settings=shown, actor=req.actor
        ),
    )
    if errors:
        return sections(req, status=400, row=f"names-{section_id}", values=values, errors=errors)
    return req.redirect(urls.admin_sections() + "?done=saved")


def section_move(req: AdminRequest) -> Response:
    up = req.field("direction", 5) == "up"
    _write(
        req,
        lambda s: taxonomy.move_section(
            s, req.services.bus, _id(req, "section_id"), actor=req.actor, up=up
        ),
    )
    return req.redirect(urls.admin_sections() + "?done=moved")


# -- tags ---------------------------------------------------------------------------------


def tags(
    req: AdminRequest,
    *,
    status: int = 200,
    row: int | str = "",
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    q = req.query("q", 120).strip()
    number = parse_page(req.request.query_params.get("page"))
    if number is None:
        return req.error(404, NO_SUCH_PAGE)
    with req.services.reads() as session:
        rows, total = taxonomy.tags_with_counts(session, q, page=number, size=TAG_PAGE)
    pages = max(1, -(-total // TAG_PAGE))
    if number > pages:
        return req.error(404, NO_SUCH_PAGE)
    return req.render(
        "admin/tags.html",
        status=status,
        rows=rows,
        total=total,
        q=q,
        number=number,
        pages=pages,
        row=row,
        values=values or {},
        errors=errors or {},
        message=MESSAGES.get(req.query("done"), ""),
    )


def tag_new(req: AdminRequest) -> Response:
    values = {"name": req.field("name", 300)}
    errors = _write(
        req, lambda s: taxonomy.add_tag(s, req.services.bus, actor=req.actor, name=values["name"])
    )
    if errors:
        return tags(req, status=400, row="new", values=values, errors=errors)
    return req.redirect(urls.admin_tags() + "?done=created")


def tag_save(req: AdminRequest) -> Response:
    tag_id = _id(req, "tag_id")
    values = {"name": req.field("name", 300)}
    errors = _write(
        req,
        lambda s: taxonomy.rename_tag(
            s, req.services.bus, tag_id, actor=req.actor, name=values["name"]
        ),
    )
    if errors:
        return tags(req, status=400, row=tag_id, values=values, errors=errors)
    return req.redirect(urls.admin_tags() + "?done=saved")


def tag_merge(req: AdminRequest) -> Response:
    tag_id = _id(req, "tag_id")
    values = {"into": req.field("into", 300)}

    def merge(session: Session) -> None:
        into = taxonomy.tag_by_name(session, values["into"])
        if into is None:
            raise ValidationError({"into": N_("No tag has that name.")})
        taxonomy.merge_tags(
            session, req.services.bus, source_id=tag_id, into_id=into.id, actor=req.actor
        )

    errors = _write(req, merge)
    if errors:
        return tags(req, status=400, row=tag_id, values=values, errors=errors)
    return req.redirect(urls.admin_tags() + "?done=merged")


def tag_delete(req: AdminRequest) -> Response:
    _write(
        req, lambda s: taxonomy.delete_tag(s, req.services.bus, _id(req, "tag_id"), actor=req.actor)
    )
    return req.redirect(urls.admin_tags() + "?done=deleted")
