"""Static assets and media files, with the caching their URLs allow.

Assets are linked with a content hash (``/static/site.css?v=<hash>``) and image
renditions live under the original's sha256 (``/media/img/ab/<sha256>/640.webp``): a
changed file gets a new URL, so both are cached for a year as ``immutable``. Media are
read from the media store (a directory or a bucket), streamed in chunks."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from thepost.errors import Unavailable
from thepost.media.storage import cache_control, content_type
from thepost.web import deps
from thepost.web.errors import error_page

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"


class _CachedFiles(StaticFiles):
    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200):  # type: ignore[no-untyped-def]
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = IMMUTABLE
        return response


def files() -> StaticFiles:
    return _CachedFiles(directory=STATIC_DIR)


def media(request: Request) -> Response:
    """A file of the media store (a sync view: the store may be a bucket across the
    network, and Starlette runs this in its thread pool)."""
    key = request.path_params["key"]
    try:
        stored = deps.services(request).storage.get(key)
    except Unavailable as exc:
        return error_page(request, 503, str(exc), headers={"Retry-After": "10"})
    if stored is None:
        raise HTTPException(404)
    headers = {
        "Cache-Control": cache_control(key),
        "ETag": stored.etag,
        "Content-Length": str(stored.size),
        "Content-Type": content_type(key),
        "X-Content-Type-Options": "nosniff",
    }
    matches = request.headers.get("if-none-match", "")
    if stored.etag in (tag.strip() for tag in matches.split(",")):
        stored.close()
        del headers["Content-Length"]
        return Response(None, 304, headers)
    if request.method == "HEAD":
        stored.close()
        return Response(None, 200, headers)
    return StreamingResponse(stored.chunks, headers=headers)


@cache
def version(name: str) -> str:
    """The file's content hash; "missing" for a built asset not built (``make install``
    builds them): its page still works, without it."""
    path = STATIC_DIR / name
    if not path.exists():
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
