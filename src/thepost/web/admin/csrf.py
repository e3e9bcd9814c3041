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

from starlette.datastructures import FormData
from starlette.requests import Request

FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def token_ok(expected: str, request: Request, form: FormData | None) -> bool:
    sent = request.headers.get(HEADER, "")
    if not sent and form is not None:
        value = form.get(FIELD, "")
        sent = value if isinstance(value, str) else ""
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())
