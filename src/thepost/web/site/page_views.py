"""Pages beside the news (About, Contact, ...), as readers see them.

A page lives at its path (``/about``, ``/about/team``), the same first segments sections
take: a section or article there wins (``paths``), and a page answers when there is
none. A page that moved answers 301 from each address it had.
"""

from __future__ import annotations

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from thepost.content import page_queries
from thepost.content.models import Page
from thepost.content.page_queries import PageView
from thepost.web import deps, urls
from thepost.web.site import alternates, meta, params, rendering


def page(request: Request) -> Response:
    """A page three or more levels deep (``/a/b/c``); shallower ones come through the
    section and article routes (``paths``)."""
    found = answer(request, path_of(request))
    if found is None:
        raise HTTPException(404)
    return found


def path_of(request: Request) -> str:
    """The page path a request under a section's first segment names."""
    names = ("section", "slug", "rest")
    return "/".join(str(request.path_params[n]) for n in names if n in request.path_params)


def answer(request: Request, path: str) -> Response | None:
    """The live page at ``path``, a 301 to where the page that had it is now, or None."""
    if len(path) > page_queries.MAX_PATH or params.CONTROL.search(path):
        return None
    services = deps.services(request)
    now = services.clock()
    with services.page_reads() as session:
        language = rendering.edition(request, session).edition
        found = page_queries.live_page(session, path, now=now, language=language)
        if found is not None:
            return render(request, session, found)
        moved = page_queries.moved(session, "/".join(filter(None, (language, path))), now=now)
    if moved is None:
        return None
    return RedirectResponse(urls.page_path(moved), status_code=301)


def render(request: Request, session: Session, found: PageView) -> Response:
    """The page's HTML; for a page not stored (the newsroom's live preview) too."""
    services = deps.services(request)
    head = meta.page(rendering.base_url(request), services.media_urls, found)
    return rendering.render(
        request,
        session,
        "site/page.html",
        bodies=(found.page.body_html,),
        page=found.page,
        crumbs=found.crumbs,
        children=found.children,
        meta=head,
        alternates=alternates.versions(request, session, Page, found.page),
    )
