"""The real server (uvicorn with ``HitProtocol`` handing connections on to
``CachedHttpProtocol``, the settings ``thepost serve`` uses) in a thread on a loopback
port, spoken to over raw sockets, on SQLite and PostgreSQL: kept pages are answered by
the protocols themselves with the same bytes, headers and rules as through the app, over
keep-alive and pipelined connections, on a connection's first request and after it has
been handed on."""

from __future__ import annotations

import gc
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import brotli
import pytest
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

import factories as f
from cache.steps import rewrite
from thepost.app import create_app
from thepost.cache.store import BodyFile, Reply
from thepost.server import SERVER
from thepost.web.protocol import (
    JOIN_MAX,
    SENDFILE_MIN,
    CachedHttpProtocol,
    HitProtocol,
    find_cache,
)

PATH = "/news/the-bridge-reopens"


class Counting:
    """An ASGI layer in front of the app that counts the requests reaching ASGI (the
    protocol finds the cache through it, as through uvicorn's own layers) and keeps the
    addresses each one's scope gave."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.calls = 0
        self.addresses: list[tuple[Any, Any]] = []

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.calls += 1
            self.addresses.append((scope["client"], scope["server"]))
        await self.app(scope, receive, send)


@pytest.fixture
def story(services):
    with services.writes.begin() as session:
        news = f.section(session, "News")
        return f.article(services, session, title="The bridge reopens", section=news)


@contextmanager
def serving(app: Any, **settings: Any) -> Iterator[tuple[int, Any]]:
    """The server on a free port, and a function that stops it (as on SIGTERM)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(app, **{**SERVER, "ws": "none", **settings})
    assert config.http == "thepost.web.protocol:HitProtocol"
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)

    def stop() -> None:
        server.should_exit = True
        thread.join(timeout=30)
        assert not thread.is_alive(), "the server did not stop"

    try:
        yield sock.getsockname()[1], stop
    finally:
        stop()
        sock.close()


@contextmanager
def running(app: Any, **settings: Any) -> Iterator[int]:
    with serving(app, **settings) as (port, _):
        yield port


@pytest.fixture
def server(settings, services, story) -> Iterator[tuple[int, Counting]]:
    app = Counting(create_app(settings, services=services))
    with running(app) as port:
        yield port, app


def request(path: str = PATH, method: str = "GET", version: str = "1.1", **headers: str) -> bytes:
    lines = [f"{method} {path} HTTP/{version}", "Host: 127.0.0.1"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class Response:
    def __init__(self, head: bytes, body: bytes) -> None:
        status, *lines = head.decode("latin-1").split("\r\n")
        self.status = int(status.split()[1])
        self.lines = [line for line in lines if not line.startswith("date: ")]
        self.headers = dict(line.split(": ", 1) for line in lines)
        self.body = body


def read(stream: Any, method: str = "GET") -> Response:
    head = b""
    while not head.endswith(b"\r\n\r\n"):
        line = stream.readline()
        assert line, "the connection closed before a response"
        head += line
    response = Response(head[:-4], b"")
    length = int(response.headers.get("content-length", "0"))
    if method != "HEAD" and response.status != 304:
        response.body = stream.read(length)
    return response


@contextmanager
def connection(port: int) -> Iterator[tuple[socket.socket, Any]]:
    with (
        socket.create_connection(("127.0.0.1", port), timeout=10) as sock,
        sock.makefile("rb") as stream,
    ):
        yield sock, stream


@pytest.mark.parametrize("first", ["miss", "hit"])
def test_a_keep_alive_connection_answers_hits_in_the_protocol(server, first) -> None:
    """After a miss (the connection handed on) or from its first request (a hit)."""
    port, app = server
    if first == "hit":
        with connection(port) as (sock, stream):
            sock.sendall(request())
            rendered = read(stream)
    with connection(port) as (sock, stream):
        if first == "miss":
            sock.sendall(request())
            rendered = read(stream)  # a miss: rendered through the app, kept
        assert rendered.status == 200 and b"The bridge reopens" in rendered.body
        assert app.calls == 1
        sock.sendall(request())
        kept = read(stream)
        # Byte for byte, but for saying which one was kept.
        assert (rendered.headers["x-cache"], kept.headers["x-cache"]) == ("miss", "hit")
        assert [line.replace("x-cache: miss", "x-cache: hit") for line in rendered.lines] == (
            kept.lines
        )
        assert kept.body == rendered.body
        assert "date" in kept.headers and "connection" not in kept.headers
        assert kept.headers["vary"] == "Accept-Encoding"

        sock.sendall(request(method="HEAD"))
        head = read(stream, "HEAD")
        assert head.lines == kept.lines and head.body == b""

        sock.sendall(request(If_None_Match=rendered.headers["etag"]))
        unchanged = read(stream)
        assert unchanged.status == 304 and unchanged.headers["etag"] == rendered.headers["etag"]
        assert "public" in unchanged.headers["cache-control"]

        sock.sendall(request(Accept_Encoding="gzip, br", Cookie="theme=dark"))
        br = read(stream)
        assert br.headers["content-encoding"] == "br" and br.headers["etag"].endswith('-br"')
        assert br.body != rendered.body
        sock.sendall(request(path=PATH + "?utm_source=mail"))
        assert read(stream).body == rendered.body  # the same key
        assert app.calls == 1  # none of these reached ASGI


@pytest.mark.parametrize("first", ["miss", "hit"])
def test_pipelined_requests_are_answered_in_order(server, first) -> None:
    port, app = server
    with connection(port) as (sock, stream):
        sock.sendall(request())
        page = read(stream).body
    with connection(port) as (sock, stream):
        if first == "miss":
            sock.sendall(request("/healthz"))
            assert read(stream).body == b"ok\n"
        calls = app.calls
        # in one write: hits, then requests for the app with hits behind them (those wait
        # in uvicorn's queue for the answers before them, so all keep their order)
        asked = [
            (request(), "GET"),
            (request(method="HEAD"), "HEAD"),
            (request(If_None_Match="*"), "GET"),
            (request("/healthz"), "GET"),
            (request(), "GET"),
            (request("/no-such-page"), "GET"),
            (request(Connection="close"), "GET"),
        ]
        sock.sendall(b"".join(raw for raw, _ in asked))
        answers = [read(stream, method) for _, method in asked]
        assert [a.status for a in answers] == [200, 200, 304, 200, 200, 404, 200]
        assert answers[0].body == answers[4].body == answers[6].body == page
        assert answers[1].body == answers[2].body == b""
        assert answers[3].body == b"ok\n"
        assert answers[6].headers["connection"] == "close"
        assert stream.read() == b""  # closed after the last
        assert app.calls == calls + 4  # the first three answered by the protocol


def test_http_1_0_gets_the_page_and_a_closed_connection(server) -> None:
    port, app = server
    with connection(port) as (sock, stream):
        sock.sendall(request())
        read(stream)
    with connection(port) as (sock, stream):
        sock.sendall(request(version="1.0"))
        answer = read(stream)
        assert answer.status == 200 and answer.headers["connection"] == "close"
        assert stream.read() == b""
    assert app.calls == 1


def test_a_signed_in_cookie_goes_to_the_app(server, services) -> None:
    port, app = server
    mine = services.keys.sign("thepost_mine", [1])
    with connection(port) as (sock, stream):
        sock.sendall(request())
        read(stream)
        calls = app.calls
        for cookie in ("thepost_session=xyz", f"a=1; thepost_mine={mine}"):
            sock.sendall(request(Cookie=cookie))
            assert read(stream).status == 200
        assert app.calls == calls + 2
        sock.sendall(request(Cookie="a=1; thepost_mine=made-up"))  # not signed here: shared
        assert read(stream).status == 200
        assert app.calls == calls + 2


def test_a_change_is_a_miss_on_the_same_connection(server, services, story) -> None:
    port, app = server
    with connection(port) as (sock, stream):
        sock.sendall(request())
        read(stream)
        rewrite(services, story, "Lorries still wait a week.")
        sock.sendall(request())
        assert b"Lorries still wait a week." in read(stream).body
        assert app.calls == 2
        sock.sendall(request())
        assert b"Lorries still wait a week." in read(stream).body
        assert app.calls == 2  # kept again


def test_without_a_page_cache_the_protocol_is_uvicorns(settings, services, story) -> None:
    settings = settings.model_copy(update={"page_cache": False})
    app = Counting(create_app(settings, services=services))
    assert find_cache(app) is None and find_cache(app.app) is None
    with running(app) as port, connection(port) as (sock, stream):
        for _ in range(2):
            sock.sendall(request())
            assert read(stream).status == 200
    assert app.calls == 2
    assert issubclass(CachedHttpProtocol, HttpToolsProtocol)
    assert SERVER["http"] == f"{HitProtocol.__module__}:{HitProtocol.__name__}"


def test_the_app_is_given_both_addresses_after_kept_pages(server) -> None:
    port, app = server
    with connection(port) as (sock, stream):
        sock.sendall(request())
        read(stream)  # rendered: the first request of this connection reached the app
    with connection(port) as (sock, stream):
        sock.sendall(request())
        assert read(stream).headers["x-cache"] == "hit"  # answered without them
        sock.sendall(request("/healthz"))
        assert read(stream).body == b"ok\n"
        mine = sock.getsockname()
    assert app.addresses[-1] == (mine, ("127.0.0.1", port))
    assert app.addresses[0][1] == ("127.0.0.1", port) and app.addresses[0][0] != mine


def test_a_new_connection_hands_on_what_it_does_not_answer(server) -> None:
    port, app = server
    with connection(port) as (sock, stream):
        sock.sendall(request())
        page = read(stream).body
    calls = app.calls
    # a request arriving in pieces: read again whole by uvicorn's protocol
    with connection(port) as (sock, stream):
        raw = request(Accept_Encoding="identity")
        for piece in (raw[:9], raw[9:30], raw[30:]):
            sock.sendall(piece)
            time.sleep(0.05)
        assert read(stream).body == page
        sock.sendall(request())
        assert read(stream).body == page  # answered after the hand-over too
    # Expect: 100-continue goes to the app, which answers from the cache
    with connection(port) as (sock, stream):
        sock.sendall(request(Expect="100-continue"))
        answer = read(stream)
        assert answer.status == 200 and answer.body == page
    # what the parser refuses: uvicorn's answer
    with connection(port) as (sock, stream):
        sock.sendall(b"GET /news/the-bridge-reopens HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")
        assert read(stream).status == 400
    # a request with a body and a method the cache does not answer
    with connection(port) as (sock, stream):
        sock.sendall(b"POST /search HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nq=a")
        assert read(stream).status in (403, 405)
    assert app.calls == calls + 2


def test_a_connection_answered_only_in_the_protocol_closes_when_idle(settings, services, story):
    app = Counting(create_app(settings, services=services))
    with running(app, timeout_keep_alive=1) as port:
        with connection(port) as (sock, stream):
            sock.sendall(request())
            read(stream)
        with connection(port) as (sock, stream):
            for _ in range(3):
                sock.sendall(request())
                assert read(stream).headers["x-cache"] == "hit"
                time.sleep(0.4)  # less than the timeout between requests
            started = time.monotonic()
            assert stream.read() == b""  # closed by the server (the socket's timeout: 10 s)
            assert time.monotonic() - started > 0.5  # once idle, not after the last reply


def test_the_server_stops_with_idle_connections_open(settings, services, story):
    app = Counting(create_app(settings, services=services))
    with serving(app, timeout_keep_alive=60) as (port, stop):
        with connection(port) as (sock, stream):
            sock.sendall(request())
            read(stream)
        with connection(port) as (sock, stream):
            sock.sendall(request())
            assert read(stream).headers["x-cache"] == "hit"
            started = time.monotonic()
            stop()
            assert stream.read() == b""  # closed by the server's shutdown,
            # not left until the graceful shutdown gives up waiting for it
            assert time.monotonic() - started < SERVER["timeout_graceful_shutdown"]


def test_a_slow_reader_of_hits_from_the_first_request_gets_them_in_order(
    server, services, story
) -> None:
    """Hits asked for one at a time by a reader that does not read: once the socket's
    buffer (up to 4 MB) and the transport's are full and the transport asks writes to
    pause, the connection is handed on, and every answer arrives whole and in order."""
    port, app = server
    a_long_story(services, story, 1500)  # sent from its file
    with connection(port) as (sock, stream):
        sock.sendall(request())
        page = read(stream).body
    calls = app.calls
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.settimeout(30)
        sock.connect(("127.0.0.1", port))
        with sock.makefile("rb") as stream:
            asked = [request(), request(method="HEAD")] * 32
            for raw in asked:
                sock.sendall(raw)
                time.sleep(0.01)
            sock.sendall(request(Connection="close"))
            time.sleep(0.2)
            answers = [read(stream, "HEAD" if b"HEAD" in raw else "GET") for raw in asked]
            last = read(stream)
            assert stream.read() == b""
    assert [a.body for a in answers[::2]] == [page] * 32
    assert all(a.status == 200 and a.body == b"" for a in answers[1::2])
    assert last.body == page and last.headers["connection"] == "close"
    # Handed on once the writes paused, after which uvicorn's protocol leaves hits to
    # the app (which answers them from the cache) until the reader catches up.
    assert app.calls > calls


def a_long_story(services, story, paragraphs: int) -> None:
    """The story rewritten to ``paragraphs`` paragraphs, each with words of its own."""
    rewrite(
        services,
        story,
        "\n\n".join(
            f"Paragraph {i}: the ferry left at {i % 24:02d}:{i % 60:02d} with {i * 7} "
            f"passengers, {i * 3} cars and the harbour master's report number {i * 13}."
            for i in range(paragraphs)
        ),
    )


@pytest.mark.parametrize("paragraphs", [300, 1500], ids=["writev", "sendfile"])
def test_a_large_page_reaches_a_slow_reader_whole_and_in_order(
    server, services, story, paragraphs
) -> None:
    port, _ = server
    a_long_story(services, story, paragraphs)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # a small window
        sock.settimeout(30)
        sock.connect(("127.0.0.1", port))
        with sock.makefile("rb") as stream:
            sock.sendall(request())
            page = read(stream)  # rendered and kept
            if paragraphs == 1500:
                assert len(page.body) >= SENDFILE_MIN
            else:
                assert JOIN_MAX <= len(page.body) < SENDFILE_MIN
            # More than the socket holds, asked for at once and read slowly: what the
            # socket does not take is sent later, in order, as the reader makes room.
            asked = [
                (request(), "GET"),
                (request(Accept_Encoding="gzip, br"), "GET"),
                (request(method="HEAD"), "HEAD"),
            ] * 24 + [(request(Connection="close"), "GET")]
            sock.sendall(b"".join(raw for raw, _ in asked))
            time.sleep(0.3)
            answers = []
            for _, method in asked:
                answers.append(read(stream, method))
                time.sleep(0.005)
            assert stream.read() == b""
    identity = [a for a, (_, m) in zip(answers, asked, strict=True) if m == "GET"]
    for answer in identity[:-1:2] + identity[-1:]:
        assert answer.status == 200 and "content-encoding" not in answer.headers
        assert answer.body == page.body
        assert int(answer.headers["content-length"]) == len(page.body)
    for answer in identity[1:-1:2]:
        assert answer.headers["content-encoding"] == "br"
        assert brotli.decompress(answer.body) == page.body
    heads = [a for a, (_, m) in zip(answers, asked, strict=True) if m == "HEAD"]
    assert all(a.body == b"" and a.lines == identity[0].lines for a in heads)


def test_a_large_page_is_sent_without_a_file_when_none_can_be_made(
    server, services, story, monkeypatch
) -> None:
    port, app = server
    monkeypatch.setattr(BodyFile, "limit", 0)
    a_long_story(services, story, 1500)
    with connection(port) as (sock, stream):
        sock.sendall(request())
        page = read(stream)
        sock.sendall(request())
        kept = read(stream)
    assert len(page.body) >= SENDFILE_MIN and kept.headers["x-cache"] == "hit"
    assert kept.body == page.body and app.calls == 1


def test_a_reply_keeps_its_body_in_a_file_while_it_lives() -> None:
    body = os.urandom(200_000)
    reply = Reply(200, [], body)
    fd = reply.file()
    assert fd is not None and reply.file() == fd  # made once
    assert os.pread(fd, len(body) + 1, 0) == body
    del reply
    gc.collect()
    with pytest.raises(OSError):
        os.fstat(fd)  # closed with the reply (or by now another file: not this body)


class Transport:
    """What ``_send_file`` asks of a transport, over a real socket; keeps what it is handed."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.handed = b""

    def get_extra_info(self, name: str) -> Any:
        return self.sock if name == "socket" else None

    def get_write_buffer_size(self) -> int:
        return len(self.handed)

    def write(self, data: Any) -> None:
        self.handed += bytes(data)

    def writelines(self, parts: Any) -> None:
        self.handed += b"".join(bytes(p) for p in parts)


@contextmanager
def tcp_pair() -> Iterator[tuple[socket.socket, socket.socket]]:
    """A connected pair on loopback: the server's end sends little at a time."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        client = socket.create_connection(listener.getsockname())
        server, _ = listener.accept()
    with client, server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4096)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        server.setblocking(False)
        yield server, client


def test_what_the_socket_does_not_take_is_handed_to_the_transport() -> None:
    head, body = b"HTTP/1.1 200 OK\r\ncontent-length: 300000\r\n\r\n", os.urandom(300_000)
    reply = Reply(200, [], body)
    protocol = CachedHttpProtocol.__new__(CachedHttpProtocol)
    protocol.sendfile_to = None
    received = bytearray()

    def receive(client: socket.socket) -> None:
        while chunk := client.recv(65536):
            received.extend(chunk)

    with tcp_pair() as (server, client):
        transport = Transport(server)
        protocol._send_file(transport, head, body, reply)
        assert transport.handed  # the socket took only part of it, the transport the rest
        reader = threading.Thread(target=receive, args=(client,))
        reader.start()
        server.setblocking(True)
        server.sendall(transport.handed)  # as the transport would, once there is room
        server.shutdown(socket.SHUT_WR)
        reader.join(timeout=30)
    assert received == head + body


def test_to_a_reader_that_has_gone_everything_is_handed_to_the_transport() -> None:
    head, body = b"HTTP/1.1 200 OK\r\n\r\n", os.urandom(200_000)
    protocol = CachedHttpProtocol.__new__(CachedHttpProtocol)
    protocol.sendfile_to = None
    with tcp_pair() as (server, client):
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
        client.close()  # reset
        time.sleep(0.1)
        transport = Transport(server)
        protocol._send_file(transport, head, body, Reply(200, [], body))
    assert transport.handed == head + body  # the transport then fails as on any write
