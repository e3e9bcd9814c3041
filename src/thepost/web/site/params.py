"""Reading a reader page's path, query and form: bounded before any query runs (an
over-long or control-character slug, a junk page number: 404; a form too large: 413,
malformed: 400)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, unquote

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request

from thepost.content import queries
from thepost.content.queries import Page
from thepost.web import deps, urls

MAX_SLUG = 200
# Control characters (NUL above all, which PostgreSQL refuses in text) never reach a query.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def here(request: Request) -> str:
    """The request's path as the site writes its addresses (``urls``): a slug in another
    script percent-encoded, however the browser sent it."""
    return quote(unquote(request.url.path))


def paged(request: Request) -> str:
    """The page's own path, with ``?page=N`` past the first page (its canonical URL)."""
    number = page_number(request)
    return urls.with_page(here(request), number)


def page_number(request: Request) -> int:
    number = queries.parse_page(request.query_params.get("page"))
    if number is None:
        raise HTTPException(404)
    return number


def check_range(page: Page[Any]) -> None:
    if page.number > page.pages:
        raise HTTPException(404)


def slug(request: Request, name: str = "slug") -> str:
    slug: str = request.path_params[name]
    if len(slug) > MAX_SLUG or CONTROL.search(slug):
        raise HTTPException(404)
    return slug


def entry(request: Request) -> int | None:
    """``?entry=`` (a live blog entry's link) as a number; None when absent or junk."""
    raw = request.query_params.get("entry", "")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < len(raw) < 10 else None


async def form(request: Request, *, max_bytes: int, max_fields: int) -> FormData:
    """A reader's form (no files), its size checked before it is read."""
    length = request.headers.get("content-length", "")
    if not length.isdigit() or int(length) > max_bytes:
        raise HTTPException(413 if length.isdigit() else 411)
    try:
        return await request.form(max_files=0, max_fields=max_fields)
    except Exception as exc:  # malformed bodies from strangers are their error, not ours
        raise HTTPException(400) from exc


def text(form: FormData, name: str, limit: int | None = None) -> str:
    """A form's field as text ("" for a missing one or a file), cut at ``limit``."""
    value = form.get(name, "")
    return value[:limit] if isinstance(value, str) else ""


def secure(request: Request) -> bool:
    """Whether the reader's cookies are Secure: when the site is https (as the newsroom's
    cookies) or this request came by https (directly, or through a proxy listed in
    THEPOST_TRUSTED_PROXIES)."""
    base_url: str = deps.services(request).settings.base_url
    return base_url.startswith("https://") or request.url.scheme == "https"


def visitor(request: Request) -> str:
    """The keyed hash of the visitor's network address, what per-visitor limits count
    ("-" when the server does not know it)."""
    client = request.client.host if request.client else ""
    return deps.services(request).keys.hash("ip", client) if client else "-"
