"""The media library: uploading a picture, describing it, finding it again.

``upload_image`` is the one way a picture enters the library (the admin's form,
``thepost media add``, the demo content and imports call it): it checks
``Action.MEDIA_UPLOAD`` (authors and up, as in WordPress), validates the words, checks
the bytes by content and stores the renditions. The same bytes twice give the image
already in the library, with ``created`` False::

    upload = upload_image(session, storage, data, actor=user, alt="Flooded high street")
    upload.image.id, upload.created

``delete_image`` takes a picture out of the library (editors and up) unless a story or an
author shows it; its files leave the media store after the removal commits.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from thepost.content.models import Article, Author, Image
from thepost.content.queries import Page
from thepost.errors import Conflict, NotFound, ValidationError
from thepost.events import EventBus, ImageDeleted, ImageDescribed
from thepost.i18n import N_
from thepost.media import images as media_images
from thepost.media.images import rendition_keys
from thepost.media.storage import Storage
from thepost.permissions import Action, Owned, Principal, require

LIMITS = {"alt": 500, "caption": 2000, "credit": 300}


@dataclass
class Upload:
    image: Image
    created: bool  # False: the same bytes were in the library already


def _described(alt: str, caption: str, credit: str) -> dict[str, str]:
    values = {"alt": " ".join(alt.split()), "caption": caption.strip(), "credit": credit.strip()}
    errors = {
        name: N_(
            "At most %(limit)s characters (%(given)s given).", limit=limit, given=len(values[name])
        )
        for name, limit in LIMITS.items()
        if len(values[name]) > limit
    }
    if errors:
        raise ValidationError(errors)
    return values


def upload_image(
    session: Session,
    storage: Storage,
    data: bytes,
    *,
    actor: Principal,
    alt: str = "",
    caption: str = "",
    credit: str = "",
    widths: tuple[int, ...] = media_images.WIDTHS,
) -> Upload:
    """Add a picture to the library: checked by its content, stripped of metadata, stored
    with its renditions (``widths``); the same bytes give the same row. Raises
    ``ValidationError`` keyed ``file`` for bytes that are not an acceptable image, keyed
    by field for words that are too long."""
    require(actor, Action.MEDIA_UPLOAD)
    values = _described(alt, caption, credit)
    existing = session.scalar(select(Image).where(Image.sha256 == hashlib.sha256(data).hexdigest()))
    if existing is not None:
        return Upload(existing, created=False)
    try:
        processed = media_images.process(data, widths)
    except media_images.ImageError as exc:
        raise ValidationError({"file": exc.args[0]}) from exc  # as made: translatable
    # Files first, the row last: a store that fails (``Unavailable``) leaves no row. Files
    # put before the failure stay, unlinked; they are content-addressed, so a retry (or
    # the same picture uploaded at the same moment by someone else) writes the same bytes.
    for key, blob in processed.files.items():
        storage.put(key, blob)
    image = Image(
        sha256=processed.sha256,
        width=processed.width,
        height=processed.height,
        renditions=processed.widths,
        uploaded_by=actor.id,
        **values,
    )
    session.add(image)
    session.flush()
    return Upload(image, created=True)


def describe_image(
    session: Session,
    bus: EventBus,
    image_id: int,
    *,
    actor: Principal,
    alt: str,
    caption: str,
    credit: str,
) -> Image:
    """Change a picture's alt text, caption and credit: its uploader, or an editor."""
    image = get(session, image_id)
    require(actor, Action.MEDIA_DESCRIBE_OWN, uploader(image))
    for name, value in _described(alt, caption, credit).items():
        setattr(image, name, value)
    session.flush()
    bus.emit(session, ImageDescribed(image.id, actor.id))
    return image


def delete_image(session: Session, bus: EventBus, image_id: int, *, actor: Principal) -> None:
    """Remove a picture. Raises ``Conflict`` naming what shows it: a story's featured image
    or figure (any status: a draft goes out later), or an author's photo."""
    require(actor, Action.MEDIA_DELETE)
    image = get(session, image_id)
    titles = session.scalars(
        select(Article.title)
        .where(
            or_(
                Article.featured_image_id == image.id,
                Article.body_html.contains(image.sha256, autoescape=True),
                Article.gated_html.contains(image.sha256, autoescape=True),
            )
        )
        .order_by(Article.id)
        .limit(4)
    ).all()
    names = session.scalars(select(Author.name).where(Author.photo_id == image.id).limit(4)).all()
    if titles or names:
        shown = [N_("“%(title)s”", title=t) for t in titles]
        shown += [N_("%(name)s’s author page", name=n) for n in names]
        raise Conflict(
            N_("This picture cannot be deleted while it is shown: %(where)s", where=shown)
        )
    keys = tuple(rendition_keys(image.sha256, image.renditions))
    session.delete(image)
    session.flush()
    bus.emit(session, ImageDeleted(image_id, keys, actor.id))


def uploader(image: Image) -> Owned:
    """Whose picture it is for the permission rules (nobody's: editors only)."""
    return Owned(frozenset({image.uploaded_by} if image.uploaded_by is not None else ()))


def get(session: Session, image_id: int) -> Image:
    image = session.get(Image, image_id)
    if image is None:
        raise NotFound(f"image {image_id}")
    return image


def by_ids(session: Session, ids: list[int]) -> list[Image]:
    """The pictures ``ids`` names that exist, in that order."""
    found = {i.id: i for i in session.scalars(select(Image).where(Image.id.in_(ids)))}
    return [found[i] for i in dict.fromkeys(ids) if i in found]


def library(session: Session, text: str = "", *, page: int = 1, size: int = 24) -> Page[Image]:
    """Pictures, newest first, those whose alt text, caption or credit contain ``text``."""
    query = select(Image)
    if text:
        columns = (Image.alt, Image.caption, Image.credit)
        needle = text.lower()
        query = query.where(
            or_(*(func.lower(c).contains(needle, autoescape=True) for c in columns))
        )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    items = session.scalars(
        query.order_by(Image.created_at.desc(), Image.id.desc())
        .limit(size)
        .offset((page - 1) * size)
    ).all()
    return Page(list(items), page, size, total)
