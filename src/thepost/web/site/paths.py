"""Who answers a path whose first segment is no route's own: ``/x`` and ``/x/y`` are a
section and an article first, a page (``page_views``) when there is none.

An article wins at its own address. At another (an old slug, a wrong section, which it
would answer with a 301 whatever the first segment), a page at that exact path wins over
the redirect: a live page is shown, a page that moved from there redirects to where it is
now. So an article named like a page's child never hides the page.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from thepost.web.site import page_views
from thepost.web.site import views as site


def first_level(request: Request) -> Response:
    try:
        return site.section(request)
    except HTTPException as exc:
        if exc.status_code != 404:
            raise
    found = page_views.answer(request, page_views.path_of(request))
    if found is None:
        raise HTTPException(404)
    return found


async def second_level(request: Request) -> Response:
    article: Response | None = None
    try:
        article = await site.article(request)
    except HTTPException as exc:
        if exc.status_code != 404:
            raise
    if article is not None and article.status_code != 301:
        return article
    found = await run_in_threadpool(page_views.answer, request, page_views.path_of(request))
    if found is not None:
        return found
    if article is not None:
        return article
    raise HTTPException(404)
