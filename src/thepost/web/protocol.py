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

What a kept page costs is mostly the kernel's: the system calls, the segments, copying the
body into the socket and, with ``Connection: close``, the connection itself. So the head
and the body leave in one system call and the same segments (two writes sent the head in
a segment of its own): joined when the body is small, side by side (``writev``) when it
is not; a body of ``SENDFILE_MIN`` bytes or more is sent from its file with
``sendfile(2)`` (the head first, with ``MSG_MORE``), as nginx sends a static file,
whenever nothing is waiting in the transport's buffer; whatever the socket does not take
at once is left to the transport, as any write. A connection costs as little as uvicorn
allows: the attributes every connection starts with are copied from the first one's, and
the addresses of both ends (three or four system calls) are read only when a request
goes to the app, which puts them in the scope.

This subclasses uvicorn's ``HttpToolsProtocol`` and relies on its internals, which are
not a public API: ``STATUS_LINE``; the parser callbacks ``on_message_begin``,
``on_headers_complete``, ``on_body``, ``on_message_complete``; the attributes ``url``,
``headers``, ``expect_100_continue``, ``scope``, ``cycle.response_complete``,
``pipeline``, ``flow`` (``FlowControl``) and ``flow.write_paused``, ``parser``,
``root_path``, ``transport``, ``connections``, ``logger``, ``server``, ``client``,
``scheme``, ``server_state.default_headers`` and ``total_requests``,
``timeout_keep_alive(_task, _handler)``, ``loop``, ``config.access_log``, ``access_log``;
``__init__`` setting only the parser and the pipeline apart from what the server, its
configuration and its state give every connection; and the method
``_unset_keepalive_if_required``. ``pyproject.toml`` pins uvicorn to the minor version
``tests/cache/test_protocol.py`` passes with; moving the pin means running it again.
"""

from __future__ import annotations

import os
import socket
import urllib.parse
from collections import deque
from typing import Any

import httptools
from uvicorn.config import Config
from uvicorn.logging import TRACE_LOG_LEVEL
from uvicorn.protocols.http.flow_control import FlowControl
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.protocols.utils import get_local_addr, get_remote_addr, is_ssl
from uvicorn.server import ServerState

from thepost.cache.store import Reply
from thepost.web.pagecache import PageCache

# How a kept page is written (measured on loopback, bench/README.md "Cached pages at real
# sizes"): a body under JOIN_MAX joined to its head, one bytes object in one write; a
# larger one beside its head in one writev (no copy in Python); from SENDFILE_MIN on, from
# its file with sendfile(2), where the kernel's copy of the body into the socket starts to
# cost more than taking the file's pages (at 42 KB one writev took 21 µs of CPU against 23
# with sendfile; at 180 KB 40 against 38).
JOIN_MAX = 16 * 1024
SENDFILE_MIN = 128 * 1024


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
    cache: PageCache | None
    reply: Reply | None  # parsed and found; sent once the request ends
    reply_keep_alive: bool
    defaults: tuple[list[tuple[bytes, bytes]], bytes]  # the server's headers, as lines
    addressed: bool  # whether ``server`` and ``client`` have been read
    # The TCP socket's family, type, protocol and descriptor, for sendfile; () for any
    # other kind of connection, None until the first large body.
    sendfile_to: tuple[int, ...] | None
    # What uvicorn's __init__ gives every connection of one server, taken from the first.
    _shared: dict[str, Any] | None = None

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: Any = None,
    ) -> None:
        shared = type(self)._shared
        if (
            shared is None
            or shared["config"] is not config
            or shared["server_state"] is not server_state
            or shared["app_state"] is not app_state
            or (_loop is not None and shared["loop"] is not _loop)
        ):
            super().__init__(config, server_state, app_state, _loop)
            logged = self.config.access_log and self.access_log  # each request, by uvicorn
            self.cache = None if logged else find_cache(self.app)
            self.reply = None
            self.reply_keep_alive = True
            self.defaults = ([], b"")
            self.addressed = True
            self.sendfile_to = None
            shared = dict(vars(self))
            del shared["parser"], shared["pipeline"]
            type(self)._shared = shared
            return
        vars(self).update(shared)
        self.parser = httptools.HttpRequestParser(self)
        self.parser.set_dangerous_leniencies(lenient_data_after_close=True)  # as uvicorn
        self.pipeline = deque()

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        if self.cache is None or self.logger.level <= TRACE_LOG_LEVEL:
            return super().connection_made(transport)
        self.connections.add(self)
        self.transport = transport
        self.flow = FlowControl(transport)
        self.scheme = "https" if is_ssl(transport) else "http"
        self.addressed = False  # read by _address, for a request that goes to the app

    def _address(self) -> None:
        self.server = get_local_addr(self.transport)
        self.client = get_remote_addr(self.transport)
        self.addressed = True

    def connection_lost(self, exc: Exception | None) -> None:
        super().connection_lost(exc)
        self.sendfile_to = None

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
        if not self.addressed:
            self._address()
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
        body = reply.body
        if len(body) < JOIN_MAX:
            transport.write(b"".join((status, self.defaults[1], reply.lines, close, b"\r\n", body)))
        else:
            head = b"".join((status, self.defaults[1], reply.lines, close, b"\r\n"))
            if len(body) < SENDFILE_MIN:
                transport.writelines((head, body))
            else:
                self._send_file(transport, head, body, reply)
        self.server_state.total_requests += 1
        if not self.reply_keep_alive:
            transport.close()
            return
        self._unset_keepalive_if_required()  # an idle connection closes, as after any reply
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )

    def _send_file(self, transport: Any, head: bytes, body: bytes, reply: Reply) -> None:
        """The head, then the body from its file, straight to the socket while nothing waits
        in the transport's buffer; what the socket does not take (it is full, or the reader
        has gone) is handed to the transport, which sends it later or closes the connection
        as after any write."""
        to = self.sendfile_to
        if to is None:
            to = self.sendfile_to = self._sendfile_to(transport)
        file = reply.file() if to and transport.get_write_buffer_size() == 0 else None
        if file is None:
            transport.writelines((head, body))
            return
        sent = 0
        sock = socket.socket(*to)  # the transport's own socket: detached, never closed here
        try:
            sent = sock.send(head, socket.MSG_MORE)
            if sent == len(head):
                sent += os.sendfile(to[3], file, 0, len(body))
        except OSError:
            pass
        finally:
            sock.detach()
        if sent < len(head):
            transport.writelines((memoryview(head)[sent:], body))
        elif sent < len(head) + len(body):
            transport.write(memoryview(body)[sent - len(head) :])

    @staticmethod
    def _sendfile_to(transport: Any) -> tuple[int, ...]:
        sock = transport.get_extra_info("socket")
        if (
            sock is None
            or is_ssl(transport)  # the socket carries TLS records: the transport writes them
            or sock.type != socket.SOCK_STREAM
            or sock.family not in (socket.AF_INET, socket.AF_INET6)
        ):
            return ()
        return (sock.family, sock.type, sock.proto, sock.fileno())
