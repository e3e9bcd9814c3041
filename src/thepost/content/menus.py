"""The site's menus: the header's bar and the footer's links, which editors change.

A menu is saved whole (``save_menu``): its items replace those before, checked first.
An item links to a section, page, tag or author by id (shown with that one's current
address and, without a label of its own, its current name), to the home page or the
latest list, or to a web address: ``http(s)://``, ``mailto:`` or a path on this site
(``/...``), never anything a browser would run. Items nest one level deep::

    save_menu(session, bus, "footer", [
        MenuItemInput("", "page", target_id=about.id, children=[
            MenuItemInput("Our team", "page", target_id=team.id),
        ]),
        MenuItemInput("Newsletter", "url", url="https://example.org/newsletter"),
    ], actor=editor)
    menus(session, now=now, sections=sections)
    # -> {"header": [MenuEntry("home", "Home", ""), MenuEntry("section", "News", "news"), ...],
    #     "footer": [MenuEntry("page", "About us", "about", children=(...)), ...]}

A menu never saved is the default one, as the site has always shown it: the header is
Home and every section, the footer every section and Latest. When a menu's section,
tag, author or page is gone, or a page is not live, its item is left out (with the
items under it).

Errors name the item by its place when the items are listed parents first, each followed
by its children (``items-3-url``), as the newsroom's form numbers its rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import and_, delete, select
from sqlalchemy.orm import Session, aliased

from thepost.content import site
from thepost.content.models import (
    LIVE_STATUSES,
    Author,
    Menu,
    MenuItem,
    Page,
    Section,
    Tag,
)
from thepost.content.page_actions import MAX_DEPTH
from thepost.errors import ValidationError
from thepost.events import EventBus, MenuChanged
from thepost.i18n import N_
from thepost.permissions import Action, Principal, require

MENUS = {"header": "Header", "footer": "Footer"}
KINDS = {
    "home": "Home page",
    "latest": "Latest stories",
    "section": "Section",
    "page": "Page",
    "tag": "Tag",
    "author": "Author",
    "url": "Web address",
}
TARGETED = ("section", "page", "tag", "author")
CHOOSE_TARGET = N_("Choose what the item links to.")
CHOOSE = {
    "section": N_("Choose a section."),
    "page": N_("Choose a page."),
    "tag": N_("Choose a tag."),
    "author": N_("Choose an author."),
}
GONE = {
    "section": N_("No such section: it may have been deleted."),
    "page": N_("No such page: it may have been deleted."),
    "tag": N_("No such tag: it may have been deleted."),
    "author": N_("No such author: it may have been deleted."),
}
TOO_LONG = N_("At most %(limit)s characters (%(given)s given).")
NAMED = {"home": N_("Home"), "latest": N_("Latest")}  # in the page's language
MAX_ITEMS = 200
LABEL_LIMIT = 120
URL_LIMIT = 500
_UNSAFE = re.compile(r"[\x00-\x20\x7f\\]")  # controls, spaces and backslashes


@dataclass(frozen=True)
class MenuItemInput:
    label: str
    kind: str
    target_id: int | None = None
    url: str = ""
    children: Sequence[MenuItemInput] = ()


@dataclass(frozen=True)
class MenuEntry:
    """An item as readers see it: its label, and what it links to, by ``kind``: a
    section's, tag's or author's slug, a page's path, or the web address itself."""

    kind: str
    label: str
    target: str = ""
    children: tuple[MenuEntry, ...] = field(default=())
    # A section's id when the label is its name (none given): a page in another
    # language shows the name in that language.
    named_section: int | None = None


def clean_url(raw: str) -> str:
    """A menu's web address, or ValidationError: http(s) with a host, mailto, or a path
    on this site; nothing with controls, spaces or backslashes in it."""
    url = raw.strip()
    if not url:
        raise ValidationError({"url": N_("Give a web address.")})
    if len(url) > URL_LIMIT:
        raise ValidationError({"url": TOO_LONG.with_values(limit=URL_LIMIT, given=len(url))})
    message = N_(
        "Use an address starting with https://, http://, mailto: or / (a page of this site)."
    )
    if _UNSAFE.search(url):
        raise ValidationError({"url": message})
    if url.startswith("/"):
        if url.startswith("//"):  # another site's address, without its scheme
            raise ValidationError({"url": message})
        return url
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise ValidationError({"url": message}) from exc
    scheme = parts.scheme.lower()
    if (scheme in ("http", "https") and parts.hostname) or (scheme == "mailto" and parts.path):
        return url
    raise ValidationError({"url": message})


def _flat(items: Sequence[MenuItemInput]) -> list[tuple[MenuItemInput, int]]:
    """Each item with its depth, parents first, each followed by its children."""
    found: list[tuple[MenuItemInput, int]] = []

    def walk(level: Sequence[MenuItemInput], depth: int) -> None:
        for item in level:
            found.append((item, depth))
            walk(item.children, depth + 1)

    walk(items, 0)
    return found


def _check(session: Session, items: Sequence[MenuItemInput]) -> dict[int, str]:
    """Validate every item; returns the cleaned web address of each ``url`` item by its
    place, or raises one ValidationError naming every field in error."""
    flat = _flat(items)
    errors: dict[str, str] = {}
    if len(flat) > MAX_ITEMS:
        raise ValidationError(
            {"items": N_("A menu holds at most %(limit)s items.", limit=MAX_ITEMS)}
        )
    wanted: dict[str, set[int]] = {kind: set() for kind in TARGETED}
    for item, _depth in flat:
        if item.kind in TARGETED and item.target_id is not None:
            wanted[item.kind].add(item.target_id)
    models: dict[str, Any] = {"section": Section, "page": Page, "tag": Tag, "author": Author}
    known = {
        kind: set(session.scalars(select(models[kind].id).where(models[kind].id.in_(ids))))
        if ids
        else set()
        for kind, ids in wanted.items()
    }
    urls: dict[int, str] = {}
    for n, (item, depth) in enumerate(flat):
        name = f"items-{n}-"
        if depth > 1:
            errors[name + "label"] = N_("Menus nest one level deep.")
        if len(item.label.strip()) > LABEL_LIMIT:
            errors[name + "label"] = N_("At most %(limit)s characters.", limit=LABEL_LIMIT)
        if item.kind not in KINDS:
            errors[name + "kind"] = CHOOSE_TARGET
        elif item.kind in TARGETED:
            if item.target_id is None:
                errors[name + "target"] = CHOOSE[item.kind]
            elif item.target_id not in known[item.kind]:
                errors[name + "target"] = GONE[item.kind]
        elif item.kind == "url":
            try:
                urls[n] = clean_url(item.url)
            except ValidationError as exc:
                errors[name + "url"] = exc.errors["url"]
            if not item.label.strip():
                errors[name + "label"] = N_("A web address needs a label.")
    if errors:
        raise ValidationError(errors)
    return urls


def save_menu(
    session: Session,
    bus: EventBus,
    slug: str,
    items: Sequence[MenuItemInput],
    *,
    actor: Principal,
    language: str = "",
) -> Menu:
    """Replace the menu's items in ``language`` ("": the site's own) with ``items``, all
    checked first (nothing is saved when one is wrong). A language with no items of its
    own shows the site's."""
    require(actor, Action.MENU_MANAGE)
    if slug not in MENUS:
        raise ValidationError({"menu": N_("No such menu: %(slug)s.", slug=repr(slug))})
    if language and language not in site.load(session).languages:
        raise ValidationError(
            {"language": N_("Choose one of the languages the site publishes in.")}
        )
    urls = _check(session, items)
    menu = session.scalar(select(Menu).where(Menu.slug == slug))
    if menu is None:
        # The site's own menu, never saved, is its default: kept so, items and all, when
        # another language's is saved first.
        own = _input_defaults(session, slug)
        menu = Menu(slug=slug, name=MENUS[slug])
        session.add(menu)
        session.flush()
        if language:
            _store(session, menu, own, {}, "")
    session.execute(
        delete(MenuItem).where(MenuItem.menu_id == menu.id, MenuItem.language == language)
    )
    _store(session, menu, items, urls, language)
    bus.emit(session, MenuChanged(slug, actor.id))
    return menu


def _store(
    session: Session,
    menu: Menu,
    items: Sequence[MenuItemInput],
    urls: dict[int, str],
    language: str,
) -> None:
    """Add ``items`` to ``menu`` in ``language`` (``urls``: the web addresses checked,
    by the item's place in the list)."""
    n = 0

    def add(level: Sequence[MenuItemInput], parent_id: int | None) -> None:
        nonlocal n
        for position, item in enumerate(level):
            row = MenuItem(
                menu_id=menu.id,
                parent_id=parent_id,
                position=position,
                label=" ".join(item.label.split()),
                kind=item.kind,
                target_id=item.target_id if item.kind in TARGETED else None,
                url=urls.get(n, ""),
                language=language,
            )
            n += 1
            session.add(row)
            session.flush()
            add(item.children, row.id)

    add(items, None)


# -- reading -------------------------------------------------------------------------------


def defaults(sections: Sequence[Section]) -> dict[str, list[MenuEntry]]:
    """The menus as the site shows them until an editor saves one."""
    shelves = [MenuEntry("section", s.name, s.slug, named_section=s.id) for s in sections]
    return {
        "header": [MenuEntry("home", NAMED["home"]), *shelves],
        "footer": [*shelves, MenuEntry("latest", NAMED["latest"])],
    }


def _items_query() -> Any:
    """Every saved menu's items with what they link to, in one statement: a page's path
    joins the pages above it (at most ``MAX_DEPTH`` in all)."""
    pages = [aliased(Page) for _ in range(MAX_DEPTH)]
    query = (
        select(
            Menu.slug.label("menu"),
            MenuItem.id,
            MenuItem.parent_id,
            MenuItem.language,
            MenuItem.label,
            MenuItem.kind,
            MenuItem.url,
            Section.id.label("section_id"),
            Section.slug.label("section_slug"),
            Section.name.label("section_name"),
            Tag.slug.label("tag_slug"),
            Tag.name.label("tag_name"),
            Author.slug.label("author_slug"),
            Author.name.label("author_name"),
            pages[0].title.label("page_title"),
            pages[0].status.label("page_status"),
            pages[0].published_at.label("page_published_at"),
            pages[0].language.label("page_language"),
            *(p.slug.label(f"page_slug_{n}") for n, p in enumerate(pages)),
        )
        .select_from(Menu)
        .outerjoin(MenuItem, MenuItem.menu_id == Menu.id)
        .outerjoin(Section, and_(MenuItem.kind == "section", Section.id == MenuItem.target_id))
        .outerjoin(Tag, and_(MenuItem.kind == "tag", Tag.id == MenuItem.target_id))
        .outerjoin(Author, and_(MenuItem.kind == "author", Author.id == MenuItem.target_id))
        .outerjoin(pages[0], and_(MenuItem.kind == "page", pages[0].id == MenuItem.target_id))
    )
    for child, parent in zip(pages, pages[1:], strict=False):
        query = query.outerjoin(parent, parent.id == child.parent_id)
    return query.order_by(Menu.slug, MenuItem.position, MenuItem.id)


def _entry(row: Any, now: datetime) -> MenuEntry | None:
    """The item as readers see it, or None when what it links to is gone or not live."""
    if row.kind in NAMED:
        return MenuEntry(row.kind, row.label or NAMED[row.kind])
    if row.kind == "url":
        return MenuEntry("url", row.label or row.url, row.url)
    if row.kind == "page":
        live = (
            row.page_status in LIVE_STATUSES
            and row.page_published_at is not None
            and row.page_published_at <= now
        )
        if row.page_title is None or not live:
            return None
        slugs = [getattr(row, f"page_slug_{n}") for n in range(MAX_DEPTH)]
        language = [row.page_language] if row.page_language else []
        path = "/".join([*language, *reversed([s for s in slugs if s is not None])])
        return MenuEntry("page", row.label or row.page_title, path)
    slug, name = getattr(row, f"{row.kind}_slug", None), getattr(row, f"{row.kind}_name", None)
    if slug is None:
        return None
    named = row.section_id if row.kind == "section" and not row.label else None
    return MenuEntry(row.kind, row.label or str(name), slug, named_section=named)


def menus(
    session: Session, *, now: datetime, sections: Sequence[Section], language: str = ""
) -> dict[str, list[MenuEntry]]:
    """Every menu as readers see it at ``now`` on the pages in ``language`` ("": the
    site's own), by slug, in one statement (``sections``: the site's, as every page
    reads them, for the default menus). A menu without items in ``language`` is the
    site's own."""
    found = defaults(sections)
    top: dict[str, list[tuple[int, MenuEntry]]] = {}
    below: dict[int, list[MenuEntry]] = {}
    rows = list(session.execute(_items_query()))
    own = {row.menu for row in rows if language and row.language == language}
    for row in rows:
        top.setdefault(row.menu, [])
        if row.id is None:  # a menu saved empty
            continue
        if row.language != (language if row.menu in own else ""):
            continue
        entry = _entry(row, now)
        if entry is None:
            continue
        if row.parent_id is None:
            top[row.menu].append((row.id, entry))
        else:
            below.setdefault(row.parent_id, []).append(entry)
    for slug, entries in top.items():
        found[slug] = [
            MenuEntry(e.kind, e.label, e.target, tuple(below.get(item_id, ())), e.named_section)
            for item_id, e in entries
        ]
    return found


def is_saved(session: Session, slug: str) -> bool:
    """Whether an editor has saved the menu (else it is the default one)."""
    return session.scalar(select(Menu.id).where(Menu.slug == slug)) is not None


def items(session: Session, slug: str, language: str = "") -> list[MenuItemInput]:
    """A menu's items in ``language`` as stored, for the newsroom's form; a language
    without items of its own gives the site's, and a menu never saved its default items
    (``defaults``), by section id."""
    menu = session.scalar(select(Menu).where(Menu.slug == slug))
    if (
        language
        and menu is not None
        and not session.scalar(
            select(MenuItem.id).where(MenuItem.menu_id == menu.id, MenuItem.language == language)
        )
    ):
        language = ""
    if menu is None:
        return _input_defaults(session, slug)
    rows = list(
        session.scalars(
            select(MenuItem)
            .where(MenuItem.menu_id == menu.id, MenuItem.language == language)
            .order_by(MenuItem.position, MenuItem.id)
        )
    )
    below: dict[int, list[MenuItemInput]] = {}
    for row in rows:
        if row.parent_id is not None:
            below.setdefault(row.parent_id, []).append(_input(row))
    return [_input(row, below.get(row.id, [])) for row in rows if row.parent_id is None]


def _input_defaults(session: Session, slug: str) -> list[MenuItemInput]:
    """The default menu's items (``defaults``) as a form holds them, by section id."""
    shelves = [
        MenuItemInput("", "section", section_id)
        for section_id in session.scalars(
            select(Section.id).order_by(Section.position, Section.name)
        )
    ]
    if slug == "header":
        return [MenuItemInput("", "home"), *shelves]
    return [*shelves, MenuItemInput("", "latest")] if slug == "footer" else []


def _input(row: MenuItem, children: Sequence[MenuItemInput] = ()) -> MenuItemInput:
    return MenuItemInput(row.label, row.kind, row.target_id, row.url, tuple(children))
