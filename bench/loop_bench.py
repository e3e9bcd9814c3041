"""Article pages on PostgreSQL while the worker's thread pool is busy: do the stored-page
reads stall the event loop?

One worker (page cache off) on a fresh PostgreSQL database on 127.0.0.1:5432 with the
demo content. For ``--seconds``, ``--clients`` concurrent clients each fetch, in turn, an
article page (its parts stored: two reads) and a listing page (a synchronous view, run in
the thread pool, holding a pooled connection while it renders). The report: requests a
second and latency percentiles per kind. Run it on two checkouts, side by side::

    git worktree add /tmp/before <commit>
    .venv/bin/python bench/loop_bench.py --src /tmp/before/src   # reads on the loop
    .venv/bin/python bench/loop_bench.py                          # this tree

Bounded: one server, at most ``--seconds`` of load, loopback only; the database is dropped
and the server stopped at the end, however the run ends.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2 as httpx
import psycopg

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def environment(src: Path, data_dir: Path, database: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(src),
        "THEPOST_DATA_DIR": str(data_dir),
        "THEPOST_DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:5432/{database}",
        "THEPOST_SECRET_KEY": secrets.token_urlsafe(48),
        "THEPOST_PAGE_CACHE": "false",
        "THEPOST_PORT": str(port),
        "THEPOST_WORKERS": "1",
    }


async def run_load(base: str, paths: dict[str, list[str]], clients: int, seconds: float) -> dict:
    times: dict[str, list[float]] = {kind: [] for kind in paths}
    errors = 0
    deadline = time.monotonic() + seconds

    async def client(n: int) -> None:
        nonlocal errors
        async with httpx.AsyncClient(base_url=base, timeout=30) as http:
            i = n
            while time.monotonic() < deadline:
                for kind, urls in paths.items():
                    started = time.perf_counter()
                    response = await http.get(urls[i % len(urls)])
                    times[kind].append(time.perf_counter() - started)
                    errors += response.status_code != 200
                i += 1

    started = time.monotonic()
    await asyncio.gather(*(client(n) for n in range(clients)))
    return {"times": times, "errors": errors, "elapsed": time.monotonic() - started}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the tree to serve")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=20)
    args = parser.parse_args()

    database = f"thepost_loop_{secrets.token_hex(4)}"
    port = free_port()
    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    server = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = environment(args.src, Path(tmp), database, port)
            thepost = [sys.executable, "-m", "thepost"]
            subprocess.run(
                [*thepost, "demo", "--articles", "24"],
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
            server = subprocess.Popen([sys.executable, "-m", "thepost.server"], env=env)
            base = f"http://127.0.0.1:{port}"
            for _ in range(600):
                try:
                    if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.1)
            with psycopg.connect(env["THEPOST_DATABASE_URL"].replace("+psycopg", "")) as db:
                rows = db.execute(
                    "SELECT s.slug, a.slug FROM articles a JOIN sections s ON s.id = a.section_id"
                    " WHERE a.status = 'published' ORDER BY a.id"
                ).fetchall()
                sections = [r[0] for r in db.execute("SELECT slug FROM sections ORDER BY id")]
            paths = {
                "article (stored)": [f"/{section}/{slug}" for section, slug in rows],
                "listing (thread pool)": [f"/{slug}" for slug in sections] + ["/latest"],
            }
            asyncio.run(run_load(base, paths, 4, 3))  # warm up
            result = asyncio.run(run_load(base, paths, args.clients, args.seconds))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        with psycopg.connect(ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')

    total = sum(len(v) for v in result["times"].values())
    print(
        f"src {args.src}: {args.clients} clients, {result['elapsed']:.1f} s, "
        f"{total / result['elapsed']:.0f} requests/s, {result['errors']} not 200"
    )
    for kind, values in result["times"].items():
        ms = [v * 1000 for v in values]
        p50, p95, p99 = statistics.median(ms), percentile(ms, 0.95), percentile(ms, 0.99)
        print(f"  {kind:22} n={len(ms):6}  p50 {p50:7.1f}  p95 {p95:7.1f}  p99 {p99:7.1f} ms")


if __name__ == "__main__":
    main()
