"""A Redis client for what the site asks of Redis: to tell every process that pages
changed (``PUBLISH``), to hear it (``SUBSCRIBE``), and to count rate limits (a Lua
script). It speaks RESP2 over one socket per client, with a lock, so threads may share
a client; a reply is read whole before the next command is sent.

Why not the redis-py package: it loads 65 modules (its cluster, search, JSON and time
series commands, OpenTelemetry) for about 6.7 MiB in every worker, which a reader's
worker would carry for these three commands.

    client = Redis("redis://:secret@redis.internal:6379/0", timeout=1)
    client.command("PUBLISH", "thepost:pages", "changed")     # 2: processes that heard
    with Redis(url, timeout=5).subscribe("thepost:pages") as heard:
        heard.get(timeout=0.5)                               # b"changed", or None

Addresses: ``redis://[[user]:password@]host[:port][/db]``, ``rediss://`` for TLS (the
server's certificate checked against the system's authorities), and
``unix:///path/to/redis.sock[?db=N]`` (with ``password`` and ``user`` parameters too).
Any failure (refused, timed out, a reply not understood, an error the server sent)
raises ``RedisError`` and closes the connection; the next command connects again.
"""

from __future__ import annotations

import select
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

SCHEMES = ("redis", "rediss", "unix")
MAX_BULK = 512 * 1024 * 1024  # Redis's own limit on a string


class RedisError(Exception):
    """Redis could not be reached or answered with an error."""


class ReplyError(RedisError):
    """An error the server replied with (``-ERR ...``, ``-NOSCRIPT ...``)."""


@dataclass(frozen=True)
class Address:
    host: str = "127.0.0.1"
    port: int = 6379
    path: str = ""  # a Unix socket's
    tls: bool = False
    db: int = 0
    user: str = ""
    password: str = ""


def parse_url(url: str) -> Address:
    """The parts of a Redis URL; ``ValueError`` with the reason when it is not one."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise ValueError(f"a Redis URL starts with {', '.join(s + '://' for s in SCHEMES)}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    user = unquote(parts.username or query.get("user", ""))
    password = unquote(parts.password or query.get("password", ""))
    db = query.get("db", "")
    if parts.scheme != "unix":
        db = db or parts.path.strip("/")
    if db and not db.isdigit():
        raise ValueError(f"the database is a number, not {db!r}")
    if parts.scheme == "unix":
        if not parts.path:
            raise ValueError("unix:// needs the socket's path")
        return Address(path=parts.path, db=int(db or 0), user=user, password=password)
    try:
        port = parts.port or 6379
    except ValueError as exc:
        raise ValueError(f"the port is not a number: {exc}") from None
    return Address(
        host=parts.hostname or "127.0.0.1",
        port=port,
        tls=parts.scheme == "rediss",
        db=int(db or 0),
        user=user,
        password=password,
    )


def _encode(args: tuple[Any, ...]) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        if isinstance(arg, bytes):
            data = arg
        elif isinstance(arg, str):
            data = arg.encode()
        elif isinstance(arg, int | float):
            data = repr(arg).encode()
        else:
            raise TypeError(f"a Redis argument is bytes, str or a number, not {type(arg)}")
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class _Connection:
    """One socket, its unread bytes, and RESP2 replies read from them."""

    def __init__(self, address: Address, timeout: float) -> None:
        self.timeout = timeout
        self._buffer = bytearray()
        sock: socket.socket | None = None
        try:
            if address.path:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(timeout)
                sock.connect(address.path)
            else:
                sock = socket.create_connection((address.host, address.port), timeout)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if address.tls:
                    context = ssl.create_default_context()
                    sock = context.wrap_socket(sock, server_hostname=address.host)
        except (OSError, ssl.SSLError) as exc:
            if sock is not None:
                sock.close()
            raise RedisError(f"cannot connect to Redis: {exc}") from exc
        self._sock = sock
        try:
            if address.password:
                user = (address.user,) if address.user else ()
                self.call("AUTH", *user, address.password)
            if address.db:
                self.call("SELECT", address.db)
        except RedisError:
            self.close()
            raise

    def close(self) -> None:
        with suppress(OSError):
            self._sock.close()

    def send(self, *args: Any) -> None:
        try:
            self._sock.sendall(_encode(args))
        except (OSError, ssl.SSLError) as exc:
            raise RedisError(f"Redis went away: {exc}") from exc

    def call(self, *args: Any) -> Any:
        self.send(*args)
        return self.reply()

    def waiting(self, timeout: float) -> bool:
        """Whether a reply has begun to arrive within ``timeout`` seconds."""
        if self._buffer or (isinstance(self._sock, ssl.SSLSocket) and self._sock.pending()):
            return True
        try:
            readable, _, _ = select.select([self._sock], [], [], timeout)
        except (OSError, ValueError) as exc:
            raise RedisError(f"Redis went away: {exc}") from exc
        return bool(readable)

    def reply(self, *, nested: bool = False) -> Any:
        """The next reply; an error the server sent is raised, or, inside an array (whose
        other elements must still be read), returned in its place."""
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"+":
            return rest
        if kind == b"-":
            error = ReplyError(rest.decode("utf-8", "replace"))
            if nested:
                return error
            raise error
        if kind == b":":
            return self._number(rest)
        if kind == b"$":
            size = self._number(rest)
            if size < 0:
                return None
            if size > MAX_BULK:
                raise RedisError(f"a reply of {size} bytes is not one Redis sends")
            data = self._take(size + 2)
            return data[:-2]
        if kind == b"*":
            count = self._number(rest)
            return None if count < 0 else [self.reply(nested=True) for _ in range(count)]
        raise RedisError(f"not a Redis reply: {line[:40]!r}")

    @staticmethod
    def _number(text: bytes) -> int:
        try:
            return int(text)
        except ValueError:
            raise RedisError(f"not a number in a Redis reply: {text[:40]!r}") from None

    def _line(self) -> bytes:
        while True:
            end = self._buffer.find(b"\r\n")
            if end >= 0:
                line = bytes(self._buffer[:end])
                del self._buffer[: end + 2]
                return line
            if len(self._buffer) > 64 * 1024:
                raise RedisError("a Redis reply line over 64 KiB")
            self._fill()

    def _take(self, size: int) -> bytes:
        while len(self._buffer) < size:
            self._fill()
        data = bytes(self._buffer[:size])
        del self._buffer[:size]
        return data

    def _fill(self) -> None:
        try:
            data = self._sock.recv(65536)
        except (OSError, ssl.SSLError) as exc:
            raise RedisError(f"no answer from Redis: {exc}") from exc
        if not data:
            raise RedisError("Redis closed the connection")
        self._buffer += data


class Redis:
    """A client: its connection is made on the first command and kept."""

    def __init__(self, url: str, *, timeout: float = 2.0) -> None:
        self.address = parse_url(url)
        self.timeout = timeout
        self._connection: _Connection | None = None
        self._lock = threading.Lock()

    def command(self, *args: Any) -> Any:
        """Send one command and return its reply (bytes, int, None or a list)."""
        with self._lock:
            kept = self._connection is not None
            try:
                return self._call(args)
            except ReplyError:
                raise
            except RedisError:
                if not kept:
                    raise
            # A kept connection may have been closed by the server since (a restart, an
            # idle timeout): once more, on a new one.
            return self._call(args)

    def _call(self, args: tuple[Any, ...]) -> Any:
        if self._connection is None:
            self._connection = _Connection(self.address, self.timeout)
        try:
            return self._connection.call(*args)
        except ReplyError:
            raise
        except RedisError:
            self._drop()
            raise

    def close(self) -> None:
        with self._lock:
            self._drop()

    def __enter__(self) -> Redis:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _drop(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @contextmanager
    def subscribe(self, *channels: str) -> Iterator[Subscription]:
        """A connection of its own listening to ``channels``, closed on leaving."""
        connection = _Connection(self.address, self.timeout)
        try:
            connection.send("SUBSCRIBE", *channels)
            for _ in channels:
                connection.reply()  # ["subscribe", channel, count]
            yield Subscription(connection)
        finally:
            connection.close()


class Subscription:
    def __init__(self, connection: _Connection) -> None:
        self._connection = connection

    def get(self, timeout: float) -> bytes | None:
        """The next message published on a channel, or None after ``timeout`` seconds."""
        if not self._connection.waiting(timeout):
            return None
        reply = self._connection.reply()
        if isinstance(reply, list) and len(reply) == 3 and reply[0] == b"message":
            return reply[2] if isinstance(reply[2], bytes) else None
        return None
