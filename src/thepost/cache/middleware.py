"""The page cache in front of the app: a pure ASGI layer, so a hit costs a dictionary
lookup and two ``send`` calls (no request object, no routing, no headers built).

Bypassed entirely: anything but GET and HEAD, paths under ``never`` (the newsroom, a
reader's own comments, health checks, files), requests whose cookies name one of
``personal_cookies`` (a newsroom sign-in, a commenter's pending comments), and query
strings too long to be a link. A response is stored only when it is a ``200`` that says
``Cache-Control: public`` (views opt in), sets no cookie, is not already encoded and
varies on nothing but the encoding. Everything else goes through untouched.

The key is the path and the query string with its parameters in a stable order and
tracking parameters (``utm_*``, ``fbclid``, ``gclid``) left out: the pages never read them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from thepost.cache.invalidation import Invalidator
from thepost.cache.store import Entry, Store, Variant, build, matches, not_modified_since

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_QUERY = 512
MAX_ENTRY = 2_000_000
TRACKING = (b"utm_", b"fbclid=", b"gclid=", b"mc_cid=", b"mc_eid=")


class PageCache:
    def __init__(
        self,
        app: ASGIApp,
        *,
        store: Store,
        invalidator: Invalidator,
        ttl: float,
        never: Iterable[str],
        personal_cookies: Iterable[str],
    ) -> None:
        self.app = app
        self.store = store
        self.invalidator = invalidator
        self.ttl = ttl
        self.never = tuple(never)
        self.personal = tuple(f"{name}=".encode() for name in personal_cookies)
        self._epoch = invalidator.epoch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            return await self.app(scope, receive, send)
        path: str = scope["path"]
        if path.startswith(self.never):
            return await self.app(scope, receive, send)
        accept = inm = ims = None
        for name, value in scope["headers"]:
            if name == b"accept-encoding":
                accept = value
            elif name == b"if-none-match":
                inm = value
            elif name == b"if-modified-since":
                ims = value
            elif name == b"cookie" and any(c in value for c in self.personal):
                return await self.app(scope, receive, send)
        query: bytes = scope["query_string"]
        if not query:
            key = path
        elif len(query) > MAX_QUERY:
            return await self.app(scope, receive, send)
        else:
            key = path + "?" + normalise(query)

        invalidator = self.invalidator
        invalidator.due()
        if invalidator.epoch != self._epoch:
            self.store.clear()
            self._epoch = invalidator.epoch
        entry = self.store.get(key)
        if entry is not None:
            return await _answer(entry.variant(accept), scope["method"], inm, ims, send)
        if not invalidator.storable:
            return await self.app(scope, receive, send)
        await self._fill(key, scope, receive, send, accept, inm, ims)

    async def _fill(
        self,
        key: str,
        scope: Scope,
        receive: Receive,
        send: Send,
        accept: Any,
        inm: Any,
        ims: Any,
    ) -> None:
        """A miss: run the app; store and answer from the entry when the page may be kept."""
        epoch = self._epoch
        method = scope["method"]  # a HEAD is rendered as a GET, kept, answered without body
        start: Message | None = None
        parts: list[bytes] = []
        size = 0
        passing = False

        async def capture(message: Message) -> None:
            nonlocal start, size, passing
            if passing:
                return await send(message)
            if message["type"] == "http.response.start":
                if _keepable(message):
                    start = message
                    return None
                passing = True
                return await send(message)
            if message["type"] != "http.response.body" or start is None:
                return await send(message)
            body = message.get("body", b"")
            parts.append(body)
            size += len(body)
            if size > MAX_ENTRY:  # too big to keep: let it through as it comes
                passing = True
                await send(start)
                return await send({**message, "body": b"".join(parts)})
            if message.get("more_body", False):
                return None
            entry = build(list(start["headers"]), b"".join(parts), self.ttl)
            if self._epoch == epoch and self.invalidator.epoch == epoch:
                self.store.put(key, entry)  # not when the pages changed while rendering
            return await _answer(entry.variant(accept), method, inm, ims, send)

        await self.app({**scope, "method": "GET"} if method == "HEAD" else scope, receive, capture)


def _keepable(start: Message) -> bool:
    if start["status"] != 200:
        return False
    public = False
    for name, value in start["headers"]:
        name = name.lower()
        if name == b"cache-control":
            value = value.lower()
            if b"private" in value or b"no-store" in value or b"no-cache" in value:
                return False
            public = b"public" in value
        elif name in (b"set-cookie", b"content-encoding") or (
            name == b"vary" and value.lower() != b"accept-encoding"
        ):
            return False
    return public


EMPTY = {"type": "http.response.body", "body": b""}


async def _answer(
    variant: Variant, method: str, inm: bytes | None, ims: bytes | None, send: Send
) -> None:
    """The kept page, or ``304`` when the client's copy is current: by ``If-None-Match``,
    or when there is none, by ``If-Modified-Since`` against the page's ``Last-Modified``."""
    if (inm is not None and matches(inm, variant.etag)) or (
        inm is None and ims is not None and not_modified_since(ims, variant.last_modified)
    ):
        await send(variant.start_304)
        await send(EMPTY)
        return
    await send(variant.start)
    await send(EMPTY if method == "HEAD" else variant.message)


def normalise(query: bytes) -> str:
    """Parameters in a stable order (by name, repeated names keep their order), tracking
    parameters and empty pieces left out."""
    pairs = [p for p in query.split(b"&") if p and not p.startswith(TRACKING)]
    pairs.sort(key=lambda p: p.partition(b"=")[0])
    return b"&".join(pairs).decode("latin-1")


__all__ = ["Entry", "PageCache"]
