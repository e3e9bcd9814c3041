"""Posting a comment, and the reader's own view of what they posted.

The article page is shared by every reader (and cached), so the form carries nothing
personal. It protects itself with: the same-origin check of every form
(``web.origin``: a cross-site form post is refused), a signed render timestamp
(the same for everyone; a form sent faster than a person types is held), a honeypot
field, duplicate and flood checks, and the moderation policy.

After posting (post/redirect/get), a published comment lands on the article at its
place. A held one lands on a private, never cached page (``received``) that shows it
"awaiting moderation" and links back to the article, so a reader without JavaScript
knows it arrived. A signed, HttpOnly cookie lists the reader's comments that await
moderation; on the article, a small script asks ``/comments/mine`` (never cached) for
those and shows them to that reader alone. Another signed, HttpOnly cookie lists every
comment the browser wrote: once one is approved, that browser (and no other typing the
same address) is a returning commenter.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from thepost.comments import actions
from thepost.comments.models import Comment, CommentStatus
from thepost.content import queries
from thepost.content.models import Article
from thepost.errors import Conflict, NotFound, PermissionDenied, ValidationError
from thepost.i18n import N_, translate, translate_all
from thepost.keys import Keys
from thepost.members import actions as members
from thepost.members.models import Member
from thepost.web import deps, urls
from thepost.web.errors import error_page, said, site_of
from thepost.web.origin import same_origin
from thepost.web.site import account, params, rendering
from thepost.web.site.views import FORM_STAMP, article_page

MINE_COOKIE = "thepost_mine"  # signed ids of the reader's pending comments (HttpOnly)
PENDING_FLAG = "thepost_pending"  # "1" tells the page script there is something to fetch
RECEIVED = "comment-received"  # the signed comment id of its confirmation page
REMEMBER_COOKIE = "thepost_commenter"  # name, email, website: only with "remember me"
WROTE_COOKIE = "thepost_wrote"  # signed ids of every comment this browser wrote (HttpOnly)
MAX_FORM_BYTES = 300_000
FIELD_FOR = {
    "author_name": "author",
    "author_email": "email",
    "author_url": "url",
    "body": "comment",
}
YEAR = 365 * 24 * 3600
MONTH = 30 * 24 * 3600


async def post(request: Request) -> Response:
    services = deps.services(request)
    if not same_origin(request, services.settings.base_url):
        return error_page(
            request, 403, N_("Comments can only be posted from this site's own pages.")
        )
    slug = params.slug(request)
    form = await params.form(request, max_bytes=MAX_FORM_BYTES, max_fields=20)
    fields = ("author", "email", "url", "comment", "parent_id", "stamp", "website_hp")
    values = {name: params.text(form, name) for name in fields}
    now = services.clock()
    # The stamp carries its own time (the page's render time, the same for every reader).
    stamp = services.keys.unsign(FORM_STAMP, values["stamp"], timed=False)
    # The database work is synchronous: run it off the event loop.
    return await run_in_threadpool(_post, request, slug, values, form, now, stamp)


def _post(
    request: Request, slug: str, values: dict[str, str], form: FormData, now: datetime, stamp: Any
) -> Response:
    services = deps.services(request)
    parent = values["parent_id"]
    client = request.client.host if request.client else ""
    member = None
    if account.has_member_cookie(request):
        with services.reads() as session:
            member = account.member(request, session, touch=False)
            if member is not None:  # their account's name and proven address
                session.expunge(member)
                values["author"], values["email"] = members.shown_name(member), member.email
    submission = actions.Submission(
        article_id=0,
        name=values["author"],
        email=values["email"],
        url=values["url"],
        body=values["comment"],
        parent_id=int(parent) if parent.isdigit() and len(parent) < 12 else None,
        notify_replies=form.get("notify") == "1",
        ip_hash=services.keys.hash("ip", client) if client else "",
        honeypot=values["website_hp"],
        seconds_to_write=(now.timestamp() - stamp) if isinstance(stamp, int) else None,
        written_ids=tuple(_ids(request, WROTE_COOKIE, YEAR)),
        member_id=member.id if member is not None else None,
    )
    try:  # the text's own checks and spam tokens, before the write transaction opens
        checked: actions.Checked | ValidationError = actions.check(submission)
    except ValidationError as exc:
        checked = exc
    if isinstance(checked, ValidationError):
        with services.reads() as session:
            article = queries.article_by_slug(session, slug, now=now)
            if article is None:
                raise HTTPException(404)
            return _form_back(request, session, article, values, submission, checked, member)
    with services.writes() as session:
        article = queries.article_by_slug(session, slug, now=now)
        if article is None:
            raise HTTPException(404)
        submission.article_id = article.id
        try:
            comment = actions.post_comment(
                session, services.bus, services.keys, services.limiter, checked, now=now
            )
            session.commit()
        except ValidationError as exc:
            session.rollback()
            return _form_back(request, session, article, values, submission, exc, member)
        except PermissionDenied as exc:
            return error_page(request, 403, said(exc))
        except Conflict as exc:
            return error_page(request, 409, said(exc))
        except actions.TooSoon as exc:
            return error_page(request, 429, said(exc), headers={"Retry-After": "15"})
        except NotFound as exc:
            raise HTTPException(404) from exc
        target = f"{urls.article(article)}#comment-{comment.id}"
        if comment.status != CommentStatus.APPROVED:
            token = services.keys.sign(RECEIVED, comment.id)
            target = f"{urls.comment_received(token)}#comment-{comment.id}"
        response = RedirectResponse(target, status_code=303)
        if comment.status != CommentStatus.APPROVED:
            _remember_pending(request, response, comment.id)
        _remember_written(request, response, comment.id)
        _remember_details(response, form, values, secure=params.secure(request))
        return response


def _form_back(
    request: Request,
    session: Session,
    article: Article,
    values: dict[str, str],
    submission: actions.Submission,
    exc: ValidationError,
    member: Member | None,
) -> Response:
    """The article with the form as sent and each error beside its field."""
    language = rendering.site_settings(deps.services(request), session).language
    errors = {FIELD_FOR.get(k, k): v for k, v in translate_all(exc.errors, language).items()}
    shown = {k: values[k] for k in ("author", "email", "url", "comment", "parent_id")}
    shown["notify"] = "1" if submission.notify_replies else ""
    return article_page(
        request, session, article, form=shown, errors=errors, status=400, member=member
    )


def signed_ids(keys: Keys, cookie: str, value: str, max_age: int) -> list[int]:
    """The comment ids a cookie of ours holds ([] when forged, damaged or too old)."""
    ids = keys.unsign(cookie, value[:2000], max_age=max_age)
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def pending_ids(keys: Keys, value: str) -> list[int]:
    """The reader's pending comments, from a ``MINE_COOKIE`` value (the page cache asks
    too: only a genuine one makes a request personal)."""
    return signed_ids(keys, MINE_COOKIE, value, MONTH)


def _ids(request: Request, cookie: str, max_age: int) -> list[int]:
    keys = deps.services(request).keys
    return signed_ids(keys, cookie, request.cookies.get(cookie, ""), max_age)


def _my_ids(request: Request) -> list[int]:
    return pending_ids(deps.services(request).keys, request.cookies.get(MINE_COOKIE, ""))


def _remember_written(request: Request, response: Response, comment_id: int) -> None:
    """What makes this browser a returning commenter: once one of these comments is
    approved, a later one under the same address skips the first-time hold. Ids only,
    signed and HttpOnly: no address for a script or a forger to read or write."""
    keys = deps.services(request).keys
    ids = [*_ids(request, WROTE_COOKIE, YEAR)[-49:], comment_id]
    response.set_cookie(
        WROTE_COOKIE,
        keys.sign(WROTE_COOKIE, ids),
        max_age=YEAR,
        httponly=True,
        samesite="lax",
        secure=params.secure(request),
    )


def _remember_pending(request: Request, response: Response, comment_id: int) -> None:
    keys = deps.services(request).keys
    ids = [*_my_ids(request)[-19:], comment_id]
    secure = params.secure(request)
    response.set_cookie(
        MINE_COOKIE,
        keys.sign(MINE_COOKIE, ids),
        max_age=MONTH,
        httponly=True,
        samesite="lax",
        secure=secure,
    )
    response.set_cookie(PENDING_FLAG, "1", max_age=MONTH, samesite="lax", secure=secure)


def _remember_details(
    response: Response, form: FormData, values: dict[str, str], *, secure: bool
) -> None:
    if form.get("remember") == "1":
        details = {"author": values["author"], "email": values["email"], "url": values["url"]}
        response.set_cookie(
            REMEMBER_COOKIE,
            quote(json.dumps(details), safe=""),  # "/" would make the cookie a quoted string
            max_age=YEAR,
            samesite="lax",
            secure=secure,
        )
    else:
        response.delete_cookie(REMEMBER_COOKIE)


def mine(request: Request) -> Response:
    """The reader's own comments awaiting moderation on one article (never cached)."""
    services = deps.services(request)
    raw = request.query_params.get("article", "")
    headers = {"Cache-Control": "no-store, private", "Vary": "Cookie"}
    if not raw.isdigit() or len(raw) > 12:
        return JSONResponse({"comments": []}, status_code=400, headers=headers)
    ids = _my_ids(request)
    if not ids:
        return JSONResponse({"comments": []}, headers=headers)
    templates = deps.services(request).templates
    with services.reads() as session:
        rows = session.scalars(
            select(Comment)
            .where(Comment.id.in_(ids), Comment.article_id == int(raw))
            .where(Comment.status == CommentStatus.PENDING)
            .order_by(Comment.id)
        ).all()
        shown = rendering.site_settings(services, session)
        items = [
            {
                "id": c.id,
                "parent_id": c.parent_id,
                "html": templates.render("site/_pending_comment.html", c=c, site=shown),
            }
            for c in rows
        ]
    return JSONResponse({"comments": items}, headers=headers)


def received(request: Request) -> Response:
    """The confirmation a reader lands on after posting a comment that a moderator must
    see first: their comment, "awaiting moderation", and the way back to the article.
    Private (``no-store``): the signed token in its address names the comment."""
    services = deps.services(request)
    token = request.query_params.get("c", "")[:200]
    comment_id = services.keys.unsign(RECEIVED, token, max_age=MONTH)
    if not isinstance(comment_id, int):
        return error_page(request, 404, N_("This confirmation link is not valid any more."))
    now = services.clock()
    with services.reads() as session:
        comment = session.get(Comment, comment_id)
        found = queries.cards_by_ids(session, [comment.article_id], now=now) if comment else []
        if comment is None or not found:
            return error_page(request, 404)
        article_url = urls.article(found[0])
        if comment.status == CommentStatus.APPROVED:  # published since: see it in place
            return RedirectResponse(f"{article_url}#comment-{comment.id}", status_code=303)
        shown = rendering.site_settings(services, session)
        html = deps.services(request).templates.render(
            "site/comment_received.html",
            title=translate(N_("Comment received"), shown.language),
            site=shown,
            c=comment,
            article_url=article_url,
            article_title=found[0].title,
        )
    return HTMLResponse(html, headers={"Cache-Control": "no-store, private"})


# The links mailed about a comment: an unsubscribe link works for as long as the mail is
# kept; a confirmation expires (its time is the app's clock, like every other).
UNSUBSCRIBE = "unsubscribe"
CONFIRM_REPLIES = "confirm-replies"
CONFIRM_MAX_AGE = timedelta(days=14)


def unsubscribe_token(keys: Keys, comment_id: int) -> str:
    return keys.sign(UNSUBSCRIBE, comment_id)


def confirm_token(keys: Keys, comment_id: int, now: datetime) -> str:
    return keys.sign(CONFIRM_REPLIES, {"c": comment_id, "t": int(now.timestamp())}, timed=False)


def _unsubscribing(keys: Keys, token: str, now: datetime) -> int | None:
    found = keys.unsign(UNSUBSCRIBE, token)
    return found if isinstance(found, int) else None


def _confirming(keys: Keys, token: str, now: datetime) -> int | None:
    found = keys.unsign(CONFIRM_REPLIES, token, timed=False)
    if not isinstance(found, dict) or not isinstance(found.get("c"), int):
        return None
    signed_at = found.get("t")
    if (
        not isinstance(signed_at, int)
        or now.timestamp() - signed_at > CONFIRM_MAX_AGE.total_seconds()
    ):
        return None
    return found["c"]


@dataclass(frozen=True)
class MailedLink:
    """A signed link from an email that changes something: GET only asks (mail scanners
    and link previews open links), the page's button POSTs."""

    read: Callable[[Keys, str, datetime], int | None]
    act: Callable[[Session, int, datetime], object]
    question: str
    button: str
    done_title: str
    done: str
    invalid: str


def _mailed_link(link: MailedLink, request: Request) -> Response:
    services = deps.services(request)
    token = request.query_params.get("token", "")
    comment_id = link.read(services.keys, token, services.clock())
    if comment_id is None:
        return error_page(request, 400, link.invalid)
    templates = deps.services(request).templates
    shown = site_of(request)

    def say(message: str) -> str:
        return translate(message, shown.language)

    if request.method == "POST":
        # A comment deleted since will send nothing anyway.
        with services.writes.begin() as session, contextlib.suppress(NotFound):
            link.act(session, comment_id, services.clock())
        html = templates.render(
            "site/message.html", title=say(link.done_title), message=say(link.done), site=shown
        )
    else:
        html = templates.render(
            "site/mailed_link.html",
            title=say(link.question),
            button=say(link.button),
            action=f"{request.url.path}?{urlencode({'token': token})}",
            site=shown,
        )
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


_UNSUBSCRIBE = MailedLink(
    _unsubscribing,
    lambda session, comment_id, now: actions.unsubscribe(session, comment_id),
    question=N_("Stop emails about replies to your comment?"),
    button=N_("Unsubscribe"),
    done_title=N_("Unsubscribed"),
    done=N_("You will get no more emails about replies to this comment."),
    invalid=N_("This unsubscribe link is not valid."),
)
_CONFIRM_REPLIES = MailedLink(
    _confirming,
    lambda session, comment_id, now: actions.confirm_replies(session, comment_id, now=now),
    question=N_("Email you when someone replies to your comment?"),
    button=N_("Yes, email me"),
    done_title=N_("Confirmed"),
    done=N_(
        "We will email you when someone replies to your comment (each email has a link "
        "to stop them)."
    ),
    invalid=N_("This confirmation link is not valid or has expired."),
)


def unsubscribe(request: Request) -> Response:
    """One-click unsubscribe from reply notifications (RFC 8058: POST does it; GET asks)."""
    return _mailed_link(_UNSUBSCRIBE, request)


def confirm_replies(request: Request) -> Response:
    """The second half of "notify me of replies": the address's owner says yes."""
    return _mailed_link(_CONFIRM_REPLIES, request)
