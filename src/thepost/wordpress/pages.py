"""Pages: saved through the page actions with their nesting (a page listed before its
parent gets it once every page is in), statuses and old addresses (``/?page_id=``)."""

from __future__ import annotations

from urllib.parse import unquote

from sqlalchemy.orm import Session

from thepost.content import page_actions, text
from thepost.content.models import Page, Status
from thepost.errors import DomainError
from thepost.wordpress.context import (
    LIVE,
    NOT_CONTENT,
    PASSWORD_NOTE,
    SEO_DESCRIPTION,
    SEO_TITLE,
    Context,
    came_out,
    first,
    number,
    title,
)
from thepost.wordpress.models import ImportedItem
from thepost.wordpress.records import Item


def page(ctx: Context, session: Session, item: Item, known: dict[str, ImportedItem]) -> None:
    if item.status in NOT_CONTENT:
        ctx.report.skip("page", f"status '{item.status}' in WordPress")
        return
    key, digest = str(item.wp_id), ctx.digest(item)
    row = known.get(key)
    page = session.get(Page, row.target_id) if row is not None else None
    for _comment in item.comments:
        ctx.report.skip("comment", "on a page (pages take no comments)")
    if page is not None and row is not None and row.digest == digest:
        ctx.report.count("page", "unchanged")
        return
    body = ctx.body(item)
    parent = ctx.known(session, "page", [str(item.parent_id)]) if item.parent_id else {}
    data = page_actions.PageInput(
        title=title(item.title),
        body=body,
        body_format="html",
        slug=text.slugify(unquote(item.slug) or item.title, max_length=200),
        parent_id=parent[str(item.parent_id)].target_id if parent else None,
        standfirst=text.html_to_text(item.excerpt)[:1000],
        featured_image_id=ctx.pictures.by_id(number(item.meta.get("_thumbnail_id", ""))),
        seo_title=first(item.meta, SEO_TITLE)[:300],
        seo_description=first(item.meta, SEO_DESCRIPTION)[:1000],
        position=min(max(item.menu_order, 0), 100_000),
    )
    saved = _save_page(ctx, session, data, page.id if page else None, item.title)
    if saved is None:
        return
    if item.parent_id and not parent:
        ctx.orphans.append((saved.id, item.parent_id))
    _page_status(ctx, session, saved, item)
    ctx.keep(known, "page", key, saved.id, digest, item.guid)
    ctx.report.count("page", "updated" if page else "imported")
    old = ctx.old_paths(item.link, item.guid) | {f"/?page_id={item.wp_id}"}
    ctx.redirect(session, old, "page", saved.id)


def _save_page(
    ctx: Context, session: Session, data: page_actions.PageInput, page_id: int | None, title: str
) -> Page | None:
    """Save, and when the page's own address is taken (by a section, a reserved
    word or a sibling), save it at one made from its title, numbered."""
    bus, urls, now = ctx.services.bus, ctx.services.media_urls, ctx.now
    try:
        with session.begin_nested():
            return page_actions.save_page(
                session, bus, urls, data, actor=ctx.actor, now=now, page_id=page_id
            )
    except DomainError as exc:
        if "slug" not in getattr(exc, "errors", {}):
            ctx.report.skip("page", f"refused: {exc}")
            return None
    ctx.report.note(f"Page '{title}' took a new address: its own is taken here.")
    data.slug = ""
    return page_actions.save_page(
        session, bus, urls, data, actor=ctx.actor, now=now, page_id=page_id
    )


def _page_status(ctx: Context, session: Session, page: Page, item: Item) -> None:
    bus, actor, now = ctx.services.bus, ctx.actor, ctx.now
    when = came_out(item)
    if item.password or item.status == "private":
        if item.password:
            ctx.report.note(PASSWORD_NOTE)
        if page.status != Status.PRIVATE:
            page_actions.set_page_status(
                session, bus, page.id, Status.PRIVATE, actor=actor, now=now
            )
    elif item.status in ("publish", "future"):
        if page.status not in LIVE or page.published_at != when:
            page_actions.publish_page(session, bus, page.id, actor=actor, now=now, at=when)
    elif page.status != Status.DRAFT:
        page_actions.set_page_status(session, bus, page.id, Status.DRAFT, actor=actor, now=now)


def adopt_orphans(ctx: Context) -> None:
    """Pages listed before their parent get it once every page is in."""
    if not ctx.orphans:
        return
    with ctx.chunk() as session:
        parents = ctx.known(session, "page", [str(p) for _, p in ctx.orphans])
        for page_id, wp_parent in ctx.orphans:
            parent = parents.get(str(wp_parent))
            if parent is None:
                ctx.report.note("Some pages' parents are not in the export: they stand alone.")
                continue
            snap = page_actions.snapshot(page_actions.get_page(session, page_id))
            data = page_actions.input_from_snapshot(session, snap)
            data.parent_id = parent.target_id
            _save_page(ctx, session, data, page_id, data.title)
