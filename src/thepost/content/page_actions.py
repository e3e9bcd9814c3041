"""Every write to pages (About, Contact, Terms...): save, publish or schedule, take off the
site, move to the trash, delete, go back to a revision.

Like the article actions (``content.actions``), each checks the actor's permission
(``Action.PAGE_EDIT``: editors and admins), writes, records a revision on save, and emits
an event (``PageChanged`` and its kinds) that the page cache hears after the commit. The
caller commits::

    data = PageInput(title="About us", body="We are a newsroom of ...")
    about = save_page(session, bus, media_urls, data, actor=editor, now=now)
    team = save_page(session, bus, media_urls, PageInput("Our team", parent_id=about.id), ...)
    publish_page(session, bus, about.id, actor=editor, now=now)  # /about, /about/our-team

A page's address is its slug under its parents' slugs. Slugs are unique among siblings;
a top-level slug may not be a section's (``/politics``: sections win) nor one the site
uses for its own paths (``taxonomy.RESERVED_SLUGS``); a nested one may not be ``feed``
or ``comments``, which the section and comment routes take at that depth. Pages nest at
most ``MAX_DEPTH`` deep. When a page's address changes (its slug, or its or an
ancestor's parent), every old address is kept (``PageSlug``) and answers 301.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from thepost.content import bodies, revisions, site, text, translations
from thepost.content.models import (
    LIVE_STATUSES,
    Image,
    Page,
    PageRevision,
    PageSlug,
    Section,
    Status,
)
from thepost.content.taxonomy import RESERVED_SLUGS
from thepost.errors import NotFound, ValidationError
from thepost.events import EventBus, PageChanged, PageDeleted, PagePublished, PageUnpublished
from thepost.i18n import N_
from thepost.media.urls import MediaUrls
from thepost.permissions import Action, Principal, require

LIMITS = {"title": 300, "standfirst": 1000, "seo_title": 300, "slug": 200}
# A page and at most three above it (/a/b/c/d): the menus read a page's address in one
# statement, joining its ancestors.
MAX_DEPTH = 4
IN_THE_TRASH = N_("This page is in the trash: restore it first.")
# Taken below the top level by the routes under a section (``/x/feed/rss``,
# ``/x/y/comments``): a page there could never be reached.
NESTED_RESERVED = frozenset({"feed", "comments"})
# What ``set_page_status`` moves a page to; publishing goes through ``publish_page``.
SETTABLE = (Status.DRAFT, Status.PRIVATE, Status.UNPUBLISHED, Status.TRASHED)


@dataclass
class PageInput:
    title: str
    body: str = ""
    body_format: str = "markdown"
    slug: str = ""
    parent_id: int | None = None
    standfirst: str = ""
    featured_image_id: int | None = None
    featured_caption: str = ""
    featured_credit: str = ""
    featured_alt: str = ""
    seo_title: str = ""
    seo_description: str = ""
    position: int = 0
    # "" for the site's own language (a page below another is in its parent's); and the
    # page it translates (any of its versions)
    language: str = ""
    translation_of_id: int | None = None

    def __post_init__(self) -> None:
        self.body = text.newlines(self.body)

    def validate(self) -> None:
        errors: dict[str, str] = {}
        if not self.title.strip():
            errors["title"] = N_("A title is required.")
        for name, limit in LIMITS.items():
            value = getattr(self, name)
            if len(value) > limit:
                errors[name] = N_(
                    "At most %(limit)s characters (%(given)s given).", limit=limit, given=len(value)
                )
        if self.body_format not in ("markdown", "html"):
            errors["body_format"] = N_("Body format must be markdown or html.")
        if not 0 <= self.position <= 100_000:
            errors["position"] = N_("The order is a number from 0 to 100000.")
        if errors:
            raise ValidationError(errors)


def get_page(session: Session, page_id: int) -> Page:
    page = session.get(Page, page_id)
    if page is None:
        raise NotFound(f"page {page_id}")
    return page


# -- addresses ---------------------------------------------------------------------------


def path_of(session: Session, page: Page) -> str:
    """The page's address without the leading slash: its ancestors' slugs and its own,
    under its language's segment when that is not the site's own."""
    slugs = [page.slug]
    seen = {page.id}
    parent_id = page.parent_id
    while parent_id is not None and parent_id not in seen:
        parent = get_page(session, parent_id)
        slugs.append(parent.slug)
        seen.add(parent.id)
        parent_id = parent.parent_id
    return "/".join([*([page.language] if page.language else []), *reversed(slugs)])


def _descendants(session: Session, page_id: int) -> list[int]:
    """Every page below ``page_id``, a level at a time (pages are few and shallow)."""
    found: list[int] = []
    level = [page_id]
    while level:
        level = list(session.scalars(select(Page.id).where(Page.parent_id.in_(level))))
        level = [i for i in level if i not in found and i != page_id]
        found += level
    return found


def _paths(session: Session, ids: list[int]) -> dict[int, str]:
    return {i: path_of(session, get_page(session, i)) for i in ids}


def _remember(session: Session, before: dict[int, str]) -> None:
    """Keep each old address that changed, pointing at its page; an address a page has
    now is no longer an old one (a page moved back must not redirect to itself)."""
    after = _paths(session, list(before))
    current = set(after.values())
    if current:
        session.execute(delete(PageSlug).where(PageSlug.path.in_(current)))
    for page_id, old in before.items():
        if after[page_id] == old:
            continue
        kept = session.get(PageSlug, old)
        if kept is None:
            session.add(PageSlug(path=old, page_id=page_id))
        else:
            kept.page_id = page_id
    session.flush()


def _depth(session: Session, parent_id: int | None, page_id: int | None) -> int:
    """How many pages sit above one placed under ``parent_id`` (refusing a circle)."""
    depth, current, seen = 0, parent_id, set()
    while current is not None:
        if current == page_id:
            raise ValidationError({"parent_id": N_("A page cannot sit inside itself.")})
        if current in seen:
            break
        seen.add(current)
        parent = session.get(Page, current)
        if parent is None:
            raise ValidationError({"parent_id": N_("No such page.")})
        depth += 1
        current = parent.parent_id
    return depth


def _height(session: Session, page_id: int) -> int:
    """Levels below ``page_id`` (0: no children)."""
    height, level = 0, [page_id]
    while True:
        level = list(session.scalars(select(Page.id).where(Page.parent_id.in_(level))))
        if not level or height > MAX_DEPTH:
            return height
        height += 1


def _check_place(
    session: Session,
    page_id: int | None,
    parent_id: int | None,
    slug: str,
    explicit: bool,
    language: str = "",
) -> str:
    """The slug the page takes under ``parent_id`` (a title's slug gets a number when a
    sibling has it; a slug typed in is refused instead)."""
    above = _depth(session, parent_id, page_id)
    below = _height(session, page_id) if page_id is not None else 0
    if above + 1 + below > MAX_DEPTH:
        raise ValidationError(
            {"parent_id": N_("Pages nest at most %(depth)s deep.", depth=MAX_DEPTH)}
        )
    if parent_id is None:
        if slug in RESERVED_SLUGS:
            raise ValidationError({"slug": f"'{slug}' is reserved for the site's own pages."})
        if session.scalar(select(Section.id).where(Section.slug == slug)):
            raise ValidationError({"slug": N_("A section has the address /%(slug)s.", slug=slug)})
    elif slug in NESTED_RESERVED:
        raise ValidationError({"slug": f"'{slug}' is reserved for the site's own pages."})
    siblings = set(
        session.scalars(
            select(Page.slug).where(
                Page.parent_id.is_(None) if parent_id is None else Page.parent_id == parent_id,
                Page.language == language,
                Page.id != (page_id or -1),
                Page.slug.like(f"{slug}%"),
            )
        )
    )
    if slug not in siblings:
        return slug
    if explicit:
        taken = (
            N_("Another page at the top level has the slug '%(slug)s'.", slug=slug)
            if parent_id is None
            else N_("Another page under the same parent has the slug '%(slug)s'.", slug=slug)
        )
        raise ValidationError({"slug": taken})
    n = 2
    while f"{slug}-{n}" in siblings:
        n += 1
    return f"{slug}-{n}"


# -- saving ------------------------------------------------------------------------------


def fill_page(session: Session, media_urls: MediaUrls, page: Page, data: PageInput) -> None:
    """Set a page's own columns from the input and render its body as readers will see
    it, by the code that renders articles' bodies (the live preview fills an unsaved page
    the same way)."""
    body = bodies.render(session, media_urls, data.body, data.body_format)
    page.title = data.title.strip()
    page.standfirst = data.standfirst.strip()
    page.body_source = data.body
    page.body_format = data.body_format
    page.body_html = body.html
    page.body_text = text.html_to_text(page.body_html)
    page.excerpt = text.excerpt(page.standfirst or page.body_text, 200)
    page.featured_image_id = data.featured_image_id
    page.featured_caption = data.featured_caption
    page.featured_credit = data.featured_credit
    page.featured_alt = data.featured_alt
    page.seo_title = data.seo_title
    page.seo_description = data.seo_description
    page.position = data.position
    page.parent_id = data.parent_id


def _check_picture(session: Session, data: PageInput) -> None:
    if data.featured_image_id is None:
        return
    image = session.get(Image, data.featured_image_id)
    if image is None:
        raise ValidationError({"featured_image_id": N_("No such image.")})
    if not (data.featured_alt.strip() or image.alt.strip()):
        raise ValidationError(
            {"featured_alt": N_("Describe the picture for readers who cannot see it.")}
        )


def save_page(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    data: PageInput,
    *,
    actor: Principal,
    now: datetime,
    page_id: int | None = None,
) -> Page:
    """Create or update a page, render its body (its figures linked at ``media_urls``),
    keep its old addresses and those of the pages below it, record a revision."""
    require(actor, Action.PAGE_EDIT)
    if page_id is None:
        page = Page(created_at=now, status=Status.DRAFT.value)
    else:
        page = get_page(session, page_id)
        if page.status == Status.TRASHED:
            raise ValidationError({"status": IN_THE_TRASH})
    data.validate()
    _check_picture(session, data)
    language = translations.stored(site.load(session), data.language)
    parent = session.get(Page, data.parent_id) if data.parent_id is not None else None
    if parent is not None:  # (a parent that is not there: refused with the place below)
        language = parent.language
    original = translations.check_link(session, Page, page_id, language, data.translation_of_id)
    wanted = text.slugify(data.slug or data.title, max_length=LIMITS["slug"])
    slug = _check_place(
        session, page_id, data.parent_id, wanted, explicit=bool(data.slug), language=language
    )
    before = {}
    if page_id is not None and (
        slug != page.slug or data.parent_id != page.parent_id or language != page.language
    ):
        moved = [page.id, *_descendants(session, page.id)]
        before = _paths(session, moved)
    page.slug, page.language, page.translation_of_id = slug, language, original
    fill_page(session, media_urls, page, data)
    page.updated_at = now
    session.add(page)
    session.flush()
    if before:
        _remember(session, before)
    else:  # a new page may take a path another page once had
        session.execute(delete(PageSlug).where(PageSlug.path == path_of(session, page)))
    revisions.store(session, PageRevision, page.id, snapshot(page), actor.id, now, autosave=False)
    if page.status in LIVE_STATUSES or before:  # readers see it, or addresses below it moved
        bus.emit(session, PageChanged(page.id, actor.id))
    return page


def snapshot(page: Page) -> dict[str, Any]:
    """What a revision keeps of a page: every field a person edits."""
    return {
        "title": page.title,
        "slug": page.slug,
        "parent_id": page.parent_id,
        "position": page.position,
        "standfirst": page.standfirst,
        "body_source": page.body_source,
        "body_format": page.body_format,
        "featured_image_id": page.featured_image_id,
        "featured_caption": page.featured_caption,
        "featured_credit": page.featured_credit,
        "featured_alt": page.featured_alt,
        "seo_title": page.seo_title,
        "seo_description": page.seo_description,
        "language": page.language,
        "translation_of_id": page.translation_of_id,
        "status": page.status,
    }


def input_from_snapshot(session: Session, snap: dict[str, Any]) -> PageInput:
    """A ``PageInput`` from a revision; a parent or picture deleted since is left out."""
    parent_id = snap.get("parent_id")
    if parent_id is not None and session.get(Page, parent_id) is None:
        parent_id = None
    image_id = snap.get("featured_image_id")
    if image_id is not None and session.get(Image, image_id) is None:
        image_id = None
    original_id = snap.get("translation_of_id")
    if original_id is not None and session.get(Page, original_id) is None:
        original_id = None
    return PageInput(
        title=snap.get("title") or "Untitled",
        body=snap.get("body_source") or "",
        body_format=snap.get("body_format") or "markdown",
        slug=snap.get("slug") or "",
        parent_id=parent_id,
        standfirst=snap.get("standfirst") or "",
        featured_image_id=image_id,
        featured_caption=snap.get("featured_caption") or "",
        featured_credit=snap.get("featured_credit") or "",
        featured_alt=snap.get("featured_alt") or "",
        seo_title=snap.get("seo_title") or "",
        seo_description=snap.get("seo_description") or "",
        position=int(snap.get("position") or 0),
        language=snap.get("language") or "",
        translation_of_id=original_id,
    )


def restore_page_revision(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    page_id: int,
    revision_id: int,
    *,
    actor: Principal,
    now: datetime,
) -> Page:
    """Bring back an earlier version as a new save on top of the history."""
    require(actor, Action.PAGE_EDIT)
    revision = revisions.one(session, PageRevision, page_id, revision_id)
    data = input_from_snapshot(session, dict(revision.snapshot))
    return save_page(session, bus, media_urls, data, actor=actor, now=now, page_id=page_id)


def translate_page(
    session: Session,
    bus: EventBus,
    media_urls: MediaUrls,
    page_id: int,
    language: str,
    *,
    actor: Principal,
    now: datetime,
) -> Page:
    """A draft in ``language`` translating the page (at the top level of that
    language's pages): its words to rewrite, its picture kept."""
    source = get_page(session, page_id)
    data = PageInput(
        title=source.title,
        body=source.body_source,
        body_format=source.body_format,
        slug=source.slug,
        standfirst=source.standfirst,
        featured_image_id=source.featured_image_id,
        featured_caption=source.featured_caption,
        featured_credit=source.featured_credit,
        featured_alt=source.featured_alt,
        position=source.position,
        language=language,
        translation_of_id=source.id,
    )
    return save_page(session, bus, media_urls, data, actor=actor, now=now)


def unsaved_page(
    session: Session, media_urls: MediaUrls, data: PageInput, *, now: datetime
) -> Page:
    """A page built from the editor's form and never stored, for the live preview."""
    page = Page(
        slug=text.slugify(data.slug or data.title or "preview", max_length=LIMITS["slug"]),
        status=Status.DRAFT.value,
        created_at=now,
        updated_at=now,
        published_at=now,
    )
    fill_page(session, media_urls, page, data)
    page.featured_image = (
        session.get(Image, data.featured_image_id) if data.featured_image_id else None
    )
    return page


# -- status ------------------------------------------------------------------------------


def publish_page(
    session: Session,
    bus: EventBus,
    page_id: int,
    *,
    actor: Principal,
    now: datetime,
    at: datetime | None = None,
) -> Page:
    """Publish now, or schedule for ``at``: the page shows once ``at`` has passed,
    checked when it is read, as articles do."""
    require(actor, Action.PAGE_EDIT)
    page = get_page(session, page_id)
    if page.status == Status.TRASHED:
        raise ValidationError({"status": IN_THE_TRASH})
    page.go_out(at or now, now)
    session.flush()
    bus.emit(session, PagePublished(page.id, actor.id))
    return page


def set_page_status(
    session: Session,
    bus: EventBus,
    page_id: int,
    status: str,
    *,
    actor: Principal,
    now: datetime,
) -> Page:
    """Move a page to a status readers never see: a draft, private (the newsroom's
    only), unpublished, or the trash. Out of the trash a page comes back as a draft."""
    require(actor, Action.PAGE_EDIT)
    page = get_page(session, page_id)
    if status not in SETTABLE:
        raise ValidationError(
            {"status": N_("A page cannot be set to '%(status)s' this way.", status=status)}
        )
    if page.status == Status.TRASHED and status != Status.DRAFT:
        raise ValidationError({"status": IN_THE_TRASH})
    page.status = Status(status).value
    page.updated_at = now
    session.flush()
    bus.emit(session, PageUnpublished(page.id, actor.id))
    return page


def trash_page(
    session: Session, bus: EventBus, page_id: int, *, actor: Principal, now: datetime
) -> Page:
    return set_page_status(session, bus, page_id, Status.TRASHED, actor=actor, now=now)


def restore_page(
    session: Session, bus: EventBus, page_id: int, *, actor: Principal, now: datetime
) -> Page:
    """Out of the trash, as a draft."""
    return set_page_status(session, bus, page_id, Status.DRAFT, actor=actor, now=now)


def unpublish_page(
    session: Session, bus: EventBus, page_id: int, *, actor: Principal, now: datetime
) -> Page:
    return set_page_status(session, bus, page_id, Status.UNPUBLISHED, actor=actor, now=now)


def delete_page(
    session: Session, bus: EventBus, page_id: int, *, actor: Principal, now: datetime
) -> None:
    """Delete a page with its revisions and old addresses. Its children move up to its
    parent (a child whose slug a new sibling has gets a number), their old addresses
    kept like any move's."""
    require(actor, Action.PAGE_EDIT)
    page = get_page(session, page_id)
    children = list(session.scalars(select(Page).where(Page.parent_id == page.id)))
    if children:
        moved = [i for child in children for i in (child.id, *_descendants(session, child.id))]
        before = _paths(session, moved)
        for child in children:
            try:
                slug = _check_place(
                    session, child.id, page.parent_id, child.slug, True, page.language
                )
            except ValidationError:  # taken or reserved there: the old parent's slug first
                base = text.slugify(f"{page.slug}-{child.slug}", max_length=LIMITS["slug"])
                slug = _check_place(session, child.id, page.parent_id, base, False, page.language)
            child.parent_id, child.slug, child.updated_at = page.parent_id, slug, now
            session.flush()
        _remember(session, before)
    translations.before_delete(session, Page, page_id)
    session.expunge(page)
    session.execute(delete(Page).where(Page.id == page_id))
    bus.emit(session, PageDeleted(page_id, actor.id))


def render_bodies_again(session: Session, media_urls: MediaUrls, image_id: int) -> list[int]:
    """Render again the bodies of pages that show ``image_id`` as a figure (its words
    changed); returns their ids. A page's body names its figures as ``](image:ID``."""
    pattern = f"%](image:{image_id}%"
    found = list(
        session.scalars(
            select(Page).where(Page.body_format == "markdown", Page.body_source.like(pattern))
        )
    )
    for page in found:
        page.body_html = bodies.render(session, media_urls, page.body_source, page.body_format).html
    if found:
        session.flush()
    return [page.id for page in found]


def count_pages(session: Session) -> int:
    return session.scalar(select(func.count(Page.id))) or 0
