"""Menus: the WordPress menus that become the header's and the footer's (by name, or as
chosen), with one level of nesting; "#" links head their submenus."""

from __future__ import annotations

from html import unescape

from sqlalchemy.orm import Session

from thepost.content import menus, redirects
from thepost.content.models import Article, Section
from thepost.errors import DomainError
from thepost.wordpress import pages
from thepost.wordpress.context import (
    HEADING,
    Context,
    digest_of,
    number,
)
from thepost.wordpress.records import Item


def import_menus(ctx: Context) -> None:
    pages.adopt_orphans(ctx)
    found: dict[str, list[Item]] = {}
    for item in ctx.menu_items:
        menu = next((t.slug for t in item.terms if t.domain == "nav_menu"), "")
        found.setdefault(menu, []).append(item)
    if not found:
        return
    places = _menu_places(ctx, found)
    with ctx.chunk() as session:
        known = ctx.known(session, "menu", list(places))
        for place, slug in places.items():
            entries = _menu_entries(ctx, session, found[slug])
            name = ctx.menu_names.get(slug, slug)
            digest = digest_of(entries)
            if place in known and known[place].digest == digest:
                ctx.report.count("menu", "unchanged")
                continue
            try:
                with session.begin_nested():
                    menus.save_menu(session, ctx.services.bus, place, entries,
                                    actor=ctx.actor)  # fmt: skip
            except DomainError as exc:
                ctx.report.skip("menu", f"'{name}' refused: {exc}")
                continue
            ctx.keep(known, "menu", place, 0, digest)
            ctx.report.count("menu", "imported")
            ctx.report.note(f"WordPress menu '{name}' is the {place} menu.")
    for slug in sorted(set(found) - set(places.values())):
        name = ctx.menu_names.get(slug, slug)
        ctx.report.skip("menu", "not used: The Post has a header and a footer menu")
        ctx.report.note(f"WordPress menu '{name}' was not imported (no place for it).")


def _menu_places(ctx: Context, found: dict[str, list[Item]]) -> dict[str, str]:
    def named(*words: str) -> str:
        return next((m for m in found if any(w in m.lower() for w in words)), "")

    header = ctx.options.header_menu or named("primary", "main", "header", "top")
    if not header:
        header = max((m for m in found if "social" not in m), key=lambda m: len(found[m]),
                     default="")  # fmt: skip
    footer = ctx.options.footer_menu or named("footer", "bottom")
    return {place: m for place, m in (("header", header), ("footer", footer))
            if m in found and not (place == "footer" and m == header)}  # fmt: skip


def _menu_entries(ctx: Context, session: Session, items: list[Item]) -> list[menus.MenuItemInput]:
    """A WordPress menu as The Post's: one level of nesting (deeper items are put
    under their top-level ancestor), in WordPress's order."""
    ordered = sorted(items, key=lambda i: (i.menu_order, i.wp_id))
    parent_of = {i.wp_id: number(i.meta.get("_menu_item_menu_item_parent", "")) for i in ordered}

    def top(wp_id: int) -> int:
        seen = {wp_id}
        while (
            parent_of.get(wp_id) and parent_of[wp_id] in parent_of and parent_of[wp_id] not in seen
        ):
            wp_id = parent_of[wp_id]
            seen.add(wp_id)
        return wp_id

    children: dict[int, list[menus.MenuItemInput]] = {}
    tops: list[tuple[int, menus.MenuItemInput]] = []
    for item in ordered:
        entry = _menu_entry(ctx, session, item)
        if entry is None:
            continue
        root = top(item.wp_id)
        if entry.kind == HEADING and root != item.wp_id:
            continue  # a heading deeper down: its items follow under the top one
        if root == item.wp_id:
            tops.append((item.wp_id, entry))
        else:
            children.setdefault(root, []).append(entry)
    found = []
    for i, entry in tops:
        below = tuple(children.get(i, ()))
        if entry.kind == HEADING:  # WordPress's "#" link, a heading over its submenu
            if not below:
                continue
            entry = menus.MenuItemInput(entry.label, below[0].kind, below[0].target_id,
                                        below[0].url)  # fmt: skip
        found.append(
            menus.MenuItemInput(entry.label, entry.kind, entry.target_id, entry.url, below)
        )
    return found


def _menu_entry(ctx: Context, session: Session, item: Item) -> menus.MenuItemInput | None:
    meta, label = item.meta, " ".join(unescape(item.title).split())[:200]
    kind, what = meta.get("_menu_item_type", ""), meta.get("_menu_item_object", "")
    target = number(meta.get("_menu_item_object_id", ""))
    if kind == "taxonomy" and what in ("category", "post_tag"):
        slug = ctx.term_ids.get((what, target), "")
        if what == "category" and slug in ctx.sections:
            return menus.MenuItemInput(label, "section", ctx.sections[slug])
        row = ctx.known(session, "tag", [slug]).get(slug)
        if row is not None:
            return menus.MenuItemInput(label, "tag", row.target_id)
    elif kind == "post_type" and what == "page":
        row = ctx.known(session, "page", [str(target)]).get(str(target))
        if row is not None:
            return menus.MenuItemInput(label, "page", row.target_id)
    elif kind == "post_type" and what == "post":
        row = ctx.known(session, "post", [str(target)]).get(str(target))
        article = session.get(Article, row.target_id) if row is not None else None
        if article is not None:
            section = session.get(Section, article.section_id) if article.section_id else None
            path = f"/{section.slug if section else 'news'}/{article.slug}"
            return menus.MenuItemInput(label or article.title, "url", url=path)
    elif kind == "custom":
        url = meta.get("_menu_item_url", "").strip()
        if url in ("", "#") and label:
            return menus.MenuItemInput(label, HEADING)
        base = ctx.site.link.rstrip("/")
        if base and url.rstrip("/") == base:
            return menus.MenuItemInput(label, "home")
        if base and url.startswith(base + "/"):
            url = redirects.key_of_url(url)
        if url.startswith(("http://", "https://", "mailto:", "/")) and label:
            return menus.MenuItemInput(label, "url", url=url)
    ctx.report.skip("menu item", "what it linked to is not here")
    return None
