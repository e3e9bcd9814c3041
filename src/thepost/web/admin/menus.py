"""The site's menus (header and footer), edited as lists without a script.

Each menu is a form holding its whole list: rows numbered from 0, their fields named
``items-N-label``, ``items-N-target`` (``home``, ``latest``, ``url``, ``section:3``,
``page:7``, ``tag:12``, ``author:5``), ``items-N-url`` and ``items-N-nested`` (under the
item above). Its buttons send an ``op``: ``save``, or a change to the list (``add``,
``up-N``, ``down-N``, ``remove-N``) that comes back unsaved, to be saved with the rest.
A list that does not pass (``content.menus.save_menu``) comes back (400) with each
error beside its field and every row as it was typed. Empty rows are dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from thepost import i18n
from thepost.content import menus, page_queries, queries
from thepost.content.menus import MenuItemInput
from thepost.content.models import Status, Tag, article_tags
from thepost.errors import ValidationError
from thepost.i18n import N_
from thepost.web import urls
from thepost.web.admin import labels, limits
from thepost.web.admin.pages import AdminRequest

TAG_CHOICES = 200  # the most used tags offered, besides those in a menu already
MAX_FIELDS = limits.MENU_FIELDS
SAVED = {
    "header": N_("The header menu is saved: every page shows it now."),
    "footer": N_("The footer menu is saved: every page shows it now."),
}


@dataclass
class Row:
    """A row of the form, as typed."""

    label: str = ""
    target: str = ""
    url: str = ""
    nested: bool = False

    @property
    def blank(self) -> bool:
        return not (self.label.strip() or self.target or self.url.strip())


def _rows_of(items: list[MenuItemInput]) -> list[Row]:
    rows = []
    for item in items:
        rows.append(_row(item, nested=False))
        rows += [_row(child, nested=True) for child in item.children]
    return rows


def _row(item: MenuItemInput, *, nested: bool) -> Row:
    target = item.kind if item.target_id is None else f"{item.kind}:{item.target_id}"
    return Row(item.label, target, item.url, nested)


def _read(req: AdminRequest) -> list[Row]:
    rows = []
    for n in range(menus.MAX_ITEMS + 1):
        prefix = f"items-{n}-"
        if req.form is None or prefix + "target" not in req.form:
            break
        rows.append(
            Row(
                label=req.field(prefix + "label", 300),
                target=req.field(prefix + "target", 30),
                url=req.field(prefix + "url", menus.URL_LIMIT + 100),
                nested=req.field(prefix + "nested", 5) == "1",
            )
        )
    return rows


def _change(rows: list[Row], op: str) -> list[Row]:
    """The list after one of the form's buttons (an unknown one changes nothing)."""
    rows = list(rows)
    name, _, raw = op.partition("-")
    n = int(raw) if raw.isdigit() else -1
    if name == "add":
        rows.append(Row())
    elif name == "remove" and 0 <= n < len(rows):
        del rows[n]
    elif name in ("up", "down") and 0 <= n < len(rows):
        other = n - 1 if name == "up" else n + 1
        if 0 <= other < len(rows):
            rows[n], rows[other] = rows[other], rows[n]
    return rows


def _items(rows: list[Row]) -> tuple[list[MenuItemInput], dict[str, str]]:
    """The rows as the action's items (a nested row under the nearest row above that is
    not nested), and the errors found reading them."""
    errors: dict[str, str] = {}
    top: list[tuple[MenuItemInput, list[MenuItemInput]]] = []
    for n, row in enumerate(rows):
        kind, _, raw_id = row.target.partition(":")
        target_id = (
            int(raw_id) if raw_id.isascii() and raw_id.isdigit() and len(raw_id) < 10 else None
        )
        if raw_id and target_id is None:
            errors[f"items-{n}-target"] = menus.CHOOSE_TARGET
        item = MenuItemInput(row.label, kind, target_id, row.url)
        if row.nested and not top:
            errors[f"items-{n}-nested"] = N_("The first item cannot go under another.")
        if row.nested and top:
            top[-1][1].append(item)
        else:
            top.append((item, []))
    made = [
        MenuItemInput(i.label, i.kind, i.target_id, i.url, tuple(children)) for i, children in top
    ]
    return made, errors


def _errors_by_field(errors: dict[str, str]) -> dict[str, str]:
    """The action's errors under the form's field names (an item's kind is its target)."""
    return {
        (key[: -len("kind")] + "target" if key.endswith("-kind") else key): message
        for key, message in errors.items()
    }


def _choices(
    session: Session, rows: dict[str, list[Row]]
) -> list[tuple[str, list[tuple[str, str]]]]:
    """What an item may link to, grouped, as (value, label) pairs."""
    pages = [
        (f"page:{r.page.id}", _page_label(r.depth, r.page.title, r.page.status))
        for r in page_queries.tree(session)
        if r.page.status != Status.TRASHED
    ]
    used = {
        int(row.target.partition(":")[2])
        for menu_rows in rows.values()
        for row in menu_rows
        if row.target.startswith("tag:") and row.target.partition(":")[2].isdigit()
    }
    count = func.count(article_tags.c.article_id)
    popular = select(Tag.id).outerjoin(article_tags, article_tags.c.tag_id == Tag.id)
    popular = popular.group_by(Tag.id).order_by(count.desc(), Tag.id).limit(TAG_CHOICES)
    wanted = set(session.scalars(popular)) | used
    tags = session.scalars(select(Tag).where(Tag.id.in_(wanted)).order_by(Tag.name))
    return [
        ("", [("home", N_("Home page")), ("latest", N_("Latest stories")),
              ("url", N_("Web address (below)"))]),
        (N_("Sections"), [(f"section:{s.id}", s.name) for s in queries.sections(session)]),
        (N_("Pages"), pages),
        (N_("Tags"), [(f"tag:{t.id}", t.name) for t in tags]),
        (N_("Authors"), [(f"author:{a.id}", a.name) for a in queries.authors(session)]),
    ]  # fmt: skip


def _page_label(depth: int, title: str, status: str) -> str:
    """A page as the list offers it: indented by depth, its status unless readers see it."""
    indent = "— " * depth
    if status in (Status.PUBLISHED, Status.SCHEDULED):
        return indent + title
    return N_("%(indent)s%(title)s (%(status)s)", indent=indent, title=title,
              status=labels.status(status))  # fmt: skip


def _page(
    req: AdminRequest,
    *,
    editing: dict[str, list[Row]] | None = None,
    errors: dict[str, dict[str, str]] | None = None,
    notices: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    editing = editing or {}
    language = _language(req)
    with req.services.reads() as session:
        rows = {
            slug: editing[slug]
            if slug in editing
            else _rows_of(menus.items(session, slug, language))
            for slug in menus.MENUS
        }
        saved = {slug: menus.is_saved(session, slug) for slug in menus.MENUS}
        choices = _choices(session, rows)
    done = req.query("done", 40)
    return req.render(
        "admin/menus.html",
        status=status,
        names=menus.MENUS,
        rows=rows,
        saved=saved,
        choices=choices,
        errors=errors or {},
        notices=notices or {},
        message=SAVED.get(done, ""),
        menu_language=language,
        menu_languages=[("", i18n.name(req.site.main_language))]
        + [(tag, i18n.name(tag)) for tag in req.site.languages],
    )


def _language(req: AdminRequest) -> str:
    """Which language's menus the page edits: one of the site's others, else its own."""
    asked = req.field("language", 16) if req.writing else req.query("language", 16)
    return asked if asked in req.site.languages else ""


def index(req: AdminRequest) -> Response:
    if not req.writing:
        return _page(req)
    slug = req.field("menu", 40)
    if slug not in menus.MENUS:
        return req.error(400, N_("There is no such menu."))
    rows = _read(req)
    op = req.field("op", 20) or "save"
    if op != "save":
        notice = N_("Not saved yet: save the menu to show it on the site.")
        return _page(req, editing={slug: _change(rows, op)}, notices={slug: notice})
    rows = [row for row in rows if not row.blank]
    items, errors = _items(rows)
    if not errors:
        services = req.services
        try:
            with services.writes.begin() as session:
                menus.save_menu(
                    session, services.bus, slug, items, actor=req.actor, language=_language(req)
                )
        except ValidationError as exc:
            errors = _errors_by_field(exc.errors)
    if errors:
        return _page(req, editing={slug: rows}, errors={slug: errors}, status=400)
    done = urls.admin_menus(_language(req))
    return req.redirect(done + ("&" if "?" in done else "?") + f"done={slug}")
