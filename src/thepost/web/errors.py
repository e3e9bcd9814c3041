"""Map errors to pages: styled 404 and 400 pages, and a 500 page that says nothing about
what went wrong (the traceback goes to the log). Pages speak the site's language; a
message given by a view or a domain error is translated too (``i18n.translate``)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from thepost import i18n
from thepost.content import site
from thepost.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    Unavailable,
    ValidationError,
)
from thepost.i18n import N_
from thepost.web import deps

log = logging.getLogger(__name__)

MESSAGES = {
    400: (N_("Bad request"), N_("We could not understand that request.")),
    403: (N_("Forbidden"), N_("You are not allowed to do that.")),
    404: (N_("Page not found"), N_("Sorry, we couldn't find the page you were looking for.")),
    405: (N_("Method not allowed"), N_("That page cannot be used this way.")),
    409: (N_("Already posted"), N_("That was sent already.")),
    411: (N_("Length required"), N_("The request did not say how long it is.")),
    413: (N_("Too large"), N_("What you sent is too large.")),
    429: (N_("Too many requests"), N_("Please slow down and try again in a moment.")),
    500: (
        N_("Something went wrong"),
        N_("Sorry, something went wrong on our side. Please try again."),
    ),
    503: (
        N_("Unavailable"),
        N_("Part of the site cannot be reached just now. Please try again soon."),
    ),
}


def error_page(
    request: Request, status: int, message: str = "", headers: dict[str, str] | None = None
) -> Response:
    """A readable error page; ``message`` (English, or an ``i18n.N_`` message) replaces
    the standard one for this status."""
    heading, standard = MESSAGES.get(
        status,
        (N_("Error %(status)s", status=status), N_("The request could not be served.")),
    )
    shown = site_of(request, status)
    title = i18n.translate(heading, shown.language)
    message = i18n.translate(message or standard, shown.language)
    try:
        html = deps.services(request).templates.render(
            "site/error.html", status=status, title=title, message=message, site=shown
        )
    except Exception:  # the error page must render even when templates cannot
        log.exception("error page failed to render")
        html = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
    return HTMLResponse(
        html, status_code=status, headers={"Cache-Control": "no-store", **(headers or {})}
    )


def site_of(request: Request, status: int = 200) -> site.SiteSettings:
    """The site's settings as the pages keep them (``memo``), for a page that must show
    even when they cannot be read: after a failure (5xx) only a kept copy is used, since
    the database may be what failed; the defaults when there is none."""
    try:
        services = deps.services(request)
        if status >= 500:
            kept = services.memo.kept("site")
            return kept if isinstance(kept, site.SiteSettings) else site.SiteSettings()

        def load() -> site.SiteSettings:
            with services.reads() as session:
                return site.load(session)

        found: site.SiteSettings = services.memo.get("site", load)
        return found
    except Exception:  # no database, no services: the page still shows
        log.debug("error page without the site's settings", exc_info=True)
        return site.SiteSettings()


# Asked before a 404 page is shown: a response for an address that has moved, or None.
Moved = Callable[[Request], Response | None]


def _http(moved: Moved | None) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handler(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if request.url.path.startswith("/api/"):
            return json_error(status, MESSAGES.get(status, ("", "Error"))[1])
        if status < 400:
            detail = getattr(exc, "detail", "")
            return Response(str(detail), status_code=status)
        if status == 404 and moved is not None and (response := moved(request)) is not None:
            return response
        return error_page(request, status)

    return handler


# Every domain error's status, in one table; a subclass takes its nearest listed base's.
STATUSES: dict[type[DomainError], int] = {
    DomainError: 400,
    ValidationError: 400,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    Unavailable: 503,
}


def status_of(exc: DomainError) -> int:
    return next(STATUSES[cls] for cls in type(exc).__mro__ if cls in STATUSES)


def said(exc: Exception) -> str:
    """What an error says, as it was raised: an ``i18n.N_`` message stays translatable."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, str) else str(exc)


async def _domain(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    status = status_of(exc)
    return error_page(request, status, said(exc) if status in (409, 503) else "")


async def _server(request: Request, exc: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    if request.url.path.startswith("/api/"):
        return json_error(500, MESSAGES[500][1])
    return error_page(request, 500)


def json_error(status: int, message: str) -> Response:
    """An error of the API, in its shape (``web/api/framework.py``)."""
    codes = {404: "not_found", 405: "method_not_allowed", 500: "server_error"}
    body = {"errors": [{"code": codes.get(status, "error"), "message": message, "field": None}]}
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store"})


def handlers(moved: Moved | None = None) -> dict[Any, Any]:
    return {
        HTTPException: _http(moved),
        DomainError: _domain,
        500: _server,
        Exception: _server,
    }
