"""Members' pages: signing in by emailed link (or its code), and the account page (the
member's name, newsletters, comments, signing out, closing the account).

Every page here is the reader's own: ``Cache-Control: private, no-store``. Two cookies,
both HttpOnly and SameSite=Lax: ``BROWSER_COOKIE`` holds the random value that binds a
sign-in link to the browser that asked for it (``members.actions``), and
``MEMBER_COOKIE`` the signed session token of a signed-in member. The page cache treats
a request with a genuine ``MEMBER_COOKIE`` as personal (its signature is checked without
the database, so a made-up one cannot turn every request into a render).

Forms post from this site's own pages only (``same_origin``); asking for a link answers
the same page whether or not the address has an account.
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from thepost.comments import actions as comment_actions
from thepost.comments import queries as comment_queries
from thepost.errors import ValidationError
from thepost.i18n import N_, translate, translate_all
from thepost.keys import Keys
from thepost.members import actions, notify, queries
from thepost.members.models import Member
from thepost.web import deps, urls
from thepost.web.errors import error_page, said, site_of
from thepost.web.origin import same_origin
from thepost.web.site import params, rendering

MEMBER_COOKIE = "thepost_member"
BROWSER_COOKIE = "thepost_signin"
PRIVATE = {"Cache-Control": "private, no-store"}
# Signing in or out changes what the site's pages show this browser: the copies of them
# it keeps (anonymous pages may be kept a minute) must go.
FORGET_PAGES = {"Clear-Site-Data": '"cache"'}
MAX_FORM_BYTES = 4096
ASKS_PER_HOUR = 10  # sign-in links asked for from one network address
YEAR = 365 * 24 * 3600
MESSAGES = {
    "name": N_("Your name is saved."),
    "newsletters": N_("Your newsletters are saved."),
    "welcome": N_("You are signed in."),
}


def session_token(keys: Keys, value: str) -> str | None:
    """The session token a ``MEMBER_COOKIE`` value holds, or None when it is not ours."""
    token = keys.unsign(MEMBER_COOKIE, value[:300], timed=False)
    return token if isinstance(token, str) else None


def member(request: Request, session: Session, *, touch: bool = True) -> Member | None:
    """The signed-in member of this request, if any (``touch``: ``actions.resolve``)."""
    value = request.cookies.get(MEMBER_COOKIE, "")
    if not value:
        return None
    services = deps.services(request)
    token = session_token(services.keys, value)
    if token is None:
        return None
    return actions.resolve(session, services.keys, token, now=services.clock(), touch=touch)


def has_member_cookie(request: Request) -> bool:
    """Whether the request carries a member's cookie worth looking up (signature checked)."""
    value = request.cookies.get(MEMBER_COOKIE, "")
    return bool(value) and session_token(deps.services(request).keys, value) is not None


def _private(response: Response) -> Response:
    response.headers.update(PRIVATE)
    return response


def _render(
    request: Request, session: Session, template: str, status: int = 200, **context: Any
) -> Response:
    """A member's page; its ``errors`` (a message per field) in the site's language."""
    if context.get("errors"):
        language = rendering.site_settings(deps.services(request), session).language
        context["errors"] = translate_all(context["errors"], language)
    return _private(rendering.render(request, session, template, status=status, **context))


# -- signing in -----------------------------------------------------------------------------


def page(request: Request) -> Response:
    """The account page of a signed-in member; the sign-in form for anyone else."""
    services = deps.services(request)
    with services.writes.begin() as session:  # resolving may touch or drop the session row
        found = member(request, session)
        if found is None:
            return _sign_in_page(request, session, next_path=urls.account())
        return _account_page(request, session, found)


def sign_in(request: Request) -> Response:
    services = deps.services(request)
    next_path = actions.safe_next(request.query_params.get("next", ""))
    with services.reads() as session:
        return _sign_in_page(request, session, next_path=next_path)


def _sign_in_page(
    request: Request, session: Session, *, next_path: str, email: str = "",
    errors: dict[str, str] | None = None, status: int = 200,
) -> Response:  # fmt: skip
    return _render(
        request, session, "site/account_sign_in.html", status=status,
        next_path=next_path, email=email, errors=errors or {},
    )  # fmt: skip


async def ask(request: Request) -> Response:
    services = deps.services(request)
    if not same_origin(request, services.settings.base_url):
        return error_page(request, 403, N_("Sign in from this site's own pages."))
    form = await params.form(request, max_bytes=MAX_FORM_BYTES, max_fields=10)
    return await run_in_threadpool(_ask, request, form)


def _ask(request: Request, form: FormData) -> Response:
    services = deps.services(request)
    email = params.text(form, "email", 400)
    next_path = actions.safe_next(params.text(form, "next", 300))
    if params.text(form, "website_hp"):  # the field people never see
        return _to_check()
    if not services.limiter.hit(
        "member-link", params.visitor(request), per_seconds=3600, amount=ASKS_PER_HOUR
    ):
        return error_page(
            request, 429, N_("Too many sign-in links asked for from here. Please try again later."),
            headers={"Retry-After": "600"},
        )  # fmt: skip
    browser = request.cookies.get(BROWSER_COOKIE, "")[:100] or secrets.token_urlsafe(32)
    try:
        with services.writes.begin() as session:
            asked = actions.ask_link(
                session, services.keys, email=email, browser=browser, next_path=next_path,
                now=services.clock(),
            )  # fmt: skip
            if asked is not None:
                link = services.settings.base_url + urls.account_link(asked.token)
                shown = rendering.site_settings(services, session)
                notify.send_sign_in(
                    session, asked.email, link, asked.code, shown.name, now=services.clock(),
                    language=shown.language,
                )  # fmt: skip
    except ValidationError as exc:
        with services.reads() as session:
            return _sign_in_page(
                request, session, next_path=next_path, email=email, errors=exc.errors, status=400
            )
    response = _to_check()
    response.set_cookie(
        BROWSER_COOKIE, browser, max_age=int(actions.LINK_LIFETIME.total_seconds()),
        httponly=True, samesite="lax", secure=params.secure(request),
    )  # fmt: skip
    return response


def _to_check() -> Response:
    return _private(RedirectResponse(urls.account("check"), status_code=303))


def check(request: Request, *, errors: dict[str, str] | None = None, status: int = 200) -> Response:
    """After asking: check your inbox, or type the code here."""
    services = deps.services(request)
    with services.reads() as session:
        return _render(
            request, session, "site/account_check.html", status=status, errors=errors or {}
        )


async def code(request: Request) -> Response:
    services = deps.services(request)
    if not same_origin(request, services.settings.base_url):
        return error_page(request, 403, N_("Sign in from this site's own pages."))
    form = await params.form(request, max_bytes=MAX_FORM_BYTES, max_fields=10)
    return await run_in_threadpool(_code, request, params.text(form, "code", 20))


def _code(request: Request, typed: str) -> Response:
    services = deps.services(request)
    browser = request.cookies.get(BROWSER_COOKIE, "")[:100]
    with services.writes() as session:
        try:
            signed = actions.use_code(
                session, services.keys, code=typed, browser=browser, now=services.clock()
            )
        except ValidationError as exc:
            session.commit()  # the wrong try counts
            return check(request, errors=exc.errors, status=400)
        except actions.LinkRefused as exc:
            return check(request, errors={"code": said(exc)}, status=400)
        session.commit()
    return _signed_in(request, signed)


def link(request: Request) -> Response:
    """The emailed link. It signs in the browser that asked (its cookie) at once; any
    other browser, a mail scanner among them, is told so and uses nothing up."""
    services = deps.services(request)
    token = request.query_params.get("token", "")[:200]
    browser = request.cookies.get(BROWSER_COOKIE, "")[:100]
    try:
        with services.writes.begin() as session:
            signed = actions.use_link(
                session, services.keys, token=token, browser=browser, now=services.clock()
            )
        return _signed_in(request, signed)
    except actions.OtherBrowser as exc:
        return _private(error_page(request, 403, said(exc)))
    except actions.LinkRefused as exc:
        language = site_of(request).language
        again = translate(N_("Ask for a new one from the sign-in page."), language)
        return _private(error_page(request, 400, f"{translate(said(exc), language)} {again}"))


def _signed_in(request: Request, signed: actions.SignedIn) -> Response:
    keys = deps.services(request).keys
    target = signed.next_path
    if target == urls.account():
        target = f"{target}?done=welcome"
    response = _private(RedirectResponse(target, status_code=303, headers=FORGET_PAGES))
    response.set_cookie(
        MEMBER_COOKIE, keys.sign(MEMBER_COOKIE, signed.session_token, timed=False),
        max_age=YEAR, httponly=True, samesite="lax", secure=params.secure(request),
    )  # fmt: skip
    response.delete_cookie(BROWSER_COOKIE)
    return response


# -- the account page -----------------------------------------------------------------------


def _account_page(
    request: Request, session: Session, found: Member, *, errors: dict[str, str] | None = None,
    name: str | None = None, status: int = 200,
) -> Response:  # fmt: skip
    keys = deps.services(request).keys
    key = comment_actions.email_key(keys, found.email)
    return _render(
        request, session, "site/account.html", status=status,
        member=found,
        typed_name=found.name if name is None else name,
        shown_name=actions.shown_name(found),
        subscriptions=queries.newsletters_of(session, found.email),
        comments=comment_queries.of_member(session, found.id, key),
        message=translate(
            MESSAGES.get(request.query_params.get("done", ""), ""),
            rendering.site_settings(deps.services(request), session).language,
        ),
        errors=errors or {},
    )  # fmt: skip


async def act(request: Request) -> Response:
    services = deps.services(request)
    if not same_origin(request, services.settings.base_url):
        return error_page(request, 403, N_("Change your account from this site's own pages."))
    form = await params.form(request, max_bytes=MAX_FORM_BYTES, max_fields=40)
    return await run_in_threadpool(_act, request, str(request.path_params["action"]), form)


def _act(request: Request, action: str, form: FormData) -> Response:
    services = deps.services(request)
    with services.writes() as session:
        found = member(request, session)
        if found is None:
            return _private(RedirectResponse(urls.account(), status_code=303))
        try:
            response = _change(request, session, found, action, form)
        except ValidationError as exc:
            session.rollback()
            typed = params.text(form, "name", 500)
            return _account_page(request, session, found, errors=exc.errors, name=typed, status=400)
        session.commit()
        return response


def _change(
    request: Request, session: Session, found: Member, action: str, form: FormData
) -> Response:
    services = deps.services(request)
    if action == "name":
        actions.rename(session, found.id, params.text(form, "name", 500))
        return _done("name")
    if action == "newsletters":
        chosen = [v for v in form.getlist("newsletter") if isinstance(v, str)]
        ids = [int(v) for v in chosen[:20] if v.isdigit() and len(v) < 10]
        actions.choose_newsletters(session, found, ids, now=services.clock())
        return _done("newsletters")
    if action not in ("sign-out", "sign-out-everywhere", "leave"):
        return error_page(request, 404)
    if action == "sign-out":
        token = session_token(services.keys, request.cookies.get(MEMBER_COOKIE, "")) or ""
        actions.sign_out(session, services.keys, token)
    elif action == "sign-out-everywhere":
        actions.sign_out_everywhere(session, found.id)
    else:
        actions.leave(session, found.id)
    response = _private(RedirectResponse(urls.home(), status_code=303, headers=FORGET_PAGES))
    response.delete_cookie(MEMBER_COOKIE)
    return response


def _done(what: str) -> Response:
    return _private(RedirectResponse(f"{urls.account()}?done={what}", status_code=303))
