"""The live desk: a live blog's page in the newsroom (``content.live``). A compact
composer on top (Ctrl/Cmd+Enter posts), the writer's drafts and the entries waiting to
be posted, then the posted entries to edit, pin, mark as key events or delete; the
blog started, ended or its order changed from the same page. Several reporters use it
at once: each post is its own small write. Every form works without a script."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.responses import Response

from thepost.content import actions, live, queries
from thepost.content.models import EntryStatus, LiveEntry
from thepost.errors import NotFound, PermissionDenied, ValidationError
from thepost.i18n import N_
from thepost.permissions import Action
from thepost.web import urls
from thepost.web.admin.pages import AdminRequest

DONE = {
    "posted": N_("Posted: readers see it within seconds."),
    "saved": N_("Draft saved: only you see it."),
    "waiting": N_("Sent: an editor or the story's author will post it."),
    "edited": N_("Changed: readers see it marked as edited."),
    "deleted": N_("Deleted: it leaves readers' pages within seconds."),
    "marked": N_("Done."),
    "started": N_("This story is now a live blog."),
    "ended": N_("The live blog has ended: its entries stay below the story."),
}


def _article_id(req: AdminRequest) -> int:
    return int(req.request.path_params["article_id"])


def desk(req: AdminRequest) -> Response:
    """GET: the desk (``?edit=<entry>`` fills the composer with an entry); POST: the
    composer's entry written, posted or kept as a draft."""
    article_id = _article_id(req)
    if not req.writing:
        editing = req.query("edit", 12)
        return render_desk(req, article_id, entry_id=int(editing) if editing.isdigit() else None)
    raw_id = req.field("entry_id", 12)
    entry_id = int(raw_id) if raw_id.isdigit() else None
    byline = req.field("byline", 12)
    data = live.EntryInput(
        body=req.field("body", live.BODY_LIMIT + 100),
        headline=req.field("headline", live.HEADLINE_LIMIT + 100),
        author_ids=[int(byline)] if byline.isdigit() else [],
    )
    post = req.field("intent", 10) == "post"
    services = req.services
    try:
        with services.writes.begin() as session:
            entry = live.write_entry(
                session, services.bus, services.media_urls, article_id, data,
                actor=req.actor, now=req.now, entry_id=entry_id, post=post,
            )  # fmt: skip
            status, edited = entry.status, entry.edited_at is not None
    except ValidationError as exc:
        typed = {"headline": data.headline, "body": data.body, "entry_id": raw_id, "byline": byline}
        errors = {("byline" if k == "author_ids" else k): v for k, v in exc.errors.items()}
        return render_desk(req, article_id, errors=errors, typed=typed, status=400)
    done = (
        "edited" if edited and status == EntryStatus.POSTED
        else {"posted": "posted", "pending": "waiting"}.get(status, "saved")
    )  # fmt: skip
    return req.redirect(urls.admin_live(article_id) + f"?done={done}")


def render_desk(
    req: AdminRequest,
    article_id: int,
    *,
    entry_id: int | None = None,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    with req.services.reads() as session:
        article = queries.article_for_editor(session, article_id)
        if article is None:
            raise NotFound(f"article {article_id}")
        if not article.live_status and not req.can(
            Action.ARTICLE_EDIT_OWN, actions.owned(session, article)
        ):  # a story not live yet is its own people's to see (and to make live)
            raise PermissionDenied("not this account's article")
        found = live.desk(session, article, req.actor) if article.live_status else None
        if typed is None and entry_id is not None:
            entry = session.get(LiveEntry, entry_id)
            if entry is None or entry.article_id != article.id or entry.status == "deleted":
                raise NotFound(f"live entry {entry_id}")
            if entry.status == EntryStatus.DRAFT and entry.user_id != req.actor.id:
                raise NotFound(f"live entry {entry_id}")
            typed = {
                "headline": entry.headline,
                "body": entry.body_source,
                "entry_id": str(entry.id),
                "byline": str(entry.author_ids[0]) if entry.author_ids else "",
            }
        return req.render(
            "admin/live.html",
            status=status,
            article=article,
            desk=found,
            may_post=live.may_post(session, req.actor, article),
            typed=typed or {"headline": "", "body": "", "entry_id": "", "byline": ""},
            # Those who may put anyone on a byline choose whose the entry is.
            bylines=[(a.id, a.name) for a in queries.authors(session)]
            if req.can(Action.BYLINE_ANY)
            else [],
            errors=errors or {},
            message=DONE.get(req.query("done", 20), ""),
        )


def _button(req: AdminRequest, action: Callable[..., Any], done: str) -> Response:
    article_id = _article_id(req)
    services = req.services
    try:
        with services.writes.begin() as session:
            action(session, services.bus, actor=req.actor, now=req.now)
    except ValidationError as exc:
        return render_desk(req, article_id, errors=exc.errors, status=400)
    return req.redirect(urls.admin_live(article_id) + f"?done={done}")


def start(req: AdminRequest) -> Response:
    oldest_first = req.field("order", 10) == "oldest"
    article_id = _article_id(req)

    def action(session: Any, bus: Any, **rest: Any) -> Any:
        return live.start(session, bus, article_id, oldest_first=oldest_first, **rest)

    return _button(req, action, "started")


def end(req: AdminRequest) -> Response:
    order = req.field("order", 10)
    article_id = _article_id(req)

    def action(session: Any, bus: Any, **rest: Any) -> Any:
        oldest = {"oldest": True, "newest": False}.get(order)
        return live.end(session, bus, article_id, oldest_first=oldest, **rest)

    return _button(req, action, "ended")


def _entry_id(req: AdminRequest) -> int:
    entry_id = int(req.request.path_params["entry_id"])
    with req.services.reads() as session:
        entry = session.get(LiveEntry, entry_id)
        if entry is None or entry.article_id != _article_id(req):
            raise NotFound(f"live entry {entry_id}")
    return entry_id


def post(req: AdminRequest) -> Response:
    entry_id = _entry_id(req)
    return _button(req, lambda s, b, **rest: live.post_entry(s, b, entry_id, **rest), "posted")


def delete(req: AdminRequest) -> Response:
    entry_id = _entry_id(req)
    return _button(req, lambda s, b, **rest: live.delete_entry(s, b, entry_id, **rest), "deleted")


def mark(req: AdminRequest) -> Response:
    """Pin or unpin, mark or unmark as a key event (``what`` and ``on``)."""
    entry_id = _entry_id(req)
    what, on = req.field("what", 10), req.field("on", 1) == "1"
    if what not in ("pinned", "key_event"):
        raise PermissionDenied("no such mark")
    pinned = on if what == "pinned" else None
    key_event = on if what == "key_event" else None

    def action(session: Any, bus: Any, **rest: Any) -> Any:
        return live.mark_entry(session, bus, entry_id, pinned=pinned, key_event=key_event, **rest)

    return _button(req, action, "marked")
