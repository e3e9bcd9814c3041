"""Whether a state-changing request comes from the site's own pages: the one rule for the
newsroom's forms and the public comment form alike.

- ``Sec-Fetch-Site``, when the browser sends it, must be ``same-origin`` (or ``none``:
  typed in the address bar, a bookmark);
- ``Origin`` (or, without it, ``Referer``) must be the site's ``base_url`` or the host the
  request was sent to (``null``, from sandboxed frames and ``file://``, never is);
- a request with none of these hints (old browsers, non-browser clients) passes here:
  the form's own token (the admin's CSRF token, the comment form's signed stamp) decides.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request


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
        return origin.lower() in allowed
    referer = request.headers.get("referer")
    if referer:
        return _origin(referer) in allowed
    return True
