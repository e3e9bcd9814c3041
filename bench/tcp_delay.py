"""A TCP proxy on 127.0.0.1 that holds every chunk for a fixed time before passing it on:
a database on "another host" for the benchmarks, without privileges or ``tc``.

    .venv/bin/python bench/tcp_delay.py --port 15432 --to 127.0.0.1:5432 --delay-ms 1
    .venv/bin/python bench/tcp_delay.py --port 15432 --delay-ms 1 --reply-delay-ms 1 \\
        --stats /tmp/delay.json          # written on SIGUSR1 and at exit

``--delay-ms`` holds what the client sends, ``--reply-delay-ms`` (0 by default) what the
server answers: a query and its answer (one round trip) pay their sum. Each chunk leaves
its delay after it arrived, in order (a link's latency, not its bandwidth). The timers
are the event loop's (epoll's resolution is a millisecond, rounded up): a round trip
through ``--delay-ms 1`` costs 1.0–1.2 ms more than without, as ``cluster_bench.py``
measures before using it.

With ``--stats``, it counts, for each direction, the chunks passed on, and for what the
client sends, the PostgreSQL messages it starts with (the protocol's frontend messages:
a simple query's SQL, a statement parsed or run by name, its first words): which
statements one page costs, and how many round trips. The file is written on SIGUSR1
(the counts so far) and when the proxy stops (SIGTERM or SIGINT).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import signal
import struct
from collections import Counter
from pathlib import Path

SSL_REQUEST, GSS_REQUEST = 80877103, 80877104


def label(sql: str) -> str:
    """The first words of a statement, placeholders and all, as a short name."""
    words = re.sub(r"\s+", " ", sql).strip()
    found = re.search(r"\bFROM (\w+)", words, re.I)
    head = " ".join(words.split(" ")[:2])
    return f"{head} ... FROM {found.group(1)}" if found and head.upper() != "BEGIN" else words[:40]


class Messages:
    """Frontend messages of one connection, parsed as they pass (a chunk may hold several
    messages, or part of one)."""

    def __init__(self, counts: Counter[str]) -> None:
        self.counts = counts
        self.buffer = b""
        self.started = False
        self.named: dict[bytes, str] = {}  # prepared statement name -> its label

    def feed(self, data: bytes) -> None:
        """Count the chunk by the first message that names a statement (a round trip)."""
        self.buffer += data
        first = ""
        while True:
            if not self.started:
                if len(self.buffer) < 8:
                    return
                size, code = struct.unpack("!ii", self.buffer[:8])
                if len(self.buffer) < size:
                    return
                self.buffer = self.buffer[size:]
                if code not in (SSL_REQUEST, GSS_REQUEST):
                    self.started = True
                    first = first or "(connect)"
                continue
            if len(self.buffer) < 5:
                break
            kind = self.buffer[:1]
            size = struct.unpack("!i", self.buffer[1:5])[0]
            if len(self.buffer) < 1 + size:
                break
            body, self.buffer = self.buffer[5 : 1 + size], self.buffer[1 + size :]
            found = self.statement(kind, body)
            first = first or found
        if first:
            self.counts[first] += 1

    def statement(self, kind: bytes, body: bytes) -> str:
        if kind == b"Q":
            return label(body.split(b"\0", 1)[0].decode(errors="replace"))
        if kind == b"P":
            name, sql = body.split(b"\0")[:2]
            named = label(sql.decode(errors="replace"))
            if name:
                self.named[name] = named
            return named
        if kind == b"B":
            name = body.split(b"\0")[1]
            return f"(prepared) {self.named.get(name, name.decode())}" if name else ""
        if kind == b"X":
            return "(close)"
        return ""


class Proxy:
    def __init__(self, target: tuple[str, int], delay: float, reply_delay: float) -> None:
        self.target = target
        self.delay, self.reply_delay = delay, reply_delay
        self.chunks: Counter[str] = Counter()
        self.statements: Counter[str] = Counter()
        self.connections = 0

    def stats(self) -> dict[str, object]:
        return {
            "delay_ms": self.delay * 1000,
            "reply_delay_ms": self.reply_delay * 1000,
            "connections": self.connections,
            "chunks": dict(self.chunks),
            "statements": dict(self.statements.most_common()),
        }

    async def pipe(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        delay: float,
        direction: str,
        messages: Messages | None,
    ) -> None:
        """Pass what ``reader`` gets to ``writer``, each chunk ``delay`` after it came (a
        timer per chunk: in order, since their times only grow), then close."""
        loop = asyncio.get_running_loop()
        due = 0.0
        try:
            while data := await reader.read(65536):
                self.chunks[direction] += 1
                if messages is not None:
                    messages.feed(data)
                if delay > 0:
                    due = max(due, loop.time() + delay)
                    loop.call_at(due, writer.write, data)
                else:
                    writer.write(data)
        except (ConnectionError, OSError):
            pass
        finally:
            loop.call_at(max(due, loop.time()), writer.close)

    async def serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        messages = Messages(self.statements)
        await asyncio.gather(
            self.pipe(reader, up_writer, self.delay, "to_server", messages),
            self.pipe(up_reader, writer, self.reply_delay, "to_client", None),
        )


async def run(args: argparse.Namespace) -> None:
    host, _, port = args.to.rpartition(":")
    proxy = Proxy((host, int(port)), args.delay_ms / 1000, args.reply_delay_ms / 1000)
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()

    def write_stats() -> None:
        if args.stats:
            Path(args.stats).write_text(json.dumps(proxy.stats(), indent=1))

    loop.add_signal_handler(signal.SIGUSR1, write_stats)
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    server = await asyncio.start_server(proxy.serve, "127.0.0.1", args.port)
    async with server:
        await stop.wait()
    write_stats()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True, help="port to listen on (127.0.0.1)")
    parser.add_argument("--to", default="127.0.0.1:5432", help="host:port to forward to")
    parser.add_argument("--delay-ms", type=float, default=1.0, help="client to server")
    parser.add_argument("--reply-delay-ms", type=float, default=0.0, help="server to client")
    parser.add_argument("--stats", default="", help="JSON file for the counts")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
