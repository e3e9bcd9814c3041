"""Comment moderation: the queue by status (tabs with counts), one-click moderation,
bulk actions, inline edit and staff replies. Every button is a POST that comes back to
the same tab and page (post/redirect/get)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import Response

from thepost.comments import actions, queries
from thepost.comments.models import Comment, CommentStatus
from thepost.content.queries import parse_page
from thepost.errors import Conflict, NotFound, ValidationError
from thepost.web import urls
from thepost.web.admin.pages import AdminRequest

PAGE_SIZE = 20
Moderation = Callable[..., Comment]
# The buttons, by the name a form sends: (action, what the notice says was done).
DONE = {
    "approve": "approved",
    "unapprove": "sent back to pending",
    "spam": "marked as spam",
    "notspam": "marked as not spam",
    "trash": "moved to the trash",
    "restore": "restored",
}
MODERATION: dict[str, tuple[Moderation, str]] = {
    name: (step, DONE[name]) for name, step in actions.MODERATION.items()
}
# Which buttons each tab shows, in order.
BUTTONS = {
    "pending": ("approve", "spam", "trash"),
    "approved": ("unapprove", "spam", "trash"),
    "spam": ("notspam", "trash"),
    "trash": ("restore",),
}
LABELS = {
    "approve": "Approve",
    "unapprove": "Unapprove",
    "spam": "Spam",
    "notspam": "Not spam",
    "trash": "Trash",
    "restore": "Restore",
}
TABS = [s.value for s in CommentStatus]


def _tab(raw: str) -> str:
    return raw if raw in TABS else CommentStatus.PENDING.value


def _back(req: AdminRequest) -> str:
    """The tab and page the form came from (only a known tab and a plain number)."""
    page = parse_page(req.field("back_page", 7)) or 1
    return urls.admin_comments(_tab(req.field("back_status", 20)), page)


def _done(back: str, count: int, what: str) -> str:
    return f"{back}{'&' if '?' in back else '?'}done={count}+{what.replace(' ', '+')}"


def index(
    req: AdminRequest,
    *,
    status: int = 200,
    open_id: int | None = None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    tab: str = "",
    number: int | None = None,
) -> Response:
    tab = tab or _tab(req.query("status", 20))
    number = number or parse_page(req.request.query_params.get("page"))
    if number is None:
        return req.error(404, "There is no such page of comments.")
    with req.services.reads() as session:
        counts = queries.status_counts(session)
        held, total = queries.moderation_page(session, tab, page=number, size=PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        return req.error(404, "There is no such page of comments.")
    done = req.query("done", 80)
    return req.render(
        "admin/comments.html",
        status=status,
        tab=tab,
        tabs=[(t, counts.get(t, 0)) for t in TABS],
        held=held,
        number=number,
        pages=pages,
        buttons=[(name, LABELS[name]) for name in BUTTONS[tab]],
        open_id=open_id,
        values=values or {},
        errors=errors or {},
        message=_message(done),
    )


def _message(done: str) -> str:
    count, _, what = done.partition(" ")
    if not count.isdigit() or what not in {w for _, w in MODERATION.values()} | {
        "edited",
        "replied to",
    }:
        return ""
    noun = "comment" if count == "1" else "comments"
    return f"{count} {noun} {what}."


def _apply(req: AdminRequest, name: str, ids: list[int]) -> Response:
    action, what = MODERATION[name]
    with req.services.writes.begin() as session:
        for comment_id in ids:
            action(session, req.services.bus, comment_id, actor=req.actor)
    return req.redirect(_done(_back(req), len(ids), what))


def _comment_id(req: AdminRequest) -> int:
    return int(req.request.path_params["comment_id"])


def moderate(req: AdminRequest) -> Response:
    name = req.field("action", 20)
    if name not in MODERATION:
        return req.error(400, "Choose what to do with the comment.")
    return _apply(req, name, [_comment_id(req)])


def bulk(req: AdminRequest) -> Response:
    name = req.field("action", 20)
    raw = req.form.getlist("ids") if req.form is not None else []
    ids = list(
        dict.fromkeys(int(v) for v in raw if isinstance(v, str) and v.isdigit() and len(v) < 10)
    )[: PAGE_SIZE * 5]
    if name not in MODERATION or not ids:
        return req.redirect(_back(req))  # nothing chosen: back to the list, nothing done
    try:
        return _apply(req, name, ids)
    except NotFound:
        return req.error(404, "One of the chosen comments is gone; reload the list.")


def edit(req: AdminRequest) -> Response:
    comment_id = _comment_id(req)
    # A field the form does not send is left as it is.
    sent = {n for n in ("author_name", "author_url") if req.form is not None and n in req.form}
    values = {"body": req.field("body", 70_000), **{n: req.field(n, 300) for n in sent}}
    try:
        with req.services.writes.begin() as session:
            actions.edit(
                session,
                req.services.bus,
                comment_id,
                actor=req.actor,
                body=values["body"],
                name=values.get("author_name"),
                url=values.get("author_url"),
            )
    except ValidationError as exc:
        return _again(req, comment_id, values, exc.errors)
    return req.redirect(_done(_back(req), 1, "edited") + f"#comment-{comment_id}")


def reply(req: AdminRequest) -> Response:
    comment_id = _comment_id(req)
    values = {"reply": req.field("reply", 70_000)}
    user = req.actor
    try:
        with req.services.writes.begin() as session:
            actions.reply_as_staff(
                session,
                req.services.bus,
                req.services.keys,
                comment_id,
                name=user.display_name,
                email=user.email,
                body=values["reply"],
                actor=user,
                now=req.now,
            )
    except ValidationError as exc:
        errors = {("reply" if k == "body" else k): v for k, v in exc.errors.items()}
        return _again(req, comment_id, values, errors)
    except Conflict as exc:  # the same reply twice
        return _again(req, comment_id, values, {"reply": str(exc)})
    return req.redirect(_done(_back(req), 1, "replied to"))


def _again(
    req: AdminRequest, comment_id: int, values: dict[str, str], errors: dict[str, str]
) -> Response:
    """The list again, the comment's form open with the error beside the field."""
    back_page = parse_page(req.field("back_page", 7)) or 1
    return index(
        req,
        status=400,
        open_id=comment_id,
        values=values,
        errors=errors,
        tab=_tab(req.field("back_status", 20)),
        number=back_page,
    )
