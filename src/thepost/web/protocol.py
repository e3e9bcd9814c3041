"""uvicorn's HTTP protocol (httptools) with kept pages answered inside it.

A request the page cache answers from memory (``PageCache.lookup`` returns a ``Reply``)
is written to the socket as soon as it is parsed: the status line, the server's own
headers (the date), the reply's ready-made header lines and its body. No ASGI scope, no
task, no messages. Everything else takes uvicorn's usual path, where the same
``PageCache.lookup`` decides again: misses, requests the cache leaves to the app, a
request that arrives while an earlier one on the connection is still being answered (so
pipelined answers keep their order), a client that has stopped reading (uvicorn waits
for it), ``Expect: 100-continue``, upgrades, and every request when the access log is
on. Keep-alive, HTTP/1.0 and ``Connection: close`` are honoured as uvicorn honours them::

    uvicorn.run(app, http="thepost.web.protocol:CachedHttpProtocol")

``app`` (or the app uvicorn's middleware wraps) carries the cache as ``page_cache``;
without one this is uvicorn's protocol unchanged.

This subclasses uvicorn's ``HttpToolsProtocol`` and relies on its internals, which are
not a public API: ``STATUS_LINE``; the parser callbacks ``on_message_begin``,
``on_headers_complete``, ``on_body``, ``on_message_complete``; the attributes ``url``,
``headers``, ``expect_100_continue``, ``scope``, ``cycle.response_complete``,
``pipeline``, ``flow.write_paused``, ``parser``, ``root_path``, ``transport``,
``server_state.default_headers`` and ``total_requests``, ``timeout_keep_alive(_task,
_handler)``, ``loop``, ``config.access_log``, ``access_log``; and the method
``_unset_keepalive_if_required``. ``pyproject.toml`` pins uvicorn to the minor version
``tests/cache/test_protocol.py`` passes with; moving the pin means running it again.
"""

from __future__ import annotations

import urllib.parse
from typing import Any

import httptools
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from thepost.cache.store import Reply
from thepost.web.pagecache import PageCache


def find_cache(app: Any) -> PageCache | None:
    """The page cache of ``app``, looking through the layers uvicorn wraps it in (each
    keeps the app it wraps as ``.app``)."""
    for _ in range(8):
        if app is None or hasattr(app, "page_cache"):
            break
        app = getattr(app, "app", None)
    cache = getattr(app, "page_cache", None)
    return cache if isinstance(cache, PageCache) else None


class CachedHttpProtocol(HttpToolsProtocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        logged = self.config.access_log and self.access_log  # each request, by uvicorn
        self.cache = None if logged else find_cache(self.app)
        self.reply: Reply | None = None  # parsed and found; sent once the request ends
        self.reply_keep_alive = True
        self.defaults: tuple[list[tuple[bytes, bytes]], bytes] = ([], b"")

    # The scope is made only for a request that goes to the app (``on_headers_complete``).
    def on_message_begin(self) -> None:
        self.url = b""
        self.expect_100_continue = False
        self.headers = []

    def on_headers_complete(self) -> None:
        reply = self._kept() if self.cache is not None else None
        if reply is not None:
            self.reply = reply
            parser = self.parser
            self.reply_keep_alive = parser.get_http_version() != "1.0" and (
                parser.should_keep_alive()
            )
            return
        url, headers, expect = self.url, self.headers, self.expect_100_continue
        super().on_message_begin()  # the scope, which resets what was parsed: put it back
        self.url, self.headers, self.expect_100_continue = url, headers, expect
        self.scope["headers"] = headers
        super().on_headers_complete()

    def _kept(self) -> Reply | None:
        cycle = self.cycle
        if (
            (cycle is not None and not cycle.response_complete)
            or self.pipeline
            or self.flow.write_paused
            or self.expect_100_continue
            or self.parser.should_upgrade()
        ):
            return None
        url = httptools.parse_url(self.url)  # as uvicorn makes the scope's path
        path = url.path.decode("ascii")
        if "%" in path:
            path = urllib.parse.unquote(path)
        method = self.parser.get_method().decode("ascii")
        assert self.cache is not None
        found = self.cache.lookup(method, self.root_path + path, url.query or b"", self.headers)
        return found if isinstance(found, Reply) else None

    def on_body(self, body: bytes) -> None:
        if self.reply is None:
            super().on_body(body)
        # else: a body on a GET means nothing to a page; it is read and dropped

    def on_message_complete(self) -> None:
        reply = self.reply
        if reply is None:
            return super().on_message_complete()
        self.reply = None
        self._send(reply)

    def _send(self, reply: Reply) -> None:
        transport = self.transport
        if transport.is_closing():
            return
        defaults = self.server_state.default_headers  # a new list when the date changes
        if defaults is not self.defaults[0]:
            self.defaults = (defaults, b"".join(b"%s: %s\r\n" % pair for pair in defaults))
        close = b"" if self.reply_keep_alive else b"connection: close\r\n"
        status = STATUS_LINE[reply.status]
        transport.write(b"".join((status, self.defaults[1], reply.lines, close, b"\r\n")))
        if reply.body:
            transport.write(reply.body)
        self.server_state.total_requests += 1
        if not self.reply_keep_alive:
            transport.close()
            return
        self._unset_keepalive_if_required()  # an idle connection closes, as after any reply
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )
