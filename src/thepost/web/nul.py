"""Requests whose path or query string carries a NUL character are refused with a 400
before any view reads them. No URL of the site holds one, and PostgreSQL can neither
store nor compare text with one (a NUL reaching a query is an error there, a 500), so
refusing them once here spares every view from checking each parameter::

    app.add_middleware(RefuseNul)
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from thepost.web.errors import error_page


def carries_nul(path: str, query: bytes) -> bool:
    return "\x00" in path or b"%00" in query or b"\x00" in query


class RefuseNul:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and carries_nul(scope["path"], scope["query_string"]):
            message = "That address holds a character no page of this site can have."
            response = error_page(Request(scope), 400, message)
            return await response(scope, receive, send)
        await self.app(scope, receive, send)
