"""Cached pages over HTTP three ways in one run: uvicorn's own httptools protocol (the
page cache answering in the ASGI layer), ``CachedHttpProtocol`` (hits answered in the
protocol), and nginx serving the same HTML as a static file. Besides requests per second
it reports the server's CPU time per request (user + system, from /proc, all its
processes), which holds up on a busy machine far better than requests per second::

    .venv/bin/python bench/hitpath_bench.py                 # 1,000-article archive, ~2 min
    .venv/bin/python bench/hitpath_bench.py --rounds 2 --seconds 10

Same archive, wrk command and nginx config as ``page_bench.py http``; both servers run
``thepost.asgi:app`` with two workers and the settings ``thepost serve`` uses.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import page_bench
from page_bench import archive, children, nginx, save

TICK = os.sysconf("SC_CLK_TCK")
PROTOCOLS = {
    "uvicorn-httptools": "httptools",
    "cached-protocol": "thepost.web.protocol:CachedHttpProtocol",
    "hit-protocol": "thepost.web.protocol:HitProtocol",  # in front of the one above
}
# Stands in for `thepost serve` in page_bench.thepost (which appends "serve --port N
# --workers 2"), with the protocol from BENCH_HTTP, or as `thepost serve` when it is empty.
RUN = (
    "import os, sys, uvicorn; from thepost.server import SERVER; a = sys.argv; "
    "uvicorn.run('thepost.asgi:app', port=int(a[a.index('--port') + 1]), "
    "workers=int(a[a.index('--workers') + 1]), env_file=None, "
    "**{**SERVER, 'http': os.environ['BENCH_HTTP'] or SERVER['http']})"
)


@contextmanager
def server(data_dir: str, http: str) -> Iterator[tuple[str, int]]:
    page_bench.THEPOST = [sys.executable, "-c", RUN]
    with page_bench.thepost(data_dir, BENCH_HTTP=http) as running:
        yield running


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICK


def measure(
    url: str, pids: list[int], seconds: int, *, headers: Sequence[str] = (), warmup: int = 3
) -> dict[str, Any]:
    """wrk on ``url`` for ``seconds`` (32 connections, ``headers`` as wrk's ``-H`` options)
    after ``warmup`` seconds on 2 connections; with the CPU time of ``pids``."""
    warm = ["wrk", "-t2", "-c2", f"-d{warmup}s", *headers, url]
    subprocess.run(warm, capture_output=True, timeout=warmup + 60, check=False)
    before = cpu_seconds(pids)
    command = ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "10s", *headers, url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    used = cpu_seconds(pids) - before
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    result = {
        "req_s": rps,
        "cpu_us_per_request": round(used / requests * 1e6, 2),
        "non_2xx": int(bad.group(1)) if bad else 0,
        "socket_errors": errors.group(1) if errors else "",
        "load_1min": os.getloadavg()[0],
    }
    shown = " ".join(h for h in headers if h != "-H")
    print(f"  {url} {shown}: {rps:,.0f} req/s, {result['cpu_us_per_request']} µs CPU per request")
    return result


def run(articles: int, rounds: int, seconds: int) -> dict[str, Any]:
    info = archive.build(articles)
    pages = {"article": info["paths"][0], "home": "/"}
    out: dict[str, Any] = {"articles": articles, "seconds": seconds, "runs": []}
    html: dict[str, bytes] = {}
    for round_ in range(rounds):
        figures: dict[str, Any] = {}
        for name, http in PROTOCOLS.items():
            with server(info["data_dir"], http) as (base, pid):
                pids = [pid, *children(pid)]
                for page, path in pages.items():
                    with urllib.request.urlopen(base + path) as response:
                        html[f"{page}.html"] = response.read()
                    figures[f"{name}-{page}"] = measure(base + path, pids, seconds)
        with nginx(html) as base:
            pids = [int(p) for p in children(_nginx_master(base))]
            for page in pages:
                figures[f"nginx-static-{page}"] = measure(f"{base}/{page}.html", pids, seconds)
        for page in pages:
            for name in PROTOCOLS:
                ratio = (
                    figures[f"{name}-{page}"]["req_s"] / figures[f"nginx-static-{page}"]["req_s"]
                )
                figures[f"ratio {name}/nginx {page}"] = round(ratio, 3)
        print(f"round {round_ + 1}:", {k: v for k, v in figures.items() if k.startswith("ratio")})
        out["runs"].append(figures)
    return out


def _nginx_master(base: str) -> int:
    """nginx's master process (its workers are its children)."""
    port = base.rsplit(":", 1)[1]
    found = subprocess.run(["pgrep", "-f", "thepost-nginx-"], capture_output=True, text=True)
    for pid in found.stdout.split():
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        conf = re.search(r"-c (\S+)", cmdline)
        if "master" in cmdline and conf and f"127.0.0.1:{port};" in Path(conf[1]).read_text():
            return int(pid)
    raise RuntimeError("nginx not found")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    save("hitpath", run(args.articles, args.rounds, args.seconds))


if __name__ == "__main__":
    main()
