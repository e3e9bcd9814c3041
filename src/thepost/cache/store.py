"""Cached pages: each entry holds every encoding of one page with its ready-made headers.

Everything a hit needs is computed once, when the page is stored: the gzip and brotli
bodies, a strong ETag per encoding, and the full header list of the ``200`` and of the
``304``. The store is an LRU bounded by the total bytes it holds; entries also expire
after a time to live. It is used from the event loop's thread only.

A body can also be kept in a file of its own in memory, made the first time a server asks
for it (``Reply.file``): sent with ``sendfile(2)``, the file's pages go to the socket as
they are, where ``write(2)`` copies the whole body into the socket for every response
(the server asks only for large bodies, where that copy costs more than the pages). The
file lives as long as the reply.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import resource
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

import brotli

Headers = list[tuple[bytes, bytes]]
IDENTITY, GZIP, BROTLI = "identity", "gzip", "br"
MIN_COMPRESS = 512  # smaller bodies are sent as they are
# Headers the store writes itself; the app's own values for them are dropped.
OWN = {b"content-length", b"etag", b"vary", b"content-encoding", b"date", b"server", b"x-cache"}
# Answers from the store say so (as nginx and Varnish do); the one that filled it says "miss".
HIT, MISS = (b"x-cache", b"hit"), (b"x-cache", b"miss")


@dataclass(slots=True)
class Reply:
    """One ready-made answer, made once: the ASGI messages that send it (servers read them
    and never change them), and the same header lines as bytes for a server that writes
    the response itself (it adds the status line, its own headers and the blank line)."""

    status: int
    headers: Headers
    body: bytes
    start: dict[str, Any] = field(init=False)
    message: dict[str, Any] = field(init=False)
    lines: bytes = field(init=False)  # b"name: value\r\n" for each header
    _file: BodyFile | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.start = {"type": "http.response.start", "status": self.status, "headers": self.headers}
        self.message = {"type": "http.response.body", "body": self.body}
        self.lines = b"".join(b"%s: %s\r\n" % (k.lower(), v) for k, v in self.headers)

    def missed(self) -> dict[str, Any]:
        """The start message for the request that rendered the page (``X-Cache: miss``)."""
        return {**self.start, "headers": [MISS if h == HIT else h for h in self.headers]}

    def file(self) -> int | None:
        """A file descriptor holding exactly the body, for ``sendfile(2)``, made on first
        use and closed when the reply is dropped; None when no file could be made (no
        ``memfd_create``, or the process keeps as many as it may: a file held for a page
        must never cost a reader's connection its descriptor)."""
        kept = self._file
        if kept is None:
            kept = self._file = BodyFile.holding(self.body)
        return kept.fd


class BodyFile:
    """A body in an anonymous file in memory (``memfd_create``). The pages are held twice,
    in the reply's bytes and in the file, for the bodies large enough to be sent from it; at
    most a quarter of the process's descriptors are used for them."""

    __slots__ = ("fd",)
    held = 0
    limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0] // 4
    NONE: BodyFile

    def __init__(self, fd: int | None) -> None:
        self.fd = fd

    @classmethod
    def holding(cls, body: bytes) -> BodyFile:
        if cls.held >= cls.limit or not hasattr(os, "memfd_create"):
            return cls.NONE
        try:
            fd = os.memfd_create("thepost-page", os.MFD_CLOEXEC)
        except OSError:
            return cls.NONE
        try:
            view = memoryview(body)
            while view:
                view = view[os.write(fd, view) :]
        except OSError:
            os.close(fd)
            return cls.NONE
        cls.held += 1
        return cls(fd)

    def __del__(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            BodyFile.held -= 1


BodyFile.NONE = BodyFile(None)


@dataclass(slots=True)
class Variant:
    """One encoding of a page: its answers to a GET, a HEAD and a conditional request."""

    etag: bytes
    last_modified: float | None  # the app's Last-Modified, for If-Modified-Since
    ok: Reply
    not_modified: Reply
    ok_head: Reply = field(init=False)  # the same headers, no body

    def __post_init__(self) -> None:
        self.ok_head = Reply(200, self.ok.headers, b"")

    @property
    def body(self) -> bytes:
        return self.ok.body

    def reply(self, method: str, inm: bytes | None, ims: bytes | None) -> Reply:
        """``304`` when the client's copy is current (by ``If-None-Match``, or when there
        is none, by ``If-Modified-Since`` against ``Last-Modified``); else the page, without
        its body for a HEAD."""
        if (inm is not None and matches(inm, self.etag)) or (
            inm is None and ims is not None and not_modified_since(ims, self.last_modified)
        ):
            return self.not_modified
        return self.ok_head if method == "HEAD" else self.ok


@dataclass(slots=True)
class Entry:
    variants: dict[str, Variant]
    size: int
    expires: float  # time.monotonic()

    def variant(self, accept_encoding: bytes | None) -> Variant:
        if accept_encoding is None or len(self.variants) == 1:
            return self.variants[IDENTITY]
        return self.variants.get(choose(accept_encoding), self.variants[IDENTITY])


def build(headers: Headers, body: bytes, ttl: float) -> Entry:
    """An entry from the app's response headers and body (identity encoding)."""
    kept = [(k, v) for k, v in headers if k.lower() not in OWN]
    cache_control = next((v for k, v in kept if k.lower() == b"cache-control"), b"")
    compressible = len(body) >= MIN_COMPRESS and _is_text(kept)
    bodies = {IDENTITY: body}
    if compressible:
        bodies[GZIP] = gzip.compress(body, compresslevel=6, mtime=0)
        bodies[BROTLI] = brotli.compress(body, quality=5, mode=brotli.MODE_TEXT)
    digest = hashlib.blake2b(body, digest_size=12).hexdigest()
    last_modified = http_time(next((v for k, v in kept if k.lower() == b"last-modified"), b""))
    variants = {}
    for encoding, data in bodies.items():
        suffix = "" if encoding == IDENTITY else f"-{encoding}"
        etag = f'"{digest}{suffix}"'.encode()
        common = [(b"etag", etag)]
        if compressible:
            common.append((b"vary", b"Accept-Encoding"))
        full = [*kept, *common, HIT, (b"content-length", str(len(data)).encode())]
        if encoding != IDENTITY:
            full.append((b"content-encoding", encoding.encode()))
        not_modified = [*common, (b"cache-control", cache_control)] if cache_control else common
        not_modified = [*not_modified, *(h for h in kept if h[0].lower() in ON_304), HIT]
        variants[encoding] = Variant(
            etag, last_modified, Reply(200, full, data), Reply(304, not_modified, b"")
        )
    size = sum(len(v.body) for v in variants.values()) + 512
    return Entry(variants, size, time.monotonic() + ttl)


def _is_text(headers: Headers) -> bool:
    content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
    return content_type.startswith((b"text/", b"application/json", b"application/xml")) or (
        b"+xml" in content_type
    )


@lru_cache(maxsize=512)
def choose(accept_encoding: bytes) -> str:
    """The best encoding a client accepts: brotli, then gzip, else identity (q=0 refuses)."""
    accepted = set()
    for part in accept_encoding.lower().split(b","):
        name, _, params = part.partition(b";")
        name = name.strip()
        q = params.strip()
        if q.startswith(b"q="):
            try:
                if float(q[2:]) <= 0:
                    continue
            except ValueError:
                continue
        accepted.add(name)
    if b"br" in accepted:
        return BROTLI
    if b"gzip" in accepted or b"*" in accepted:
        return GZIP
    return IDENTITY


def http_time(value: bytes) -> float | None:
    """An HTTP date as a timestamp; None when missing or not a date."""
    try:
        return parsedate_to_datetime(value.decode("latin-1")).timestamp() if value else None
    except (ValueError, TypeError):
        return None


# Headers a 304 repeats from the page: the browser applies them to what it shows.
ON_304 = frozenset(
    {
        b"content-security-policy",
        b"x-content-type-options",
        b"referrer-policy",
        b"permissions-policy",
        b"cross-origin-opener-policy",
        b"x-frame-options",
        b"strict-transport-security",
    }
)


def not_modified_since(if_modified_since: bytes, last_modified: float | None) -> bool:
    since = http_time(if_modified_since)
    return last_modified is not None and since is not None and last_modified <= since


def matches(if_none_match: bytes, etag: bytes) -> bool:
    """RFC 9110's weak comparison, as ``If-None-Match`` asks."""
    if if_none_match == etag:
        return True
    for candidate in if_none_match.split(b","):
        candidate = candidate.strip()
        if candidate == b"*" or candidate.removeprefix(b"W/") == etag:
            return True
    return False


class Store:
    """Entries by key, least recently used first out once ``max_bytes`` is passed."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[str, Entry] = OrderedDict()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> Entry | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.expires < time.monotonic():
            self._drop(key)
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: str, entry: Entry) -> None:
        if entry.size > self.max_bytes // 4:
            return  # one huge page must not push out everything else
        if key in self._entries:
            self._drop(key)
        self._entries[key] = entry
        self.size += entry.size
        while self.size > self.max_bytes:
            oldest = next(iter(self._entries))
            self._drop(oldest)

    def clear(self) -> None:
        self._entries.clear()
        self.size = 0

    def _drop(self, key: str) -> None:
        self.size -= self._entries.pop(key).size
