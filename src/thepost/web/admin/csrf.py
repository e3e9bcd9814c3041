"""Cross-site request forgery checks for every state-changing admin request.

Two independent checks, both in the admin guard (``pages.py``):

- the request must come from the site's own pages: ``Sec-Fetch-Site`` (when sent) is
  same-origin, and ``Origin`` (or, without it, ``Referer``) is the site's ``base_url``
  or the host the request was sent to;
- it must carry the session's token, in the form field ``csrf_token`` or (htmx, fetch)
  the ``X-CSRF-Token`` header. The token is a keyed hash of the session's secret, so it
  needs no storage and changes with every login.
"""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from starlette.datastructures import FormData
from starlette.requests import Request

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def same_origin(request: Request, base_url: str) -> bool:
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return False
    allowed = {_origin(base_url), f"{request.url.scheme}://{request.headers.get('host', '')}"}
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.lower() in allowed  # "null" (sandboxed, file://) is never allowed
    referer = request.headers.get("referer")
    if referer:
        return _origin(referer) in allowed
    return True  # no browser-sent hint at all: the token alone decides


def token_ok(expected: str, request: Request, form: FormData | None) -> bool:
    sent = request.headers.get(HEADER, "")
    if not sent and form is not None:
        value = form.get(FIELD, "")
        sent = value if isinstance(value, str) else ""
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())
