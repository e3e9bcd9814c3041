"""Many processes, the database on another host: The Post on PostgreSQL over TCP with
Redis, four workers against one, with every byte to and from the database held by a
delaying proxy (``tcp_delay.py``) as a network would hold it.

    flock /tmp/thepost-bench.lock .venv/bin/python bench/cluster_bench.py
    flock /tmp/thepost-bench.lock .venv/bin/python bench/cluster_bench.py \\
        --delay-ms 1 --reply-delay-ms 0 --seconds 15 --rounds 10

One run, side by side (``--delay-ms`` on what the workers send, ``--reply-delay-ms`` on
what the database answers: a round trip pays the sum, 1 ms by default):

1. **throughput**: ``thepost serve --workers 1`` and ``--workers 4``, page cache on and
   off, article and home page: ``wrk -t2 -c32 -d15s`` as ``page_bench.py http``;
2. **article time**: the uncached article page at concurrency 1 (one client, one
   request after another over the sample articles) on four single-worker servers taking
   turns: the database reached directly, through the proxy without delay, with the
   delay, and with twice the delay (the same each way); latency, CPU time per page, and
   the statements and round trips one page costs, counted by the proxy;
3. **stalls**: one worker, page cache on: a client asking for the cached home page 50
   times a second, alone, then while wrk sends uncached article requests (a query string
   too long to be a cache key) to the same worker, with the delay and without;
4. **publish to visible**: four ``thepost serve --workers 1`` processes (four workers,
   each its own process and port, so each can be asked), each holding the home page;
   a story published through the actions, as the newsroom would, polled until all four
   show it, timed from the commit; with Redis, then with the database counter alone;
5. **memory**: VmRSS of every worker at start and after its load.

The archive is ``archive.py``'s 1,000 articles, built once into the PostgreSQL database
``thepost_cluster_bench`` (created if missing); phase 4 publishes into a copy of it
(``CREATE DATABASE ... TEMPLATE``), dropped at the end. Servers run with
``MALLOC_ARENA_MAX=2``, as ``deploy/thepost.service`` sets it. Writes
``bench/results/pages-cluster-<utc time>.json``. Everything runs on 127.0.0.1; every
server and proxy started here is stopped on the way out, and every phase is bounded in
time. About 8 minutes.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "src"))

import archive  # noqa: E402
from page_bench import (  # noqa: E402
    THEPOST,
    children,
    fetch,
    free_port,
    process,
    publish,
    rss_mib,
    save,
    stamp,
    wrk,
)

PG = "127.0.0.1:5432"
DATABASE = "thepost_cluster_bench"
COPY = "thepost_cluster_latency"
REDIS = "redis://127.0.0.1:6379/0"
ADMIN = f"postgresql://postgres@{PG}/postgres"
# Long enough that the page cache leaves the request to the app (``pagecache.MAX_QUERY``):
# the article page, rendered from its stored parts, on a worker whose cache is on.
PAD = "?pad=" + "x" * 600


def url(port: int, database: str = DATABASE) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/{database}"


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def ensure_database(name: str, template: str = "") -> bool:
    """Create ``name`` (from ``template``) unless it exists; True if it was created."""
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        extra = f' TEMPLATE "{template}"' if template else ""
        admin.execute(f'CREATE DATABASE "{name}"{extra}')
    return True


def drop_database(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- the delaying proxy and the servers -------------------------------------------------------


@contextmanager
def delayed(delay_ms: float, reply_ms: float, stats: Path) -> Iterator[tuple[int, int]]:
    """``tcp_delay.py`` in front of PostgreSQL; yields (port, pid)."""
    port = free_port()
    cmd = [sys.executable, str(HERE / "tcp_delay.py"), "--port", str(port), "--to", PG]
    cmd += ["--delay-ms", str(delay_ms), "--reply-delay-ms", str(reply_ms)]
    with process([*cmd, "--stats", str(stats)]) as pid:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield port, pid


def counted(pid: int, stats: Path) -> Counter[str]:
    """The proxy's statement counts so far (it writes them on SIGUSR1)."""
    stats.unlink(missing_ok=True)
    os.kill(pid, signal.SIGUSR1)
    for _ in range(100):
        if stats.exists():
            try:
                found = json.loads(stats.read_text())
                return Counter(found["statements"]) + Counter(
                    {f"chunks {k}": v for k, v in found["chunks"].items()}
                )
            except ValueError:
                pass  # written as we read
        time.sleep(0.05)
    raise RuntimeError(f"the proxy wrote no counts to {stats}")


def environment(data_dir: str, database_url: str, *, cache: bool, redis: bool) -> dict[str, str]:
    env = {
        **os.environ,
        "THEPOST_DATA_DIR": data_dir,
        "THEPOST_DATABASE_URL": database_url,
        "THEPOST_PAGE_CACHE": "true" if cache else "false",
        "MALLOC_ARENA_MAX": "2",
    }
    if redis:
        env["THEPOST_REDIS_URL"] = REDIS
    return env


@contextmanager
def serve(
    data_dir: str, database_url: str, *, workers: int = 1, cache: bool = True, redis: bool = True
) -> Iterator[tuple[str, int]]:
    """``thepost serve`` (it migrates, then execs the server: the same pid)."""
    render(data_dir, database_url)
    port = free_port()
    env = environment(data_dir, database_url, cache=cache, redis=redis)
    cmd = [*THEPOST, "serve", "--port", str(port), "--workers", str(workers)]
    base = f"http://127.0.0.1:{port}"
    with process(cmd, f"{base}/readyz", env=env) as pid:
        yield base, pid


def render(data_dir: str, database_url: str) -> None:
    """``thepost render`` (straight to the database): the stored article pages made again
    if the code or templates they depend on changed since they were stored, so that the
    server about to start reads them rather than rendering every article."""
    direct = re.sub(r"@127\.0\.0\.1:\d+/", f"@{PG}/", database_url)
    cmd = [*THEPOST, "render", "--data-dir", data_dir, "--database-url", direct]
    subprocess.run(cmd, check=True, timeout=600, stdout=subprocess.DEVNULL)


def worker_pids(pid: int, workers: int) -> list[int]:
    """The server itself with one worker; else its children but the resource tracker."""
    if workers == 1:
        return [pid]
    found = []
    for child in children(pid):
        try:
            if b"resource_tracker" not in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(child)
        except OSError:
            continue
    return sorted(found)


def rss(pids: list[int]) -> list[float]:
    return [rss_mib(p) for p in pids]


# -- measuring ------------------------------------------------------------------------------


def percentiles(ms: list[float]) -> dict[str, float]:
    ordered = sorted(ms)

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 3)

    return {
        "n": len(ordered),
        "p50_ms": round(statistics.median(ordered), 3),
        "p90_ms": at(0.90),
        "p99_ms": at(0.99),
        "min_ms": round(ordered[0], 3),
        "mean_ms": round(statistics.fmean(ordered), 3),
    }


def sequential(base: str, paths: list[str], requests: int) -> list[float]:
    """One client, one keep-alive connection, one request after another: milliseconds."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    times = []
    try:
        for i in range(requests):
            began = time.perf_counter()
            conn.request("GET", paths[i % len(paths)])
            response = conn.getresponse()
            response.read()
            times.append((time.perf_counter() - began) * 1000)
            assert response.status == 200, (paths[i % len(paths)], response.status)
    finally:
        conn.close()
    return times


def paced(base: str, path: str, seconds: float, rate: float) -> list[float]:
    """``rate`` requests a second for ``seconds`` on one keep-alive connection: ms each."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=30)
    times: list[float] = []
    start = time.perf_counter()
    try:
        for i in range(int(seconds * rate)):
            wait = start + i / rate - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            began = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            times.append((time.perf_counter() - began) * 1000)
            assert response.status == 200, (path, response.status)
    finally:
        conn.close()
    return times


def rtt(port: int, database: str = DATABASE, count: int = 300) -> dict[str, float]:
    """``SELECT 1`` on one connection, one after another (the extended protocol, as the
    app's statements): the round trip to the database."""
    import psycopg

    with psycopg.connect(f"postgresql://postgres@127.0.0.1:{port}/{database}") as conn:
        conn.execute("SELECT 1").fetchone()
        times = []
        for _ in range(count):
            began = time.perf_counter()
            conn.execute("SELECT 1").fetchone()
            times.append((time.perf_counter() - began) * 1000)
    return percentiles(times)


# -- the phases -----------------------------------------------------------------------------


def throughput(
    info: dict[str, Any], database_url: str, pages: dict[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """wrk on each page, one worker and four, page cache on and off, with each worker's
    memory at start and after its load."""
    runs: dict[str, Any] = {}
    memory: dict[str, Any] = {}
    for cache in (True, False):
        for workers in (1, 4):
            name = f"{workers}w-{'cached' if cache else 'uncached'}"
            print(f"{name}: thepost serve --workers {workers}, page cache {cache}", flush=True)
            with serve(info["data_dir"], database_url, workers=workers, cache=cache) as (
                base,
                pid,
            ):
                for path in pages.values():
                    fetch(base + path)
                time.sleep(1)  # every worker up
                pids = worker_pids(pid, workers)
                memory[name] = {"start": rss(pids)}
                for page, path in pages.items():
                    runs[f"{name}-{page}"] = wrk(base + path)
                memory[name]["after"] = rss(worker_pids(pid, workers))
            print(f"  RSS MiB {memory[name]}", flush=True)
    scaling = {}
    for cache in ("cached", "uncached"):
        for page in pages:
            one, four = runs[f"1w-{cache}-{page}"], runs[f"4w-{cache}-{page}"]
            scaling[f"{cache} {page}"] = round(four["req_s"] / one["req_s"], 2)
    print(f"scaling, 4 workers / 1: {scaling}", flush=True)
    return {"runs": runs, "scaling": scaling}, memory


def cpu_s(pid: int) -> float:
    """CPU time (user and system, every thread) of a process so far, in seconds."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def article_time(
    info: dict[str, Any], ways: dict[str, tuple[str, int, Path]], requests: int
) -> dict[str, Any]:
    """The uncached article page at concurrency 1 through each way to the database: one
    single-worker server per way, all running, taking turns request by request (so a
    slower spell of the machine falls on all alike). For each: latency, the server's CPU
    time per page, and the statements per page its proxy saw (less what the cache
    watcher sent meanwhile, measured with the servers idle)."""
    paths = info["paths"]
    out: dict[str, dict[str, Any]] = {name: {} for name in ways}
    print(f"article at concurrency 1, {requests} requests each, in turn: {list(ways)}")
    with ExitStack() as stack:
        servers = {
            name: stack.enter_context(serve(info["data_dir"], database_url, cache=False))
            for name, (database_url, _, _) in ways.items()
        }
        conns = {}
        for name, (base, _) in servers.items():
            host, port = base.removeprefix("http://").split(":")
            conns[name] = stack.enter_context(
                contextlib.closing(http.client.HTTPConnection(host, int(port), timeout=30))
            )
            sequential(base, paths, 40)  # warm: pooled connections, prepared statements
        proxies = {name: (pid, stats) for name, (_, pid, stats) in ways.items() if pid}
        idle_from, began = {n: counted(*p) for n, p in proxies.items()}, time.perf_counter()
        idle_cpu = {name: cpu_s(pid) for name, (_, pid) in servers.items()}
        time.sleep(3)
        idle_s = time.perf_counter() - began
        idle = {n: counted(*p) - idle_from[n] for n, p in proxies.items()}
        idle_cpu = {n: cpu_s(pid) - idle_cpu[n] for n, (_, pid) in servers.items()}
        before = {n: counted(*p) for n, p in proxies.items()}
        cpu = {name: cpu_s(pid) for name, (_, pid) in servers.items()}
        times: dict[str, list[float]] = {name: [] for name in ways}
        began = time.perf_counter()
        for i in range(requests):
            path = paths[i % len(paths)]
            for name, conn in conns.items():
                start = time.perf_counter()
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                times[name].append((time.perf_counter() - start) * 1000)
                assert response.status == 200, (name, path, response.status)
        elapsed = time.perf_counter() - began
        for name, (_, pid) in servers.items():
            used = cpu_s(pid) - cpu[name]
            out[name]["cpu_ms_per_page"] = round(used * 1000 / requests, 2)
            # less the cache watcher's polls meanwhile (its CPU time while idle)
            idle_part = idle_cpu[name] * elapsed / idle_s
            out[name]["cpu_ms_per_page_less_idle"] = round((used - idle_part) * 1000 / requests, 2)
        for name, proxy in proxies.items():
            during = counted(*proxy) - before[name]
            per_page = {
                k: round((v - idle[name].get(k, 0) * elapsed / idle_s) / requests, 2)
                for k, v in during.items()
            }
            out[name]["per_page"] = {k: v for k, v in per_page.items() if abs(v) >= 0.05}
            out[name]["watcher_per_s"] = {k: round(v / idle_s, 1) for k, v in idle[name].items()}
    for name, found in out.items():
        found.update(percentiles(times[name]))
        trips = found.get("per_page", {}).get("chunks to_server", "-")
        print(
            f"  {name}: p50 {found['p50_ms']} p90 {found['p90_ms']} p99 {found['p99_ms']} ms, "
            f"CPU {found['cpu_ms_per_page']} ms, round trips {trips}: "
            f"{found.get('per_page', '')}",
            flush=True,
        )
    return out


def stalls(
    info: dict[str, Any], ways: dict[str, str], seconds: int, rate: float = 50
) -> dict[str, Any]:
    """A cached page's latency on one worker, alone and while wrk keeps that worker's
    threads waiting on the database with uncached article requests."""
    article = info["paths"][0] + PAD
    out: dict[str, Any] = {}
    for name, database_url in ways.items():
        print(f"stalls: {name}", flush=True)
        with serve(info["data_dir"], database_url, workers=1, cache=True) as (base, _):
            fetch(base + "/")
            fetch(base + article)
            alone = paced(base, "/", min(10, seconds), rate)
            found: dict[str, Any] = {}

            def load_it(found: dict[str, Any] = found) -> None:
                found["wrk"] = wrk(base + article)

            loader = threading.Thread(target=load_it)
            loader.start()
            time.sleep(4 + 1)  # wrk's warm-up (3 s), its pause, then its run
            under = paced(base, "/", max(1, seconds - 4), rate)
            loader.join(timeout=seconds + 120)
        out[name] = {
            "cached_alone": percentiles(alone),
            "cached_under_load": percentiles(under),
            "uncached_load": found.get("wrk"),
        }
        print(
            f"  cached home alone p50 {out[name]['cached_alone']['p50_ms']} p99 "
            f"{out[name]['cached_alone']['p99_ms']} ms; under uncached load p50 "
            f"{out[name]['cached_under_load']['p50_ms']} p99 "
            f"{out[name]['cached_under_load']['p99_ms']} ms",
            flush=True,
        )
    return out


def poll(base: str, title: str, began: float, seen: dict[str, float]) -> None:
    """Ask ``base`` for its home page (a new connection each time) until it shows
    ``title``, for at most 10 s; note when, in ms after ``began``."""
    while time.perf_counter() - began < 10:
        if title in fetch(base + "/").decode():
            seen[base] = (time.perf_counter() - began) * 1000
            return
        time.sleep(0.005)


def publish_to_visible(
    info: dict[str, Any], proxy_port: int, rounds: int, redis: bool
) -> dict[str, Any]:
    """Four single-worker processes on a copy of the archive, each holding the home page;
    a story published through the actions (this process is the newsroom, behind the same
    delay); each round, the time from its commit until every process shows it, each
    polled by a thread of its own (``poll``)."""
    from sqlalchemy import event, select

    from thepost.app import build_services
    from thepost.config import Settings
    from thepost.content.models import Section

    database_url = url(proxy_port, COPY)
    settings = Settings(
        data_dir=Path(info["data_dir"]), database_url=database_url, redis_url=REDIS if redis else ""
    )
    services = build_services(settings)
    # The clock starts as the publishing transaction commits: what the newsroom does
    # after it (the Redis message among its reactions) is part of the delay.
    commits: list[float] = []
    event.listen(services.engine, "commit", lambda _: commits.append(time.perf_counter()))
    times: list[float] = []
    reactions: list[float] = []
    each: list[list[float]] = []
    memory: list[float] = []
    try:
        with services.writes() as session:
            section = session.scalars(select(Section).order_by(Section.id)).first()
            assert section is not None
            section_id = section.id
        with ExitStack() as stack:
            servers = [
                stack.enter_context(serve(info["data_dir"], database_url, redis=redis))
                for _ in range(4)
            ]
            bases = [base for base, _ in servers]
            for i in range(rounds):
                title = f"Breaking story number {i} {stamp()}"
                for base in bases:  # each holds the home page, cached
                    fetch(base + "/")
                commits.clear()
                publish(services, title, section_id)
                began = commits[0]
                reactions.append((time.perf_counter() - began) * 1000)
                seen: dict[str, float] = {}
                pollers = [
                    threading.Thread(target=poll, args=(base, title, began, seen)) for base in bases
                ]
                for poller in pollers:
                    poller.start()
                for poller in pollers:
                    poller.join(timeout=15)
                assert len(seen) == len(bases), f"round {i}: seen on {len(seen)} of 4 in 10 s"
                times.append(max(seen.values()))
                each.append([round(seen[b], 1) for b in bases])
                time.sleep(0.3)
            memory = [rss_mib(pid) for _, pid in servers]
    finally:
        services.engine.dispose()
    out = {
        "rounds": rounds,
        "redis": redis,
        "median_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
        "all_ms": [round(t, 1) for t in times],
        "after_commit_ms": [round(t, 1) for t in reactions],
        "each_process_ms": each,
        "rss_mib": memory,
    }
    print(
        f"publish to visible on all four ({'Redis' if redis else 'database counter'}): "
        f"median {out['median_ms']} ms, max {out['max_ms']} ms",
        flush=True,
    )
    return out


def run(args: argparse.Namespace) -> dict[str, Any]:
    direct = url(5432)
    ensure_database(DATABASE)
    info = archive.build(1000, database_url=direct)
    pages = {"article": info["paths"][0], "home": "/"}
    out: dict[str, Any] = {
        "articles": 1000,
        "database": DATABASE,
        "delay_ms": {"to_database": args.delay_ms, "from_database": args.reply_delay_ms},
        "article_path": pages["article"],
        "load_at_start": load(),
        "commands": {"wrk": " ".join(["wrk", "-t2", "-c32", "-d15s", "--timeout", "10s"])},
    }
    print(f"load average at start: {out['load_at_start']}", flush=True)
    one_way = args.delay_ms + args.reply_delay_ms
    stats_dir = Path(archive.ROOT / "cluster-stats")
    stats_dir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        main_port, main_pid = stack.enter_context(
            delayed(args.delay_ms, args.reply_delay_ms, stats_dir / "main.json")
        )
        zero_port, zero_pid = stack.enter_context(delayed(0, 0, stats_dir / "zero.json"))
        both_port, both_pid = stack.enter_context(
            delayed(one_way, one_way, stats_dir / "both.json")
        )
        out["rtt"] = {
            "direct": rtt(5432),
            "proxy, no delay": rtt(zero_port),
            f"proxy, {one_way:g} ms a round trip": rtt(main_port),
            f"proxy, {one_way:g} ms each way": rtt(both_port),
        }
        for name, found in out["rtt"].items():
            print(f"SELECT 1 round trip, {name}: p50 {found['p50_ms']} p90 {found['p90_ms']} ms")
        delayed_url = url(main_port)
        if "throughput" in args.phases:
            out["throughput"], out["rss_mib"] = throughput(info, delayed_url, pages)
        if "article" in args.phases:
            ways = {
                "direct": (direct, 0, Path()),
                "proxy, no delay": (url(zero_port), zero_pid, stats_dir / "zero.json"),
                f"{one_way:g} ms a round trip": (delayed_url, main_pid, stats_dir / "main.json"),
                f"{2 * one_way:g} ms a round trip ({one_way:g} each way)": (
                    url(both_port),
                    both_pid,
                    stats_dir / "both.json",
                ),
            }
            out["article_c1"] = article_time(info, ways, args.requests)
        if "stalls" in args.phases:
            out["stalls"] = stalls(
                info, {f"{one_way:g} ms a round trip": delayed_url, "direct": direct}, args.seconds
            )
        if "publish" in args.phases:
            drop_database(COPY)
            ensure_database(COPY, template=DATABASE)
            try:
                out["publish"] = {
                    "redis": publish_to_visible(info, main_port, args.rounds, redis=True),
                    "counter": publish_to_visible(info, main_port, args.rounds, redis=False),
                }
            finally:
                drop_database(COPY)
    shutil.rmtree(stats_dir, ignore_errors=True)
    out["load_at_end"] = load()
    print(f"load average at end: {out['load_at_end']}", flush=True)
    return out


PHASES = ("throughput", "article", "stalls", "publish")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay-ms", type=float, default=1.0, help="held on the way there")
    parser.add_argument("--reply-delay-ms", type=float, default=0.0, help="and on the way back")
    parser.add_argument("--seconds", type=int, default=15, help="wrk's -d in the stall phase")
    parser.add_argument("--requests", type=int, default=300, help="article pages at -c1")
    parser.add_argument("--rounds", type=int, default=10, help="publish-to-visible rounds")
    parser.add_argument("--phases", nargs="+", choices=PHASES, default=list(PHASES))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("needs wrk: make bench-tools")
    save("cluster", run(args))


if __name__ == "__main__":
    main()
