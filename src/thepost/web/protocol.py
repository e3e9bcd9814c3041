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

    uvicorn.run(app, http="thepost.web.protocol:HitProtocol")

``app`` (or the app uvicorn's middleware wraps) carries the cache as ``page_cache``;
without one this is uvicorn's protocol unchanged.

Two protocols share the work. A connection starts with ``HitProtocol``, which is nothing
but the parser and what a kept page needs: most readers' connections (one page, or a
few, then gone) never cost more. At the first request it does not answer it hands the
connection, with that request's bytes, to ``CachedHttpProtocol`` (uvicorn's
``HttpToolsProtocol``, answering kept pages the same way), which serves the rest of the
connection. Making uvicorn's protocol for a connection (its flow control, the pipeline, the
timers) costs about as much as answering the page in Python: with ``Connection: close``,
starting with ``HitProtocol`` saves 5–10 µs of a hit's 45–60 µs of CPU, kernel included
(bench/README.md "Cached pages at real sizes: a connection's first page without
uvicorn's protocol").

What a kept page costs is mostly the kernel's: the system calls, the segments, copying the
body into the socket and, with ``Connection: close``, the connection itself. So the head
and the body leave in one system call and the same segments (two writes sent the head in
a segment of its own): joined when the body is small, side by side (``writev``) when it
is not; a body of ``SENDFILE_MIN`` bytes or more is sent from its file with
``sendfile(2)`` (the head first, with ``MSG_MORE``), as nginx sends a static file,
whenever nothing is waiting in the transport's buffer; whatever the socket does not take
at once is left to the transport, as any write. ``CachedHttpProtocol`` costs as little
as uvicorn allows: the attributes every connection starts with are copied from the first
one's, and the addresses of both ends (three or four system calls) are read only when a
request goes to the app, which puts them in the scope.

``CachedHttpProtocol`` subclasses uvicorn's ``HttpToolsProtocol`` and relies on its
internals, which are not a public API: ``STATUS_LINE``; the parser callbacks
``on_message_begin``, ``on_headers_complete``, ``on_body``, ``on_message_complete``; the
attributes ``url``, ``headers``, ``expect_100_continue``, ``scope``,
``cycle.response_complete``, ``pipeline``, ``flow`` (``FlowControl``) and
``flow.write_paused``, ``parser``, ``root_path``, ``transport``, ``connections``,
``logger``, ``server``, ``client``, ``scheme``, ``server_state.default_headers`` and
``total_requests``, ``timeout_keep_alive(_task, _handler)``, ``loop``,
``config.access_log``, ``access_log``; ``__init__`` setting only the parser and the
pipeline apart from what the server, its configuration and its state give every
connection; and the method ``_unset_keepalive_if_required``. ``HitProtocol`` relies on
uvicorn calling the protocol class with the config, the server's state and the app's, on
``server_state.connections`` (uvicorn calls ``shutdown()`` on each at a graceful stop
and waits for the set to empty), and on asyncio's ``Transport.set_protocol``.
``pyproject.toml`` pins uvicorn to the minor version ``tests/cache/test_protocol.py``
passes with; moving the pin means running it again.
"""

from __future__ import annotations

import asyncio
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


def _kept(
    cache: PageCache, root_path: str, method: bytes, url: bytes, headers: list[tuple[bytes, bytes]]
) -> Reply | None:
    """The kept answer to a request, if the cache has one."""
    parsed = httptools.parse_url(url)  # as uvicorn makes the scope's path
    path = parsed.path.decode("ascii")
    if "%" in path:
        path = urllib.parse.unquote(path)
    found = cache.lookup(method.decode("ascii"), root_path + path, parsed.query or b"", headers)
    return found if isinstance(found, Reply) else None


# The server's headers (the date) and their lines, replaced whole (servers in threads).
_defaults_joined: tuple[object, bytes] = (None, b"")


def _defaults(headers: list[tuple[bytes, bytes]]) -> bytes:
    """``ServerState.default_headers`` as header lines, joined again only when they change
    (a new list each second, for the date)."""
    global _defaults_joined
    found = _defaults_joined
    if headers is not found[0]:
        found = _defaults_joined = (headers, b"".join(b"%s: %s\r\n" % pair for pair in headers))
    return found[1]


class _Sender:
    """Writing a kept page: its head and body in one system call, or a large body from its
    file (``sendfile``)."""

    # The TCP socket's family, type, protocol and descriptor, for sendfile; () for any
    # other kind of connection, None until the first large body.
    __slots__ = ("sendfile_to",)
    sendfile_to: tuple[int, ...] | None

    def _write(
        self, transport: Any, server_state: ServerState, reply: Reply, keep_alive: bool
    ) -> bool:
        """``reply`` written, and the connection closed after it unless ``keep_alive``:
        whether the connection stays open."""
        if transport.is_closing():
            return False
        close = b"" if keep_alive else b"connection: close\r\n"
        status = STATUS_LINE[reply.status]
        defaults = _defaults(server_state.default_headers)
        body = reply.body
        if len(body) < JOIN_MAX:
            transport.write(b"".join((status, defaults, reply.lines, close, b"\r\n", body)))
        else:
            head = b"".join((status, defaults, reply.lines, close, b"\r\n"))
            if len(body) < SENDFILE_MIN:
                transport.writelines((head, body))
            else:
                self._send_file(transport, head, body, reply)
        server_state.total_requests += 1
        if not keep_alive:
            transport.close()
        return keep_alive

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


class CachedHttpProtocol(_Sender, HttpToolsProtocol):
    cache: PageCache | None
    reply: Reply | None  # parsed and found; sent once the request ends
    reply_keep_alive: bool
    addressed: bool  # whether ``server`` and ``client`` have been read
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
            self.addressed = True
            self.sendfile_to = None
            shared = dict(vars(self))
            del shared["parser"], shared["pipeline"]
            type(self)._shared = shared
            return
        vars(self).update(shared)
        self.sendfile_to = None
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
        assert self.cache is not None
        return _kept(self.cache, self.root_path, self.parser.get_method(), self.url, self.headers)

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
        if not self._write(self.transport, self.server_state, reply, self.reply_keep_alive):
            return
        self._unset_keepalive_if_required()  # an idle connection closes, as after any reply
        self.timeout_keep_alive_task = self.loop.call_later(
            self.timeout_keep_alive, self.timeout_keep_alive_handler
        )


class _Server:
    """What every connection of one server shares (``HitProtocol``)."""

    __slots__ = ("config", "server_state", "app_state", "cache", "root_path", "timeout")

    def __init__(self, config: Config, server_state: ServerState, app_state: dict[str, Any]):
        self.config = config
        self.server_state = server_state
        self.app_state = app_state
        first = CachedHttpProtocol(config, server_state, app_state)  # what uvicorn would do
        traced = first.logger.level <= TRACE_LOG_LEVEL
        self.cache = None if traced else first.cache
        self.root_path = config.root_path
        self.timeout = float(config.timeout_keep_alive)


class HitProtocol(_Sender, asyncio.Protocol):
    """Where a connection starts: kept pages answered with nothing but the parser, until a
    request that is anything else, when the connection is handed to ``CachedHttpProtocol``
    (uvicorn's protocol, which answers later hits itself too) with that request's bytes.

    A connection is answered here only while each chunk read holds exactly one whole
    request the cache answers (``PageCache.lookup``), with no ``Expect`` or upgrade, and
    the transport is not asking writes to pause. The parser is the same llhttp as
    uvicorn's with the same leniency, and the request it reads is handed on whole (the
    protocol sends nothing before it has read the whole chunk), so a request this protocol
    does not answer, or cannot parse, is read again by uvicorn's and answered as it would
    have been. With an access log, trace logging or no page cache, every connection is
    handed on at once.

    Keep-alive as uvicorn: closed after ``timeout_keep_alive`` seconds without a request
    once a reply has been sent, and after a reply to ``Connection: close`` or HTTP/1.0
    without keep-alive. On shutdown uvicorn closes it (there is never a reply in flight).
    """

    __slots__ = (
        "at",
        "begun",
        "ended",
        "headers",
        "idle",
        "keep_alive",
        "loop",
        "parser",
        "paused",
        "plain",
        "reply",
        "server",
        "transport",
        "url",
    )
    _server: _Server | None = None
    begun: int  # requests begun in the chunk being read
    ended: int  # and ended
    url: bytes
    headers: list[tuple[bytes, bytes]]
    plain: bool  # no Expect header
    reply: Reply | None  # the kept answer to the chunk's first request
    keep_alive: bool

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: Any = None,
    ) -> None:
        server = HitProtocol._server
        if (
            server is None
            or server.config is not config
            or server.server_state is not server_state
            or server.app_state is not app_state
        ):
            server = HitProtocol._server = _Server(config, server_state, app_state)
        self.server = server
        self.loop = _loop or asyncio.get_running_loop()  # made by the loop, in it
        self.transport: Any = None
        self.parser: Any = None
        self.idle: asyncio.TimerHandle | None = None
        self.at = 0.0  # when the last reply was sent
        self.paused = False
        self.sendfile_to = None

    def connection_made(self, transport: Any) -> None:  # type: ignore[override]
        if self.server.cache is None:
            self._hand_on(transport, b"")
            return
        self.transport = transport
        self.parser = parser = httptools.HttpRequestParser(self)
        parser.set_dangerous_leniencies(lenient_data_after_close=True)  # as uvicorn's
        self.server.server_state.connections.add(self)  # type: ignore[arg-type]

    def data_received(self, data: bytes) -> None:
        if self.paused:
            self._hand_on(self.transport, data)
            return
        self.begun = self.ended = 0
        self.reply = None
        try:
            self.parser.feed_data(data)
        except (httptools.HttpParserError, httptools.HttpParserUpgrade):
            self._hand_on(self.transport, data)
            return
        reply = self.reply
        if reply is None or self.begun != 1 or self.ended != 1:
            self._hand_on(self.transport, data)
            return
        if self._write(self.transport, self.server.server_state, reply, self.keep_alive):
            loop = self.loop
            self.at = loop.time()
            if self.idle is None:
                self.idle = loop.call_at(self.at + self.server.timeout, self._idle)

    # The parser's callbacks: a page is looked for in the chunk's first request only.
    def on_message_begin(self) -> None:
        self.begun += 1
        self.url = b""
        self.headers = []
        self.plain = True

    def on_url(self, url: bytes) -> None:
        self.url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        name = name.lower()
        if name == b"expect":
            self.plain = False  # never answered here: uvicorn says "100 Continue" if it should
        self.headers.append((name, value.rstrip(b" \t")))  # without trailing spaces, as uvicorn

    def on_headers_complete(self) -> None:
        parser = self.parser
        if self.begun != 1 or not self.plain or parser.should_upgrade():
            return
        server = self.server
        assert server.cache is not None
        self.reply = _kept(
            server.cache, server.root_path, parser.get_method(), self.url, self.headers
        )
        self.keep_alive = parser.get_http_version() != "1.0" and parser.should_keep_alive()

    def on_message_complete(self) -> None:
        self.ended += 1

    def _hand_on(self, transport: Any, data: bytes) -> None:
        """The connection to uvicorn's protocol, ``data`` the bytes it has to read first."""
        server = self.server
        if self.transport is not None:
            server.server_state.connections.discard(self)  # type: ignore[arg-type]
        self._stop_idle()
        self.transport = self.parser = None
        protocol = CachedHttpProtocol(
            server.config, server.server_state, server.app_state, self.loop
        )
        protocol.connection_made(transport)
        transport.set_protocol(protocol)
        if self.paused:
            protocol.pause_writing()
        if data:
            protocol.data_received(data)

    def _idle(self) -> None:
        self.idle = None
        transport = self.transport
        if transport is None or transport.is_closing():
            return
        due = self.at + self.server.timeout
        if self.loop.time() >= due:
            transport.close()
        else:
            self.idle = self.loop.call_at(due, self._idle)

    def _stop_idle(self) -> None:
        if self.idle is not None:
            self.idle.cancel()
            self.idle = None

    def pause_writing(self) -> None:
        self.paused = True

    def resume_writing(self) -> None:
        self.paused = False

    def eof_received(self) -> None:
        pass  # the transport closes

    def connection_lost(self, exc: Exception | None) -> None:
        self.server.server_state.connections.discard(self)  # type: ignore[arg-type]
        self._stop_idle()
        self.transport = self.parser = None  # the parser refers back to this protocol

    def shutdown(self) -> None:
        """Called by uvicorn on a graceful shutdown: no reply is ever in flight here."""
        if self.transport is not None:
            self.transport.close()
