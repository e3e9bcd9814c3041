"""A live blog under a crowd: readers polling its update URL while a reporter posts.

    .venv/bin/python bench/live_bench.py                   # 5,000 readers, 60 s
    .venv/bin/python bench/live_bench.py --readers 500 --seconds 20   # a quick try

A demo site (``thepost demo --articles 30``, which has a live blog) in a temporary folder,
served by ``thepost serve --workers 2`` with the page cache on, as a small newsroom runs
it. Each simulated reader polls the blog's update URL every ``--every`` seconds, from a
phase of its own, as ``static/live.js`` does: ``?t=`` the current 10-second step,
``If-None-Match`` the ETag of its last answer. The requests go over a pool of keep-alive
connections on 127.0.0.1 (``--connections``), sent at their times whatever the answers
take (an open loop). Meanwhile the reporter posts an entry every ``--post-every``
seconds through ``content.live.write_entry`` in this process (the serving workers hear
of it as any other process's write: the database's change counter, read every 250 ms).

Reported: requests per second served; the share answered from the page cache
(``X-Cache: hit``, 304s included) and the share answered ``304``; latency percentiles;
5xx and failed requests; and, per entry, how long after it was posted a poll could
still get an answer without it (a poll sent later than that got it from whichever
worker answered): the time from posting to the entry being served by every worker.
Goals: at least 95% of polls from the cache, post to visible under 1 s, no 5xx.
Everything runs on loopback, stops by itself after ``--seconds`` and removes its folder.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import page_bench  # noqa: E402

BUCKET = 10


@dataclass
class Tally:
    sent: int = 0
    answered: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    hits: int = 0
    not_modified: int = 0
    failed: int = 0
    late: int = 0  # sent more than a second after its time (the client fell behind)
    latencies: list[float] = field(default_factory=list)
    # (sent at, newest entry id the answer shows), to find how long each entry was missing
    seen: list[tuple[float, int]] = field(default_factory=list)


@dataclass
class Reader:
    etag: str = ""
    newest: int = 0  # the newest entry id its copy shows


@contextmanager
def site(workers: int) -> Iterator[tuple[str, Path, int]]:
    """A demo site served by ``thepost serve``; yields its URL, folder and blog id."""
    with tempfile.TemporaryDirectory(prefix="live-bench-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "THEPOST_DATA_DIR": str(folder)}
        for command in (["migrate"], ["demo", "--articles", "30"]):
            subprocess.run([*page_bench.THEPOST, *command], env=env, check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        services = _services(folder)
        from sqlalchemy import select

        from thepost.content.models import Article

        with services.reads() as session:
            blog_id = session.scalar(select(Article.id).where(Article.live_status == "live"))
        services.engine.dispose()
        with page_bench.thepost(str(folder), workers=workers) as (base, _pid):
            yield base, folder, int(blog_id)


def _services(folder: Path) -> Any:
    from thepost.app import build_services
    from thepost.config import Settings

    return build_services(Settings(data_dir=folder))


async def _request(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str, etag: str
) -> tuple[int, dict[str, str], bytes]:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "User-Agent: live-bench"]
    if etag:
        lines.append(f"If-None-Match: {etag}")
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status_line, *rest = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in rest:
        if ": " in line:
            name, value = line.split(": ", 1)
            headers[name.lower()] = value
    length = int(headers.get("content-length", "0"))
    body = await reader.readexactly(length) if length else b""
    return int(status_line.split()[1]), headers, body


async def _connection(
    base: str, queue: asyncio.Queue[Any], path: str, readers: list[Reader], tally: Tally
) -> None:
    host, port = base.removeprefix("http://").split(":")
    stream = await asyncio.open_connection(host, int(port))
    while True:
        item = await queue.get()
        if item is None:
            stream[1].close()
            return
        index, due = item
        now = time.monotonic()
        if now - due > 1:
            tally.late += 1
        who = readers[index]
        moment = int(time.time()) // BUCKET
        tally.sent += 1
        try:
            status, headers, body = await _request(*stream, f"{path}?t={moment}", who.etag)
        except (OSError, asyncio.IncompleteReadError):
            tally.failed += 1
            stream = await asyncio.open_connection(host, int(port))
            continue
        tally.latencies.append(time.monotonic() - now)
        tally.answered += 1
        tally.statuses[status] = tally.statuses.get(status, 0) + 1
        tally.hits += headers.get("x-cache") == "hit"
        if status == 304:
            tally.not_modified += 1
        elif status == 200:
            data = json.loads(body)
            who.etag = headers.get("etag", "")
            posted = [c["id"] for c in data["changes"] if c["status"] == "posted"]
            who.newest = max(posted, default=0)
        tally.seen.append((now, who.newest))


def _reporter(folder: Path, blog_id: int, every: float, until: float, posts: list[Any]) -> None:
    """Post an entry every ``every`` seconds until ``until`` (monotonic), as the blog's
    reporter would; each (entry id, posted at) is appended to ``posts``."""
    from thepost.content import live
    from thepost.permissions import SYSTEM

    services = _services(folder)
    n = 0
    while time.monotonic() + every < until:
        time.sleep(every)
        n += 1
        with services.writes.begin() as session:
            entry = live.write_entry(
                session, services.bus, services.media_urls, blog_id,
                live.EntryInput(body=f"Update number {n}: the water is still rising."),
                actor=SYSTEM, now=services.clock(), post=True,
            )  # fmt: skip
            entry_id = entry.id
        posts.append((entry_id, time.monotonic()))  # committed: from here it must show
    services.engine.dispose()


async def load(args: argparse.Namespace, base: str, folder: Path, blog_id: int) -> dict[str, Any]:
    path = f"/liveblog/{blog_id}/updates"
    readers = [Reader() for _ in range(args.readers)]
    tally = Tally()
    queue: asyncio.Queue[Any] = asyncio.Queue()
    workers = [
        asyncio.create_task(_connection(base, queue, path, readers, tally))
        for _ in range(args.connections)
    ]
    start = time.monotonic()
    until = start + args.seconds
    posts: list[tuple[int, float]] = []
    loop = asyncio.get_running_loop()
    reporter = loop.run_in_executor(None, _reporter, folder, blog_id, args.post_every, until, posts)
    # Each reader's polls: from a phase of its own, every ``every`` seconds.
    schedule = sorted(
        (start + phase + k * args.every, i)
        for i, phase in enumerate(random.uniform(0, args.every) for _ in range(args.readers))
        for k in range(int(args.seconds / args.every) + 1)
        if start + phase + k * args.every < until
    )
    for due, index in schedule:
        delay = due - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((index, due))
    for _ in workers:
        queue.put_nowait(None)
    await asyncio.gather(*workers)
    await reporter
    elapsed = time.monotonic() - start
    return _report(args, tally, posts, elapsed)


def _report(
    args: argparse.Namespace, tally: Tally, posts: list[tuple[int, float]], elapsed: float
) -> dict[str, Any]:
    # For each entry: the last poll sent after its posting whose answer did not show it.
    windows = []
    for entry_id, posted in posts:
        missing = [
            sent - posted for sent, newest in tally.seen if sent > posted and newest < entry_id
        ]
        windows.append(max(missing, default=0.0))
    latencies = sorted(tally.latencies)

    def pct(p: float) -> float:
        return (
            latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000 if latencies else 0
        )

    fivexx = sum(n for status, n in tally.statuses.items() if status >= 500)
    return {
        "readers": args.readers,
        "poll every s": args.every,
        "post every s": args.post_every,
        "seconds": round(elapsed, 1),
        "requests": tally.answered,
        "requests per second": round(tally.answered / elapsed, 1),
        "statuses": tally.statuses,
        "from cache %": round(100 * tally.hits / max(1, tally.answered), 2),
        "304 %": round(100 * tally.not_modified / max(1, tally.answered), 2),
        "latency ms p50/p95/p99": [round(pct(0.5), 2), round(pct(0.95), 2), round(pct(0.99), 2)],
        "5xx": fivexx,
        "failed": tally.failed,
        "sent late (>1 s behind)": tally.late,
        "entries posted": len(posts),
        "post to visible s, median/max": [
            round(statistics.median(windows), 3) if windows else None,
            round(max(windows), 3) if windows else None,
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", type=int, default=5000)
    parser.add_argument(
        "--every", type=float, default=10.0, help="seconds between a reader's polls"
    )
    parser.add_argument("--post-every", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with site(args.workers) as (base, folder, blog_id):
        result = asyncio.run(load(args, base, folder, blog_id))
    print(json.dumps(result, indent=2))
    out = HERE / "results" / f"live-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written to {out.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
