"""Who is signed in: the ``thepost_session`` cookie and the server-side session it names.

The cookie carries a random token (the table keeps only its keyed hash). It is HttpOnly,
SameSite=Lax, Secure when the site's ``base_url`` is https, and lives as long as the
browser session; the server ends it sooner (idle and absolute timeouts, logout, a
password change, deactivation). Before login, a ``thepost_login`` cookie holds a random
seed the login form's CSRF token is made from. After a login, a ``thepost_device`` cookie
(sent to the login form only) marks the browser as one the account signed in from: a
stranger's failed guesses do not lock it out.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response

from thepost.accounts import sessions
from thepost.accounts.actions import DEVICE_DAYS
from thepost.accounts.models import LoginSession, User
from thepost.config import Settings
from thepost.services import Services
from thepost.web import urls

SESSION_COOKIE = "thepost_session"  # the page cache bypasses requests that carry it
LOGIN_COOKIE = "thepost_login"
DEVICE_COOKIE = "thepost_device"


def timeouts(settings: Settings) -> sessions.Timeouts:
    return sessions.Timeouts(
        idle=timedelta(minutes=settings.session_idle_minutes),
        absolute=timedelta(hours=settings.session_lifetime_hours),
    )


def ip_hash(request: Request, services: Services) -> str:
    host = request.client.host if request.client else ""
    return services.keys.hash("ip", host) if host else ""


def session_token(request: Request) -> str:
    return request.cookies.get(SESSION_COOKIE, "")


def signed_in(request: Request, services: Services) -> tuple[User, LoginSession] | None:
    """The user behind the request's session cookie (a write: timeouts end sessions)."""
    token = session_token(request)
    if not token:
        return None
    with services.writes.begin() as session:
        return sessions.resolve(
            session,
            services.keys,
            token,
            now=services.clock(),
            timeouts=timeouts(services.settings),
        )


def _secure(settings: Settings) -> bool:
    return settings.base_url.startswith("https://")


def set_session_cookie(response: Response, token: str, settings: Settings) -> None:
    response.set_cookie(
        SESSION_COOKIE, token, path="/", httponly=True, samesite="lax", secure=_secure(settings)
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(settings)
    )


def set_device_cookie(response: Response, token: str, settings: Settings) -> None:
    """The browser's device token: sent to the login form only, kept for a year."""
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=DEVICE_DAYS * 86_400,
        path=urls.admin_login(),
        httponly=True,
        samesite="strict",
        secure=_secure(settings),
    )


def login_seed(request: Request) -> tuple[str, bool]:
    """The pre-login CSRF seed, and whether it is new (to be set as a cookie)."""
    seed = request.cookies.get(LOGIN_COOKIE, "")
    if 20 <= len(seed) <= 100:
        return seed, False
    return secrets.token_urlsafe(24), True


def set_login_cookie(response: Response, seed: str, settings: Settings) -> None:
    response.set_cookie(
        LOGIN_COOKIE,
        seed,
        path="/admin",
        httponly=True,
        samesite="lax",
        secure=_secure(settings),
    )
