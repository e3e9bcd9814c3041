"""The web layer's one way to the running site's parts: ``services(request)``.

``app.create_app`` keeps the ``Services`` it built on the application; views, the admin's
request wrapper and the error pages read it here, typed, instead of from
``request.app.state`` each on its own.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import cast

from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response

from thepost.services import Services


def services(request: HTTPConnection) -> Services:
    return cast(Services, request.app.state.services)


def on_loop_locally(
    view: Callable[[Request], Response],
) -> Callable[[Request], Awaitable[Response]]:
    """``view``, a reader's page made of stored parts in a few indexed reads, run on the
    event loop where the database is a local SQLite file (``Services.reads_on_loop``):
    there its reads never wait, and the page costs less than the hop to a worker thread
    and back, which takes the interpreter's lock either way. On PostgreSQL it runs in
    the thread pool: a network round trip or a wait for a pooled connection on the loop
    would stall every request of the worker."""

    @functools.wraps(view)
    async def answer(request: Request) -> Response:
        if services(request).reads_on_loop:
            return view(request)
        return await run_in_threadpool(view, request)

    return answer
