"""What the translations of other platforms' APIs share (``ghost.py``, ``wordpress.py``):
a request's parameters read loosely (as those platforms do), the view run in a worker
thread, errors in the platform's own shape, and answers anyone may read kept by the page
cache like pages, keyed by the parameters the translation reads."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from thepost.services import Services
from thepost.web import deps
from thepost.web.api import content, formats
from thepost.web.api.base import dumps
from thepost.web.api.framework import NO_STORE
from thepost.web.site.rendering import CACHE_CONTROL


class CompatError(Exception):
    def __init__(self, status: int, kind: str, message: str, context: str = "") -> None:
        super().__init__(message)
        self.status, self.kind, self.message, self.context = status, kind, message, context


@dataclass
class Ask:
    services: Services
    now: datetime
    links: formats.Links
    params: dict[str, str]
    path: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)  # the answer's, set by the view

    def names(self, key: str) -> list[str]:
        return [n.strip() for n in self.params.get(key, "").split(",") if n.strip()]

    def number(self, key: str, default: int, low: int, high: int, kind: str) -> int:
        raw = self.params.get(key, str(default))
        if not raw.isdigit() or not low <= int(raw) <= high:
            raise CompatError(400, kind, f"{key} must be a number from {low} to {high}.", key)
        return int(raw)


View = Callable[[Ask], Any]
Check = Callable[[Request, Services], None]
Problem = Callable[[CompatError], Any]


def route(
    path: str, view: View, name: str, *, reads: Iterable[str], problem: Problem,
    check: Check | None = None,
) -> Route:  # fmt: skip
    async def handle(request: Request) -> Response:
        services = deps.services(request)
        try:
            if check is not None:
                await run_in_threadpool(check, request, services)
            ask = Ask(
                services, services.clock(), content.links_of(services),
                {k: v[:2000] for k, v in request.query_params.items()}, dict(request.path_params),
            )  # fmt: skip
            data = await run_in_threadpool(view, ask)
        except CompatError as exc:
            return Response(
                dumps(problem(exc)), status_code=exc.status, media_type="application/json",
                headers={"Cache-Control": NO_STORE, "Access-Control-Allow-Origin": "*"},
            )  # fmt: skip
        headers = {
            "Cache-Control": CACHE_CONTROL,
            "Access-Control-Allow-Origin": "*",
            "Access-Control-Expose-Headers": ", ".join(ask.headers) or "Link",
            "Vary": "Accept-Encoding",
            **ask.headers,
        }
        return Response(dumps(data), media_type="application/json", headers=headers)

    handle.__name__ = view.__name__
    made = Route(path, handle, name=name, methods=["GET", "HEAD"])
    made.query_reads = {key: _same for key in reads}  # type: ignore[attr-defined]
    return made


def _same(value: str) -> str:
    return value


def page_of(items: list[Any], number: int, size: int) -> list[Any]:
    return items[(number - 1) * size : number * size]
