"""The page cache in front of the app: a pure ASGI layer, so a hit costs a dictionary
lookup and two ``send`` calls (no request object, no routing, no headers built).
``lookup`` decides; the server's protocol (``protocol.py``) calls it too, and answers
hits before this layer is reached.

Bypassed entirely: anything but GET and HEAD, paths under ``never`` (the newsroom, a
reader's own comments, health checks, files), requests with an ``Authorization`` header
(the API read with a token), requests that carry one of
``personal_cookies`` (a newsroom sign-in; a commenter's pending comments, counted only
when its check says the value is genuine, so a made-up cookie cannot turn every request
into a render), and query strings too long to be a link. A response is stored only when
it is a ``200`` that says ``Cache-Control: public`` (views opt in), sets no cookie, is not
already encoded and varies on nothing but the encoding. Everything else goes through untouched.

The key is the path and the query parameters its page reads (``reads``, from the routes
table), each written as the page understands it, in a stable order: anything else
(``utm_*``, ``fbclid``, ``?x=1``, ``?x=2`` ...) leaves the key alone, since the page
ignores it too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode

from starlette.requests import cookie_parser

from thepost.cache.invalidation import Invalidator
from thepost.cache.store import Entry, Reply, Store, build

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_QUERY = 512
MAX_ENTRY = 2_000_000
# For a path, the query parameters its page reads, each with how its value is keyed.
Reads = Callable[[str], Mapping[str, Callable[[str], str]]]
# A cookie's check of its value; None: carrying the cookie at all makes a request personal.
CookieCheck = Callable[[str], bool] | None


class Miss(NamedTuple):
    """A request the cache may answer once the app has rendered the page."""

    key: str
    accept: bytes | None  # Accept-Encoding
    inm: bytes | None  # If-None-Match
    ims: bytes | None  # If-Modified-Since


class PageCache:
    def __init__(
        self,
        app: ASGIApp,
        *,
        store: Store,
        invalidator: Invalidator,
        ttl: float,
        never: Iterable[str],
        personal_cookies: Mapping[str, CookieCheck],
        reads: Reads,
    ) -> None:
        self.app = app
        self.store = store
        self.invalidator = invalidator
        self.ttl = ttl
        self.never = tuple(never)
        self.personal = dict(personal_cookies)
        self._marks = tuple(f"{name}=".encode() for name in self.personal)
        self.reads = reads
        self._epoch = invalidator.epoch

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        found = self.lookup(scope["method"], scope["path"], scope["query_string"], scope["headers"])
        if isinstance(found, Reply):
            await send(found.start)
            return await send(found.message)
        if found is None:
            return await self.app(scope, receive, send)
        await self._fill(found, scope, receive, send)

    def lookup(
        self, method: str, path: str, query: bytes, headers: Iterable[tuple[bytes, bytes]]
    ) -> Reply | Miss | None:
        """What the cache does with a request (``headers`` with lower-case names): answer
        it with a kept ``Reply`` (the page, a bodiless HEAD or a ``304``), render it and
        maybe keep it (a ``Miss``), or leave it to the app (None). The one decision, for
        this layer and for a server protocol that answers hits itself."""
        if method not in ("GET", "HEAD") or path.startswith(self.never):
            return None
        accept = inm = ims = None
        for name, value in headers:
            if name == b"accept-encoding":
                accept = value
            elif name == b"if-none-match":
                inm = value
            elif name == b"if-modified-since":
                ims = value
            elif name == b"authorization":
                return None  # an API token's answers are its own
            elif (
                name == b"cookie" and any(c in value for c in self._marks) and self._personal(value)
            ):
                return None
        key = path
        if query:
            if len(query) > MAX_QUERY:
                return None
            kept = keyed_query(query, self.reads(path))
            if kept:  # nothing the page reads: the page itself
                key = path + "?" + kept

        invalidator = self.invalidator
        invalidator.due()
        if invalidator.epoch != self._epoch:
            self.store.clear()
            self._epoch = invalidator.epoch
        entry = self.store.get(key)
        if entry is not None:
            return entry.variant(accept).reply(method, inm, ims)
        if not invalidator.storable:
            return None
        return Miss(key, accept, inm, ims)

    def _personal(self, header: bytes) -> bool:
        cookies = cookie_parser(header.decode("latin-1"))
        for name, check in self.personal.items():
            if name in cookies and (check is None or check(cookies[name])):
                return True
        return False

    async def _fill(self, miss: Miss, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app; store and answer from the entry when the page may be kept."""
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
                self.store.put(miss.key, entry)  # not when the pages changed while rendering
            reply = entry.variant(miss.accept).reply(method, miss.inm, miss.ims)
            await send(reply.missed())
            return await send(reply.message)

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


def keyed_query(query: bytes, reads: Mapping[str, Callable[[str], str]]) -> str:
    """The parameters of ``query`` that the page reads, as ``reads`` writes them, sorted by
    name; a repeated name counts once, with its last value (as the page reads it)."""
    if not reads:
        return ""
    values = dict(parse_qsl(query.decode("latin-1")))
    kept = {name: reads[name](value) for name, value in values.items() if name in reads}
    return urlencode(sorted((name, value) for name, value in kept.items() if value))


__all__ = ["Entry", "Miss", "PageCache", "Reply"]
