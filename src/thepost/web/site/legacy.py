"""Old addresses answer one 301 to what they named, wherever it lives now.

Asked only when nothing else answers (a 404 on GET or HEAD) and by the home page for
its plain-permalink parameters (``/?p=12``), so the site's own pages never pay for it.
A path that differs from a page's only by a trailing slash (``/tag/storms/``, as a
WordPress link is written) is sent to that page with a 301 too: one hop, never the
framework's 307 followed by ours."""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Match

from thepost.content import page_queries, queries, redirects
from thepost.content.models import Article, Author, Redirect, Section, Tag
from thepost.media.images import rendition_key
from thepost.services import Services
from thepost.web import deps, urls

MAX_PATH = 500


def redirect(request: Request) -> Response | None:
    """The 301 for an old address, or None."""
    path, query = request.url.path, request.query_params
    if len(path) > MAX_PATH or request.method not in ("GET", "HEAD"):
        return None
    services = deps.services(request)
    with services.reads() as session:
        row = redirects.lookup(session, path, query)
        target = _address(session, services, row) if row is not None else None
    if target is None and path.endswith("/") and path != "/":
        target = _without_slash(request)
    asked = path + (f"?{request.url.query}" if request.url.query else "")
    if target is None or target == asked:  # the page itself, not live: a 404 it is
        return None
    return RedirectResponse(target, status_code=301)


def _address(session: Session, services: Services, row: Redirect) -> str | None:
    """The current address of a redirect's target (when readers may see it), or None."""
    if row.kind == "url":
        return row.url or None
    if row.target_id is None:
        return None
    if row.kind == "image":
        image = queries.image(session, row.target_id)
        if image is None or not image.renditions:
            return None
        return services.media_urls.url(rendition_key(image.sha256, max(image.renditions), "jpg"))
    if row.kind == "page":
        path = page_queries.paths(session, live_only=services.clock()).get(row.target_id)
        return None if path is None else urls.page_path(path) + row.url
    found = queries.addressed(session, row.kind, row.target_id, now=services.clock())
    if isinstance(found, Article):
        return urls.article(found) + row.url
    if isinstance(found, Section):
        return urls.section(found) + row.url
    if isinstance(found, Tag):
        return urls.tag(found) + row.url
    if isinstance(found, Author):
        return urls.author(found) + row.url
    return None


def _without_slash(request: Request) -> str | None:
    scope = {**request.scope, "path": request.url.path.rstrip("/")}
    for route in request.app.router.routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            query = request.url.query
            return scope["path"] + (f"?{query}" if query else "")
    return None
