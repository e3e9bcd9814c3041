"""The article editor: write, save, submit, schedule or publish in one form.

The form works without JavaScript: its buttons send an ``intent`` (save, submit,
publish, schedule) and the article is saved and moved on in one transaction, or the
form comes back (400) with each error beside its field and everything typed kept.
``static/editor.js`` adds the live preview (the public page, rendered by the same code)
and an autosave every 30 seconds while something changed.

Two people at one story: opening the editor holds its lock (``content.locks``), which
the script confirms every few seconds (``lock``); someone else opening it is told who
has it and may take over. Each save carries when the editor was opened (``since``): a
save over someone's newer one comes back (409) with the text kept and who saved when.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import HTMLResponse, JSONResponse, Response

from thepost.accounts.models import User
from thepost.content import access, actions, editorial, locks, queries
from thepost.content.actions import ArticleInput
from thepost.content.models import LIVE_STATUSES, PUBLIC, Article, Status
from thepost.content.revisions import StaleEdit
from thepost.errors import NotFound, PermissionDenied, ValidationError
from thepost.i18n import N_
from thepost.localtime import Local
from thepost.permissions import Action
from thepost.web import urls
from thepost.web.admin.editing import (
    DESCRIBE_IT,
    FORMATS,
    MESSAGES,
    NOT_A_PICTURE,
    NOT_A_TIME,
    NOT_AN_ORIGINAL,
    NOT_FUTURE,
    UNTITLED,
)
from thepost.web.admin.pages import AdminRequest
from thepost.web.admin.translating import languages
from thepost.web.site import preview

TEXT_FIELDS = {
    "title": 300, "standfirst": 1000, "body": 500_000, "body_format": 10, "slug": 200, "tags": 1000,
    "dateline": 120, "featured_caption": 1000, "featured_credit": 300, "featured_alt": 1000,
    "seo_title": 300, "seo_description": 1000, "section_id": 12, "featured_image_id": 12,
    "publish_at": 40, "since": 40, "access": 10, "preview_paragraphs": 4, "language": 16,
    "translation_of_id": 12,
}  # fmt: skip
# Who may read a story: the editor's choice.
ACCESS_CHOICES = [("public", N_("Everyone")), ("members", N_("Members (signed-in readers)"))]
BYLINE_SLOTS = 4


# -- reading the form ----------------------------------------------------------------------


def _id(raw: str, field: str, errors: dict[str, str], message: str) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) < 10:
        return int(raw)
    errors[field] = message
    return None


def read_form(req: AdminRequest) -> tuple[dict[str, Any], ArticleInput, dict[str, str]]:
    """What was typed (to show again), the input for the actions (fields in error left
    empty), and the errors found before any action runs."""
    values: dict[str, Any] = {name: req.field(name, limit) for name, limit in TEXT_FIELDS.items()}
    values["comments_open"] = req.field("comments_open", 5) == "1"
    raw_authors = req.form.getlist("author_ids") if req.form is not None else []
    values["author_ids"] = [a[:12] for a in raw_authors if isinstance(a, str) and a.strip()]
    errors: dict[str, str] = {}
    section_id = _id(
        values["section_id"], "section_id", errors, N_("Choose a section from the list.")
    )
    image_id = _id(values["featured_image_id"], "featured_image_id", errors, NOT_A_PICTURE)
    original_id = _id(values["translation_of_id"], "translation_of_id", errors, NOT_AN_ORIGINAL)
    author_ids = [
        i
        for raw in values["author_ids"]
        if (i := _id(raw, "author_ids", errors, N_("Choose authors from the list."))) is not None
    ]
    if image_id is not None and not values["featured_alt"].strip():
        errors["featured_alt"] = DESCRIBE_IT
    if values["publish_at"] and req.local.to_utc(values["publish_at"]) is None:
        errors["publish_at"] = NOT_A_TIME
    data = ArticleInput(
        title=values["title"],
        body=values["body"],
        body_format=values["body_format"] or "markdown",
        standfirst=values["standfirst"],
        slug=values["slug"].strip(),
        section_id=section_id,
        tags=[t for t in values["tags"].split(",") if t.strip()],
        author_ids=author_ids,
        dateline=values["dateline"],
        featured_image_id=image_id,
        featured_caption=values["featured_caption"].strip(),
        featured_credit=values["featured_credit"].strip(),
        featured_alt=values["featured_alt"].strip(),
        comments_open=values["comments_open"],
        seo_title=values["seo_title"].strip(),
        seo_description=values["seo_description"].strip(),
        access=values["access"] or PUBLIC,
        preview_paragraphs=access.preview_paragraphs(values["preview_paragraphs"]),
        language=values["language"].strip(),
        translation_of_id=original_id,
    )
    try:
        data.validate()
    except ValidationError as exc:
        errors.update(exc.errors)
    return values, data, errors


def values_of(article: Article, shown: Local) -> dict[str, Any]:
    """The form's values for a stored article."""
    return {
        "title": article.title,
        "standfirst": article.standfirst,
        "body": article.body_source,
        "body_format": article.body_format,
        "slug": article.slug,
        "tags": ", ".join(t.name for t in article.tags),
        "dateline": article.dateline,
        "featured_caption": article.featured_caption,
        "featured_credit": article.featured_credit,
        "featured_alt": article.featured_alt,
        "seo_title": article.seo_title,
        "seo_description": article.seo_description,
        "section_id": str(article.section_id or ""),
        "featured_image_id": str(article.featured_image_id or ""),
        "publish_at": shown.field(article.published_at)
        if article.status == Status.SCHEDULED
        else "",
        "comments_open": article.comments_open,
        "author_ids": [str(b.author_id) for b in article.bylines],
        "access": article.access,
        "preview_paragraphs": str(article.preview_paragraphs),
        "language": article.language,
        "translation_of_id": str(article.translation_of_id or ""),
    }


BLANK: dict[str, Any] = {name: "" for name in TEXT_FIELDS} | {
    "body_format": "markdown",
    "comments_open": True,
    "author_ids": [],
    "access": "public",
    "preview_paragraphs": "3",
}


# -- the page ------------------------------------------------------------------------------


def render_editor(
    req: AdminRequest,
    article_id: int | None,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
    stale: StaleEdit | None = None,
    **extra: Any,
) -> Response:
    """The editor page for a new (``article_id`` None) or stored article; opening a
    stored one holds its lock, unless someone else has it open."""
    other = _hold(req, article_id) if article_id is not None else None
    with req.services.reads() as session:
        article = None
        if article_id is not None:
            article = queries.article_for_editor(session, article_id)
            if article is None:
                raise NotFound(f"article {article_id}")
            target = actions.owned(session, article)
            if not req.can(Action.ARTICLE_EDIT_OWN, target):
                raise PermissionDenied("not this account's article")
            rights = _rights(req, session, article)
            revisions = queries.revisions(session, article.id)
        else:
            rights, revisions = {"publish": req.can(Action.ARTICLE_PUBLISH_OWN)}, []
        values = values or (values_of(article, req.local) if article is not None else dict(BLANK))
        chosen = values.get("featured_image_id", "")
        images = queries.recent_images(
            session, include=int(chosen) if str(chosen).isdigit() else None
        )
        sections = queries.sections(session)
        authors = queries.authors(session)
        return req.render(
            "admin/editor.html",
            status=status,
            article=article,
            values=values,
            errors=errors or {},
            rights=rights,
            revisions=revisions[:5],
            revision_count=len(revisions),
            autosaved=_newer_autosave(article, revisions),
            images=images,
            section_options=[(s.id, s.name) for s in sections],
            formats=FORMATS,
            access_choices=ACCESS_CHOICES,
            languages=languages(req, session, Article, article),
            author_options=[(a.id, a.name) for a in authors],
            byline_slots=max(BYLINE_SLOTS, len(values.get("author_ids", [])) + 1),
            byline_rule=actions.byline_rule(req.actor),
            message=MESSAGES.get(req.query("done"), ""),
            correction_kinds=editorial.CORRECTION_KINDS,
            opened=req.now.isoformat(),
            lock_beat=locks.BEAT,
            held_by=_who(session, other.user_id, other.since) if other else None,
            stale_by=_who(session, stale.user_id, stale.at) if stale else None,
            **extra,
        )


def _hold(req: AdminRequest, article_id: int, *, take: bool = False) -> locks.Holder | None:
    """Hold the article's lock for this account; who else holds it, if someone does."""
    services = req.services
    with services.writes.begin() as session:
        return editorial.hold_editing(
            session, services.bus, article_id, actor=req.actor, now=req.now, take=take
        )


def _who(session: Session, user_id: int | None, at: datetime) -> dict[str, Any]:
    """Who (their name) and when, as the page says it: a lock's holder and since when,
    or whoever saved a story after someone opened it."""
    name = session.scalar(select(User.display_name).where(User.id == user_id))
    return {"name": name or N_("Someone"), "at": at}


def _since(req: AdminRequest) -> datetime | None:
    """When the form's editor was opened (its hidden ``since``), if it says."""
    try:
        since = datetime.fromisoformat(req.field("since", 40))
    except ValueError:
        return None
    return since if since.tzinfo is not None else None


def _rights(req: AdminRequest, session: Session, article: Article) -> dict[str, bool]:
    target = actions.owned(session, article)
    trashed = article.status == Status.TRASHED
    return {
        "publish": not trashed and req.can(Action.ARTICLE_PUBLISH_OWN, target),
        "submit": article.status in (Status.DRAFT, Status.UNPUBLISHED)
        and req.can(Action.ARTICLE_SUBMIT),
        "unpublish": article.status in LIVE_STATUSES
        and req.can(Action.ARTICLE_UNPUBLISH_OWN, target),
        "trash": not trashed and req.can(Action.ARTICLE_DELETE_OWN, target),
        "restore": trashed and req.can(Action.ARTICLE_DELETE_OWN, target),
        "correct": article.status in LIVE_STATUSES and req.can(Action.ARTICLE_CORRECT),
        "preview": not trashed,
        "live": not trashed and req.can(Action.LIVE_POST_OWN, target),
        "translate": not trashed and req.can(Action.ARTICLE_CREATE),
    }


def _newer_autosave(article: Article | None, revisions: list[Any]) -> Any:
    """A live article's autosave that is not on the site: offered for restoring."""
    if article is None or not revisions or article.status not in LIVE_STATUSES:
        return None
    return revisions[0] if revisions[0].autosave else None


def new(req: AdminRequest) -> Response:
    if not req.writing:
        return render_editor(req, None)
    return _save(req, None)


def edit(req: AdminRequest) -> Response:
    article_id = int(req.request.path_params["article_id"])
    if not req.writing:
        return render_editor(req, article_id)
    return _save(req, article_id)


def _save(req: AdminRequest, article_id: int | None) -> Response:
    intent = req.field("intent", 20) or "save"
    if intent not in ("save", "submit", "publish", "schedule"):
        intent = "save"
    values, data, errors = read_form(req)
    when = req.local.to_utc(values["publish_at"]) if values["publish_at"] else None
    if intent == "schedule" and not errors and (when is None or when <= req.now):
        errors["publish_at"] = NOT_FUTURE
    if errors:
        return render_editor(req, article_id, values=values, errors=errors, status=400)
    services = req.services
    try:
        with services.writes.begin() as session:
            article = actions.save_article(
                session,
                services.bus,
                services.media_urls,
                data,
                actor=req.actor,
                now=req.now,
                article_id=article_id,
                since=_since(req),
            )
            if intent == "submit":
                actions.submit_article(
                    session, services.bus, article.id, actor=req.actor, now=req.now
                )
            elif intent in ("publish", "schedule"):
                actions.publish_article(
                    session,
                    services.bus,
                    article.id,
                    actor=req.actor,
                    now=req.now,
                    at=when if intent == "schedule" else None,
                )
            saved_id = article.id
    except ValidationError as exc:
        return render_editor(req, article_id, values=values, errors=exc.errors, status=400)
    except StaleEdit as exc:
        # Shown with who saved when; the form's ``since`` is now, so saving it again
        # replaces theirs knowingly.
        values["since"] = ""
        return render_editor(req, article_id, values=values, status=409, stale=exc)
    done = "created" if article_id is None and intent == "save" else intent
    return req.redirect(urls.admin_article(saved_id) + f"?done={done}")


# -- script endpoints ----------------------------------------------------------------------


def autosave(req: AdminRequest) -> Response:
    """Called by the editor's script; answers JSON."""
    article_id = int(req.request.path_params["article_id"])
    _values, data, errors = read_form(req)
    if errors:
        return JSONResponse({"saved": False, "errors": req.say_each(errors)}, status_code=400)
    services = req.services
    try:
        with services.writes.begin() as session:
            revision = editorial.autosave(
                session,
                services.bus,
                services.media_urls,
                data,
                article_id=article_id,
                actor=req.actor,
                now=req.now,
                since=_since(req),
            )
            revision_id = revision.id
    except ValidationError as exc:
        return JSONResponse({"saved": False, "errors": req.say_each(exc.errors)}, status_code=400)
    except StaleEdit as exc:
        with services.reads() as session:
            who = _who(session, exc.user_id, exc.at)
        message = N_(
            "%(name)s saved this story at %(at)s, after you opened it: save to see both, "
            "before you decide.",
            name=who["name"],
            at=req.local.time(who["at"]),
        )
        stale = {"stale": req.say(message)}
        return JSONResponse({"saved": False, "stale": True, "errors": stale}, 409)
    return JSONResponse({"saved": True, "revision": revision_id, "at": req.local.time(req.now)})


def autosave_new(req: AdminRequest) -> Response:
    """A new story's first autosave (the script, from the first words typed): stored as
    a draft, whose addresses the answer gives, for the editor to go on with."""
    _values, data, errors = read_form(req)
    errors.pop("title", None)  # "Untitled" until it has one
    if errors:
        return JSONResponse({"saved": False, "errors": req.say_each(errors)}, status_code=400)
    services = req.services
    try:
        with services.writes.begin() as session:
            article = editorial.autosave_new(
                session, services.bus, services.media_urls, data, actor=req.actor, now=req.now
            )
            article_id = article.id
    except ValidationError as exc:
        return JSONResponse({"saved": False, "errors": req.say_each(exc.errors)}, status_code=400)
    return JSONResponse(
        {
            "saved": True,
            "at": req.local.time(req.now),
            "article_id": article_id,
            "since": req.now.isoformat(),
            "edit_url": urls.admin_article(article_id),
            "autosave_url": urls.admin_article_action(article_id, "autosave"),
            "lock_url": urls.admin_article_action(article_id, "lock"),
        }
    )


def lock(req: AdminRequest) -> Response:
    """The editor's lock: confirmed by the script every ``locks.BEAT`` seconds (JSON:
    whether it is still this account's, and if not whose), taken over (``take=1``, a
    button; back to the editor) or let go when the editor closes (``release=1``)."""
    article_id = int(req.request.path_params["article_id"])
    if req.field("release", 1) == "1":
        with req.services.writes.begin() as session:
            locks.release(session, "article", article_id, actor=req.actor)
        return Response(status_code=204)
    take = req.field("take", 1) == "1"
    other = _hold(req, article_id, take=take)
    if "application/json" not in req.request.headers.get("accept", ""):
        return req.redirect(urls.admin_article(article_id) + ("?done=taken" if take else ""))
    if other is None:
        return JSONResponse({"mine": True})
    with req.services.reads() as session:
        who = _who(session, other.user_id, other.since)
    return JSONResponse(
        {"mine": False, "by": req.say(who["name"]), "since": who["at"].isoformat(),
         "at": req.local.time(who["at"])}
    )  # fmt: skip


def live_preview(req: AdminRequest) -> Response:
    """The public article page for what is in the form now, rendered by the code that
    renders it on save; nothing is stored."""
    _values, data, _errors = read_form(req)
    raw_id = req.field("article_id", 12)
    article_id = int(raw_id) if raw_id.isascii() and raw_id.isdigit() else None
    # Shown even with errors: saving the form reports them beside the fields.
    data.title = data.title.strip() or req.say(UNTITLED)
    with req.services.reads() as session:
        article = editorial.unsaved_article(
            session, req.services.media_urls, data, now=req.now, article_id=article_id
        )
        html = preview.render(req.request, session, article, banner="")
    return HTMLResponse(html, headers={"X-Robots-Tag": "noindex"})
