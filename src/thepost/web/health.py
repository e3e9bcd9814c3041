"""Health checks for load balancers and orchestrators; never cached.

- ``/healthz``: the process is up and serving (no database work: cheap enough to ask
  every second).
- ``/readyz``: the database answers and its schema is at the newest migration this code
  ships; ``503`` otherwise, so a balancer sends no readers to a process that would fail.
"""

from __future__ import annotations

import logging

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from thepost.db import revisions
from thepost.web import deps

log = logging.getLogger(__name__)
HEADERS = {"Cache-Control": "no-store"}


async def healthz(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok\n", headers=HEADERS)


async def readyz(request: Request) -> PlainTextResponse:
    engine = deps.services(request).engine
    try:
        current = await run_in_threadpool(revisions.at_head, engine)
    except Exception as exc:  # any failure to reach the database means not ready
        log.warning("not ready: %s", exc)
        return PlainTextResponse("database unreachable\n", status_code=503, headers=HEADERS)
    if not current:
        return PlainTextResponse("migrations pending\n", status_code=503, headers=HEADERS)
    return PlainTextResponse("ready\n", headers=HEADERS)
