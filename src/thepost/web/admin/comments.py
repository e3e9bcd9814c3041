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
from thepost.i18n import N_, N_plural, Text
from thepost.web import urls
from thepost.web.admin.pages import AdminRequest
from thepost.web.errors import said

PAGE_SIZE = 20
Moderation = Callable[..., Comment]
# The buttons, by the name a form sends (their words: the template's).
MODERATION: dict[str, Moderation] = actions.MODERATION
# What the notice says was done, by the name the redirect carries (``?done=2+approve``).
DONE: dict[str, Callable[[int], Text]] = {
    "approve": lambda n: N_plural(
        "%(num)s comment approved.", "%(num)s comments approved.", n, num=n
    ),
    "unapprove": lambda n: N_plural(
        "%(num)s comment sent back to pending.",
        "%(num)s comments sent back to pending.",
        n,
        num=n,
    ),
    "spam": lambda n: N_plural(
        "%(num)s comment marked as spam.", "%(num)s comments marked as spam.", n, num=n
    ),
    "notspam": lambda n: N_plural(
        "%(num)s comment marked as not spam.", "%(num)s comments marked as not spam.", n, num=n
    ),
    "trash": lambda n: N_plural(
        "%(num)s comment moved to the trash.", "%(num)s comments moved to the trash.", n, num=n
    ),
    "restore": lambda n: N_plural(
        "%(num)s comment restored.", "%(num)s comments restored.", n, num=n
    ),
    "edit": lambda n: N_plural("%(num)s comment edited.", "%(num)s comments edited.", n, num=n),
    "reply": lambda n: N_plural(
        "%(num)s comment replied to.", "%(num)s comments replied to.", n, num=n
    ),
}
# Which buttons each tab shows, in order.
BUTTONS = {
    "pending": ("approve", "spam", "trash"),
    "approved": ("unapprove", "spam", "trash"),
    "spam": ("notspam", "trash"),
    "trash": ("restore",),
}
TABS = [s.value for s in CommentStatus]
NO_SUCH_PAGE = N_("There is no such page of comments.")


def _tab(raw: str) -> str:
    return raw if raw in TABS else CommentStatus.PENDING.value


def _back(req: AdminRequest) -> str:
    """The tab and page the form came from (only a known tab and a plain number)."""
    page = parse_page(req.field("back_page", 7)) or 1
    return urls.admin_comments(_tab(req.field("back_status", 20)), page)


def _done(back: str, count: int, what: str) -> str:
    return f"{back}{'&' if '?' in back else '?'}done={count}+{what}"


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
        return req.error(404, NO_SUCH_PAGE)
    with req.services.reads() as session:
        counts = queries.status_counts(session)
        held, total = queries.moderation_page(session, tab, page=number, size=PAGE_SIZE)
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        return req.error(404, NO_SUCH_PAGE)
    done = req.query("done", 80)
    return req.render(
        "admin/comments.html",
        status=status,
        tab=tab,
        tabs=[(t, counts.get(t, 0)) for t in TABS],
        held=held,
        number=number,
        pages=pages,
        buttons=BUTTONS[tab],
        open_id=open_id,
        values=values or {},
        errors=errors or {},
        message=_message(done),
    )


def _message(done: str) -> str:
    count, _, what = done.partition(" ")
    if not count.isdigit() or len(count) > 6 or what not in DONE:
        return ""
    return DONE[what](int(count))


def _apply(req: AdminRequest, name: str, ids: list[int]) -> Response:
    action = MODERATION[name]
    with req.services.writes.begin() as session:
        for comment_id in ids:
            action(session, req.services.bus, comment_id, actor=req.actor)
    return req.redirect(_done(_back(req), len(ids), name))


def _comment_id(req: AdminRequest) -> int:
    return int(req.request.path_params["comment_id"])


def moderate(req: AdminRequest) -> Response:
    name = req.field("action", 20)
    if name not in MODERATION:
        return req.error(400, N_("Choose what to do with the comment."))
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
        return req.error(404, N_("One of the chosen comments is gone; reload the list."))


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
    return req.redirect(_done(_back(req), 1, "edit") + f"#comment-{comment_id}")


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
        return _again(req, comment_id, values, {"reply": said(exc)})
    return req.redirect(_done(_back(req), 1, "reply"))


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
