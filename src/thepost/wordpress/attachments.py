"""Pictures: each attachment's file found in the uploads folder (``uploads.locate``),
put through the media library's checks and renditions, and its old addresses kept; a
missing file is reported with the post it belongs to, never fetched."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from thepost.content import text
from thepost.content.media import upload_image
from thepost.content.models import Image
from thepost.errors import DomainError
from thepost.wordpress import uploads
from thepost.wordpress.context import (
    PICTURE_TYPES,
    Context,
)
from thepost.wordpress.models import ImportedItem
from thepost.wordpress.records import Item


def attachments(ctx: Context, total: int) -> None:
    done = 0
    folder = ctx.options.uploads
    if folder is None and total:
        ctx.report.note("No uploads folder given: pictures are listed as missing.")
    records = (i for i in ctx.records((Item,)) if i.post_type == "attachment")
    for chunk in ctx.chunks(records):
        with ctx.chunk() as session:
            known = ctx.known(session, "attachment", [str(i.wp_id) for i in chunk])
            for item in chunk:
                _attachment(ctx, session, item, known, folder)
        done += len(chunk)
        ctx.progress("pictures", done, total)


def _attachment(
    ctx: Context, session: Session, item: Item, known: dict[str, ImportedItem], folder: Path | None
) -> None:
    key, url = str(item.wp_id), item.attachment_url or item.guid
    ctx.attached.setdefault(item.parent_id, []).append(item.wp_id)
    row = known.get(key)
    if row is not None and session.get(Image, row.target_id) is not None:
        ctx.pictures.add(item.wp_id, url, row.target_id)
        ctx.report.count("picture", "unchanged")
        return
    if not url.split("?")[0].lower().endswith(PICTURE_TYPES):
        ctx.report.skip("attachment", "not a picture: its posts link to it where it was")
        return
    found = uploads.locate(folder, url) if folder is not None else None
    if found is None:
        ctx.missing_for.setdefault(item.parent_id, []).append(url)
        ctx.report.skip("picture", "file not in the uploads folder")
        return
    alt = item.meta.get("_wp_attachment_image_alt", "").strip()
    caption = text.html_to_text(item.excerpt)[:2000]
    if not alt:
        alt = caption or item.title
        ctx.report.note(
            "Pictures without alt text were described by their caption or title: "
            "look them over in the media library."
        )
    try:
        upload = upload_image(
            session, ctx.services.storage, found.read_bytes(), actor=ctx.actor,
            alt=alt[:1000], caption=caption,
        )  # fmt: skip
    except DomainError as exc:
        ctx.report.skip("picture", f"not a picture The Post accepts ({exc})")
        return
    ctx.pictures.add(item.wp_id, url, upload.image.id)
    ctx.keep(known, "attachment", key, upload.image.id)
    ctx.report.count("picture", "imported")
    old = ctx.old_paths(item.link, url) | {f"/?attachment_id={item.wp_id}"}
    ctx.redirect(session, old, "image", upload.image.id)
