"""Security headers on every response, whatever answers it: views, static files, media,
error pages, redirects, and the page cache's hits, 304s and HEADs.

The middleware wraps the app inside the page cache (``create_app``): a stored page keeps
its headers, and the cache replays them on hits and HEADs (its 304s repeat them too, see
``cache.store.ON_304``), in the ASGI middleware and in the HTTP protocol alike. Headers are
computed once, at start; per response only a few tuples are appended. HSTS is sent on
HTTPS requests only; a page stored from one and replayed over plain http carries it
harmlessly (browsers ignore it there).

No nonces: the page cache replays one stored page to every reader, so a nonce would be
shared and worthless. Pages carry no inline script, style or event handler; everything
comes from /static. ``POLICY`` is the one place the Content-Security-Policy is built
from. The reader's site may frame the embedded players a reader starts
(``content.embeds.FRAME_ORIGINS``; a page showing a Mastodon post names its server too,
``frame_policy``); the newsroom frames nothing but its own previews.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thepost.content import embeds

ADMIN_PREFIX = "/admin"

# directive -> sources. 'self' covers /static and /media (pages use no data: pictures).
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'self'",),
}

PERMISSIONS = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
    "interest-cohort=(), browsing-topics=()"
)


def content_security_policy(
    *, media_url: str = "", admin: bool = False, frames: Sequence[str] = ()
) -> str:
    """The policy text: ``POLICY`` plus the media host (a CDN) for pictures, and on the
    reader's site the embedded players' origins (and ``frames``, a page's own)."""
    directives = {name: list(sources) for name, sources in POLICY.items()}
    if media_url.startswith(("http://", "https://")):
        directives["img-src"].append(_origin(media_url))
    if not admin:
        directives["frame-src"] = ["'self'", *embeds.FRAME_ORIGINS, *frames]
    directives["frame-ancestors"] = ["'none'" if admin else "'self'"]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def frame_policy(media_url: str, htmls: Sequence[str]) -> dict[str, str]:
    """The header a reader's page sets itself when it shows a Mastodon post (the
    server's origin named), or none."""
    origins = embeds.frame_origins(htmls)
    if not origins:
        return {}
    return {"content-security-policy": content_security_policy(media_url=media_url, frames=origins)}


def _origin(url: str) -> str:
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}"


Headers = list[tuple[bytes, bytes]]


def header_sets(media_url: str = "", hsts_seconds: int = 0) -> dict[tuple[bool, bool], Headers]:
    """Headers by (is the newsroom, is HTTPS)."""
    sets: dict[tuple[bool, bool], Headers] = {}
    for admin in (False, True):
        common = [
            (
                b"content-security-policy",
                content_security_policy(media_url=media_url, admin=admin).encode(),
            ),
            (b"x-content-type-options", b"nosniff"),
            (
                b"referrer-policy",
                b"same-origin" if admin else b"strict-origin-when-cross-origin",
            ),
            (b"permissions-policy", PERMISSIONS.encode()),
            (b"cross-origin-opener-policy", b"same-origin"),
            (b"x-frame-options", b"DENY" if admin else b"SAMEORIGIN"),
        ]
        sets[(admin, False)] = common
        hsts = f"max-age={hsts_seconds}; includeSubDomains".encode()
        secure = [(b"strict-transport-security", hsts)] if hsts_seconds > 0 else []
        sets[(admin, True)] = common + secure
    return sets


class SecurityHeaders:
    """Pure ASGI middleware: appends the headers to ``http.response.start`` (a header the
    app set itself is left alone)."""

    def __init__(self, app: Any, *, media_url: str = "", hsts_seconds: int = 0) -> None:
        self.app = app
        self.sets = header_sets(media_url, hsts_seconds)
        self.names = {name for name, _ in self.sets[(True, True)]}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        path = scope["path"]
        admin = path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")
        extra = self.sets[(admin, scope.get("scheme") == "https")]

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                present = {name.lower() for name, _ in headers} & self.names
                headers.extend(h for h in extra if h[0] not in present)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
