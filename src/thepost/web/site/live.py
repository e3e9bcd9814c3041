"""A live blog's two small URLs besides its page (``content.live``):

- ``/liveblog/<id>/updates?t=<moment>``: what changed lately, as JSON, for the page's script
  (``static/live.js``) to apply. ``t`` is the time in ``BUCKET``-second steps: every
  reader polling in the same moment asks the same URL, so the page cache answers all
  but the first (and a reader whose copy is current gets a ``304`` from its ETag); a
  change empties the cache in every process, so the next poll sees it. A moment far
  from now is refused, so the URL cannot be used to fill the cache.
- ``/liveblog/<id>/older?after=<entry>``: the entries below one, a page at a time: a page
  of its own without JavaScript, a fragment the script fetches with it.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from thepost.content import live
from thepost.errors import NotFound
from thepost.web import deps, urls
from thepost.web.site import meta, rendering

BUCKET = 10  # seconds: readers' polls in the same step share one URL
PAST = 360  # steps (an hour): a tab woken from sleep still asks a URL that is answered
LIVE = "site/_live.html"


def _article_id(request: Request) -> int:
    raw = request.path_params["article_id"]
    if not isinstance(raw, int) or raw <= 0 or raw >= 2**31:
        raise HTTPException(404)
    return raw


def updates(request: Request) -> Response:
    services = deps.services(request)
    now = services.clock()
    article_id = _article_id(request)
    current = int(now.timestamp()) // BUCKET
    raw = request.query_params.get("t", "")
    if raw and not (raw.isascii() and raw.isdigit() and len(raw) < 12):
        return _refused("t must be a whole number of 10-second steps since 1970.")
    if raw and not current - PAST <= int(raw) <= current + 1:
        return _refused("t is too far from now: use the current 10-second step.")
    with services.reads() as session:
        article = live.readers_blog(session, article_id, now=now)
        if article is None:
            raise HTTPException(404)
        changes = live.updates(session, article.id)
        blog = live.page(session, article, size=0)
        made = services.templates.module(LIVE, rendering.site_settings(services, session))
        entry, keys = made.entry, made.key_events
        data: dict[str, Any] = {
            "id": article.id,
            "status": article.live_status,
            "bucket": BUCKET,
            "count": blog.count if blog else 0,
            "key_events": str(keys(blog)) if blog else "",
            "changes": [
                {
                    "id": e.id,
                    "status": e.status,
                    "changed_at": e.changed_at.isoformat() if e.changed_at else "",
                    "posted_at": e.posted_at.isoformat(),
                    "pinned": e.pinned,
                    "html": str(entry(e, article)) if e.status == "posted" else "",
                }
                for e in changes
            ],
        }
    headers = {"Cache-Control": f"public, max-age={BUCKET}", "Access-Control-Allow-Origin": "*"}
    return JSONResponse(data, headers=headers)


def _refused(message: str) -> Response:
    return JSONResponse({"error": message}, status_code=400, headers={"Cache-Control": "no-store"})


def older(request: Request) -> Response:
    services = deps.services(request)
    now = services.clock()
    article_id = _article_id(request)
    raw = request.query_params.get("after", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) < 12):
        raise HTTPException(404)
    with services.reads() as session:
        article = live.readers_blog(session, article_id, now=now)
        if article is None:
            raise HTTPException(404)
        try:
            entries, more = live.older(session, article, int(raw))
        except NotFound:
            raise HTTPException(404) from None
        head = meta.plain(rendering.base_url(request), urls.live_older(article.id, int(raw)))
        return rendering.render(
            request,
            session,
            "site/live_older.html",
            article=article,
            entries=entries,
            more=urls.live_older(article.id, entries[-1].id) if more and entries else "",
            meta=head,
            bodies=[Markup(e.html) for e in entries],
        )
