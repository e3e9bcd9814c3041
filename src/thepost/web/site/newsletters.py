"""The reader's side of newsletters: the sign-up form (on ``/newsletters``, and as a box
on the home and article pages), the confirmation link, the preferences page and the
one-click unsubscribe of RFC 8058.

The pages with the form are the same for everyone (cached); the form posts here. What
the reader sees after signing up never says whether the address was known. Every link
mailed to a subscriber carries a signed token (``newsletters.tokens``) and nothing else:
a GET only shows a button (mail scanners open links), the POST does it. Unsubscribe
works from the token alone, without a session or a form token (the mail provider posts
it, from anywhere).

An issue with open and click counting (``newsletters.counting``) has its picture and
its redirects here. Neither is ever stored by a cache: each fetch is counted.
"""

from __future__ import annotations

import base64
import logging
import secrets
from typing import Any
from urllib.parse import urlencode

from sqlalchemy.exc import OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from thepost.errors import NotFound, ValidationError
from thepost.i18n import N_, translate, translate_all
from thepost.newsletters import actions, bounces, counting, providers, queries, tokens
from thepost.newsletters.models import Newsletter, Subscriber
from thepost.web import deps, urls
from thepost.web.errors import error_page, site_of
from thepost.web.origin import same_origin
from thepost.web.site import params, rendering

log = logging.getLogger(__name__)

MAX_FORM_BYTES = 4096
SIGNUPS_PER_HOUR = 10  # per visitor's address
MAX_TOKEN = 200
# One transparent pixel (GIF, 43 bytes).
PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
NOT_STORED = {"Cache-Control": "no-store, private"}


def _ids(form: FormData) -> list[int]:
    found = [v for v in form.getlist("newsletter") if isinstance(v, str)]
    return [int(v) for v in found[:20] if v.isdigit() and len(v) < 10]


def _no_store(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})


def index(request: Request) -> Response:
    """Every newsletter, with the sign-up form."""
    services = deps.services(request)
    with services.reads() as session:
        return rendering.render(request, session, "site/newsletters.html")


async def subscribe(request: Request) -> Response:
    services = deps.services(request)
    if not same_origin(request, services.settings.base_url):
        return error_page(request, 403, N_("Sign up from this site's own pages."))
    form = await params.form(request, max_bytes=MAX_FORM_BYTES, max_fields=40)
    return await run_in_threadpool(_subscribe, request, form)


def _subscribe(request: Request, form: FormData) -> Response:
    services = deps.services(request)
    email, chosen = params.text(form, "email", 400), _ids(form)
    came_from = params.text(form, "from", 300)
    page = came_from if came_from.startswith("/") else urls.newsletters()
    if params.text(form, "website_hp"):  # a field people never see, that form-filling bots fill
        return _check_inbox(request)
    if not services.limiter.hit(
        "newsletter-signup", params.visitor(request), per_seconds=3600, amount=SIGNUPS_PER_HOUR
    ):
        return error_page(
            request,
            429,
            N_("Too many sign-ups from here. Please try again later."),
            headers={"Retry-After": "600"},
        )
    language = site_of(request).language
    try:
        with services.writes.begin() as session:
            actions.subscribe(
                session,
                services.bus,
                email=email,
                newsletter_ids=chosen,
                source=page[:300],
                consent_text=translate(actions.CONSENT, language),  # as the form said it
                now=services.clock(),
            )
    except ValidationError as exc:
        with services.reads() as session:
            return rendering.render(
                request,
                session,
                "site/newsletters.html",
                status=400,
                signup_form={"email": email, "newsletter": chosen},
                signup_errors=translate_all(exc.errors, language),
            )
    return _check_inbox(request)


def _check_inbox(request: Request) -> Response:
    return RedirectResponse(urls.newsletters_check(), status_code=303)


def check(request: Request) -> Response:
    """After signing up: the same page whether or not the address was known."""
    return _message(
        request,
        N_("Check your inbox"),
        N_(
            "If the address can receive our newsletters, an email is on its way with a "
            "link to confirm. Nothing is sent until you do."
        ),
    )


def _message(
    request: Request, title: str, message: str, link: str = "", link_text: str = ""
) -> Response:
    """A notice page in the site's language (``title``, ``message`` and ``link_text``:
    English or ``N_`` messages)."""
    templates = deps.services(request).templates
    shown = site_of(request)
    title, message, link_text = (translate(t, shown.language) for t in (title, message, link_text))
    html = templates.render(
        "site/message.html", title=title, message=message, link=link, link_text=link_text,
        site=shown,
    )  # fmt: skip
    return _no_store(html)


def _ask(request: Request, question: str, button: str) -> Response:
    token = request.query_params.get("token", "")
    templates = deps.services(request).templates
    action = f"{request.url.path}?{urlencode({'token': token})}"
    shown = site_of(request)
    question, button = (translate(t, shown.language) for t in (question, button))
    return _no_store(
        templates.render(
            "site/mailed_link.html", title=question, button=button, action=action, site=shown
        )
    )


def confirm(request: Request) -> Response:
    """The confirmation link: a GET shows the button, its POST confirms."""
    services = deps.services(request)
    signed = tokens.read_confirm(services.keys, request.query_params.get("token", "")[:500])
    if signed is None:
        return error_page(
            request,
            400,
            N_(
                "This confirmation link is not valid or has expired. "
                "Sign up again to get a new one."
            ),
        )
    if request.method != "POST":
        return _ask(request, N_("Confirm your subscription?"), N_("Yes, send me the newsletters"))
    try:
        with services.writes.begin() as session:
            subscriber = actions.confirm(
                session, signed.subscriber_id, signed.key, signed.email, now=services.clock()
            )
            manage = tokens.manage_token(services.keys, subscriber.id, subscriber.key)
    except NotFound:
        return error_page(request, 400, N_("This confirmation link is no longer valid."))
    except ValidationError as exc:
        said = translate_all(exc.errors, site_of(request).language)
        return error_page(request, 409, " ".join(said.values()))
    return RedirectResponse(
        urls.newsletter_preferences(manage) + "&done=confirmed", status_code=303
    )


async def preferences(request: Request) -> Response:
    form = None
    if request.method == "POST":
        form = await params.form(request, max_bytes=MAX_FORM_BYTES, max_fields=40)
    return await run_in_threadpool(_preferences, request, form)


DONE = {
    "confirmed": N_("You are subscribed. Every email has a link back to this page."),
    "saved": N_("Your choice is saved."),
    "address": N_(
        "We sent a link to the new address: the newsletters go there once you confirm it."
    ),
    "left": N_(
        "You are unsubscribed from every newsletter. You can choose again here at any time."
    ),
}


def _preferences(request: Request, form: FormData | None) -> Response:
    """Choose newsletters, change the address (confirmed by a link to the new one) or
    leave all, from the signed link in every email."""
    services = deps.services(request)
    token = request.query_params.get("token", "")[:500]
    signed = tokens.read_manage(services.keys, token)
    if signed is None:
        return error_page(
            request, 400, N_("This link is not valid. Use the link in a recent email.")
        )
    errors: dict[str, str] = {}
    new_email = ""
    if form is not None:
        what = params.text(form, "action", 20)
        try:
            with services.writes.begin() as session:
                now = services.clock()
                if what == "address":
                    new_email = params.text(form, "email", 400)
                    actions.change_address(
                        session, services.bus, signed.subscriber_id, signed.key, new_email, now=now
                    )
                elif what == "leave":
                    actions.leave(session, signed.subscriber_id, signed.key, now=now)
                else:
                    actions.choose(session, signed.subscriber_id, signed.key, _ids(form), now=now)
            done = {"address": "address", "leave": "left"}.get(what, "saved")
            return RedirectResponse(urls.newsletter_preferences(token) + f"&done={done}", 303)
        except NotFound:
            return error_page(request, 400, N_("This link is no longer valid."))
        except ValidationError as exc:
            errors = exc.errors
    with services.reads() as session:
        subscriber = session.get(Subscriber, signed.subscriber_id)
        if subscriber is None or subscriber.key != signed.key:
            return error_page(request, 400, N_("This link is no longer valid."))
        shown = rendering.site_settings(services, session)
        html = services.templates.render(
            "site/newsletter_preferences.html",
            title=translate(N_("Your newsletters"), shown.language),
            offered=queries.offered(session),
            have=queries.subscriptions(session, subscriber.id),
            email=subscriber.email,
            new_email=new_email or subscriber.new_email,
            errors=translate_all(errors, shown.language),
            action=urls.newsletter_preferences(token),
            message=translate(DONE.get(request.query_params.get("done", ""), ""), shown.language),
            site=shown,
        )
    return _no_store(html, 400 if errors else 200)


def unsubscribe(request: Request) -> Response:
    """One-click unsubscribe (RFC 8058): the mail provider POSTs
    ``List-Unsubscribe=One-Click`` to the URL of the ``List-Unsubscribe`` header; a reader
    who opens it gets a button that does the same."""
    services = deps.services(request)
    token = request.query_params.get("token", "")[:500]
    signed = tokens.read_leave(services.keys, token)
    if signed is None or signed.newsletter_id is None:
        return error_page(request, 400, N_("This unsubscribe link is not valid."))
    with services.reads() as session:
        newsletter = session.get(Newsletter, signed.newsletter_id)
        language = rendering.site_settings(services, session).language
        name = newsletter.name if newsletter else translate(N_("this newsletter"), language)
    if request.method != "POST":
        return _ask(request, N_("Unsubscribe from %(name)s?", name=name), N_("Unsubscribe"))
    try:
        with services.writes.begin() as session:
            actions.leave(
                session,
                signed.subscriber_id,
                signed.key,
                signed.newsletter_id,
                now=services.clock(),
            )
            manage = tokens.manage_token(services.keys, signed.subscriber_id, signed.key)
    except NotFound:
        return error_page(request, 400, N_("This unsubscribe link is no longer valid."))
    return _message(
        request,
        N_("Unsubscribed"),
        N_("You will get no more of %(name)s.", name=name),
        link=urls.newsletter_preferences(manage),
        link_text=N_("Choose your newsletters"),
    )


# -- open and click counting ---------------------------------------------------------


def opened(request: Request) -> Response:
    """The counting picture: the recipient's first open recorded. The picture is the
    answer whatever the token (a mail client must never show a broken picture), and
    when the database cannot take the write, the open is let go rather than the
    picture."""
    services = deps.services(request)
    token = str(request.path_params.get("token", ""))[:MAX_TOKEN]
    recipient_id = tokens.read_count(services.keys, token)
    if recipient_id is not None:
        try:
            with services.writes.begin() as session:
                counting.record_open(session, recipient_id, now=services.clock())
        except OperationalError as exc:
            log.warning("newsletter open not recorded: %s", exc)
    return Response(PIXEL, media_type="image/gif", headers=NOT_STORED)


def clicked(request: Request) -> Response:
    """A counted issue's link: the click recorded, then on to the link the issue had at
    that place. Anything else (a forged token, a place the issue has no link at) is a
    404 and goes nowhere. As with the picture, a write the database cannot take lets
    the click go, not the reader."""
    services = deps.services(request)
    token = str(request.path_params.get("token", ""))[:MAX_TOKEN]
    place = str(request.path_params.get("index", ""))
    recipient_id = tokens.read_count(services.keys, token)
    url = None
    if recipient_id is not None and place.isascii() and place.isdigit() and len(place) < 6:
        with services.reads() as session:
            url = counting.link(session, recipient_id, int(place))
    if recipient_id is None or url is None:
        return error_page(request, 404, N_("This link is not valid."), headers=NOT_STORED)
    try:
        with services.writes.begin() as session:
            counting.record_click(session, recipient_id, now=services.clock())
    except OperationalError as exc:  # the reader still gets to the story
        log.warning("newsletter click not recorded: %s", exc)
    return RedirectResponse(url, status_code=302, headers=NOT_STORED)


# -- bounces and complaints from the mail providers --------------------------------------

MAX_HOOK_BYTES = 256 * 1024


async def _hook_body(request: Request) -> dict[str, Any]:
    """A provider's JSON body, whatever type it says it is (SNS says text/plain)."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_HOOK_BYTES:
        raise HTTPException(413)
    chunks, size = [], 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_HOOK_BYTES:
                raise HTTPException(413)
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise HTTPException(400) from exc
    found = bounces.loads(b"".join(chunks))
    if found is None:
        raise HTTPException(400, "A JSON object was expected.")
    return found


def _record(request: Request, events: list[bounces.Event]) -> Response:
    services = deps.services(request)
    with services.writes.begin() as session:
        counts = bounces.record(session, events, now=services.clock())
    return JSONResponse({"events": len(events), **counts})


async def ses_bounces(request: Request) -> Response:
    """Amazon SES through SNS: a subscription is confirmed, a notification recorded."""
    services = deps.services(request)
    message = await _hook_body(request)
    fetch = services.fetch
    try:
        if fetch is None:
            raise providers.Refused("this site fetches nothing")
        providers.verify_sns(message, fetch, services.settings.ses_topic_arns)
    except providers.Refused as exc:
        return JSONResponse({"error": str(exc)}, status_code=403)
    if message["Type"] == "SubscriptionConfirmation":
        url = str(message.get("SubscribeURL", ""))
        if not providers.sns_url(url):
            return JSONResponse({"error": "not an Amazon SNS address"}, status_code=400)
        try:
            await run_in_threadpool(fetch, url)
        except OSError as exc:
            return JSONResponse({"error": f"could not confirm: {exc}"}, status_code=502)
        return JSONResponse({"confirmed": True})
    if message["Type"] != "Notification":
        return JSONResponse({"events": 0})
    inner = bounces.loads(str(message.get("Message", "")).encode())
    if inner is None:
        raise HTTPException(400, "The notification's message is not JSON.")
    return await run_in_threadpool(_record, request, bounces.from_ses(inner))


async def postmark_bounces(request: Request) -> Response:
    services = deps.services(request)
    token = str(request.path_params.get("token", ""))
    if not secrets.compare_digest(token, providers.postmark_token(services.keys)):
        return JSONResponse({"error": "unknown address"}, status_code=403)
    payload = await _hook_body(request)
    return await run_in_threadpool(_record, request, bounces.from_postmark(payload))


async def mailgun_bounces(request: Request) -> Response:
    services = deps.services(request)
    payload = await _hook_body(request)
    try:
        providers.verify_mailgun(payload, services.settings.mailgun_signing_key)
    except providers.Refused as exc:
        return JSONResponse({"error": str(exc)}, status_code=403)
    return await run_in_threadpool(_record, request, bounces.from_mailgun(payload))
