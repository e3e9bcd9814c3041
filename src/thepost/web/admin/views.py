"""Signing in and out, the dashboard, and one's own account: the newsroom's language
and the password."""

from __future__ import annotations

from starlette.responses import Response

from thepost import i18n
from thepost.accounts import actions, sessions
from thepost.accounts.actions import LOGIN_WINDOW_SECONDS
from thepost.accounts.models import User
from thepost.content import actions as content
from thepost.content import locks, queries, site
from thepost.content.models import Status
from thepost.errors import ValidationError
from thepost.i18n import N_
from thepost.permissions import Action
from thepost.web import urls
from thepost.web.admin import auth
from thepost.web.admin.pages import AdminRequest

LOGIN_FAILED = N_("The email or password is not right.")
THROTTLED = N_(
    "Too many failed sign-in attempts. To protect the account, sign-in is paused: "
    "try again in %(minutes)s minutes.",
    minutes=LOGIN_WINDOW_SECONDS // 60,
)
MESSAGES = {
    "password": N_("Your password is changed. Other browsers were signed out."),
    "banner": N_("The banner is up on every page of the site."),
    "banner_lowered": N_("The banner is down."),
    "language": N_("The newsroom speaks your language now."),
}


def _next(raw: str) -> str:
    """Where to go after login: a path inside the admin, never another site."""
    if raw.startswith("/admin/") and not raw.startswith("//") and "\\" not in raw:
        return raw
    return urls.admin_home()


def login(req: AdminRequest) -> Response:
    if not req.writing:
        if req.user is not None:
            return req.redirect(_next(req.query("next", 500)))
        return req.render("admin/login.html", email="", error="", next=req.query("next", 500))
    email, password = req.field("email", 254), req.field("password", 2000)
    next_path = req.field("next", 500)
    services = req.services
    with services.writes.begin() as session:
        result = actions.login(
            session,
            services.keys,
            services.limiter,
            email=email,
            password=password,
            now=req.now,
            ip_hash=req.ip_hash,
            user_agent=req.request.headers.get("user-agent", ""),
            device=req.request.cookies.get(auth.DEVICE_COOKIE, "")[:500],
        )
        old = auth.session_token(req.request)
        if result.ok and old:
            sessions.end(session, services.keys, old)  # a new id at every login
    if result.throttled:
        return req.render(
            "admin/login.html", status=429, email=email, error=THROTTLED, next=next_path
        )
    if not result.ok:
        return req.render(
            "admin/login.html", status=400, email=email, error=LOGIN_FAILED, next=next_path
        )
    response = req.redirect(_next(next_path))
    auth.set_session_cookie(response, result.token, services.settings)
    auth.set_device_cookie(response, result.device, services.settings)
    return response


def logout(req: AdminRequest) -> Response:
    with req.services.writes.begin() as session:
        actions.logout(
            session,
            req.services.keys,
            auth.session_token(req.request),
            req.actor.id,
            now=req.now,
            ip_hash=req.ip_hash,
        )
        locks.release_all(session, user_id=req.actor.id)  # signed out: editing nothing
    response = req.redirect(urls.admin_login())
    auth.clear_session_cookie(response, req.services.settings)
    return response


def dashboard(
    req: AdminRequest,
    *,
    banner_values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    user = req.actor
    mine = not req.can("article.edit_any")
    owner_id = user.id if mine else None
    filters = queries.NewsroomFilter(owner_id=owner_id, now=req.now)
    with req.services.reads() as session:
        counts = queries.status_counts(session, now=req.now, owner_id=owner_id)
        recent = queries.newsroom_articles(session, filters, page=1, size=8)
        banner, stories = None, []
        if req.can(Action.BANNER_MANAGE):  # the banner's panel
            banner = site.load(session).banner(req.now)
            newest = queries.newest(session, now=req.now, limit=BANNER_STORIES)
            stories = [(urls.article(a), a.title) for a in newest]
    return req.render(
        "admin/dashboard.html",
        status=status,
        counts=[(s.value, counts.get(s.value, 0)) for s in Status],
        recent=recent.items,
        mine=mine,
        message=MESSAGES.get(req.query("done"), ""),
        banner=banner,
        banner_stories=stories,
        banner_values=banner_values or {"banner_story": stories[0][0] if stories else ""},
        errors=errors or {},
    )


BANNER_STORIES = 12  # the newest live stories a banner may lead to, offered in a list


def banner(req: AdminRequest) -> Response:
    """Raise the breaking-news banner (the dashboard's form): a line, the story it leads
    to (or an address), and when it comes down by itself (optional)."""
    values = {
        name: req.field(name, limit)
        for name, limit in (("banner_text", 1000), ("banner_story", 400), ("banner_url", 400),
                            ("banner_until", 40))
    }  # fmt: skip
    until = req.local.to_utc(values["banner_until"]) if values["banner_until"] else None
    if values["banner_until"] and until is None:
        wrong: dict[str, str] = {"banner_until": N_("A date and time, as 2026-12-06 18:00.")}
        return dashboard(req, banner_values=values, errors=wrong, status=400)
    try:
        with req.services.writes.begin() as session:
            content.raise_banner(
                session, req.services.bus, actor=req.actor, text=values["banner_text"],
                url=values["banner_url"] or values["banner_story"], until=until, now=req.now,
            )  # fmt: skip
    except ValidationError as exc:
        errors = dict(exc.errors)
        if "banner_url" in errors and not values["banner_url"]:
            errors["banner_story"] = errors.pop("banner_url")
        return dashboard(req, banner_values=values, errors=errors, status=400)
    return req.redirect(urls.admin_home() + "?done=banner")


def lower_banner(req: AdminRequest) -> Response:
    with req.services.writes.begin() as session:
        content.lower_banner(session, req.services.bus, actor=req.actor)
    return req.redirect(urls.admin_home() + "?done=banner_lowered")


def account(
    req: AdminRequest, *, status: int = 200, errors: dict[str, str] | None = None,
    language: str | None = None,
) -> Response:  # fmt: skip
    """One's own account: the newsroom's language (``language``: as chosen in the form
    sent) and the password form."""
    site_language = i18n.name_of(req.site.language)
    options: list[tuple[str, str]] = [
        ("", N_("The site's language (%(name)s)", name=site_language)),
        *i18n.LANGUAGES.items(),
    ]
    return req.render(
        "admin/password.html",
        status=status,
        errors=errors or {},
        language_options=options,
        chosen=req.actor.language if language is None else language,
        message=MESSAGES.get(req.query("done"), ""),
    )


def language(req: AdminRequest) -> Response:
    """Choose the language the newsroom speaks to this account."""
    chosen = req.field("language", 16)
    try:
        with req.services.writes.begin() as session:
            user = session.get(User, req.actor.id)
            assert user is not None
            actions.set_language(session, user, chosen, now=req.now, ip_hash=req.ip_hash)
    except ValidationError as exc:
        return account(req, status=400, errors=exc.errors, language=chosen)
    return req.redirect(urls.admin_password() + "?done=language")


def password(req: AdminRequest) -> Response:
    if not req.writing:
        return account(req)
    services = req.services
    try:
        with services.writes.begin() as session:
            user = session.get(User, req.actor.id)
            assert user is not None
            token = actions.change_password(
                session,
                services.keys,
                user,
                current=req.field("current_password", 2000),
                new=req.field("new_password", 2000),
                now=req.now,
                ip_hash=req.ip_hash,
                user_agent=req.request.headers.get("user-agent", ""),
            )
    except ValidationError as exc:
        return account(req, status=400, errors=exc.errors)
    response = req.redirect(urls.admin_home() + "?done=password")
    auth.set_session_cookie(response, token, services.settings)
    return response


def to_dashboard(req: AdminRequest) -> Response:
    return req.redirect(urls.admin_home())
