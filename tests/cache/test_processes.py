"""Two real server processes (``thepost serve`` on loopback ports) share one database:
a change made elsewhere (here, by this test process, as the CLI would) shows on both
within a second. On SQLite and PostgreSQL through the database's generation counter,
and on PostgreSQL with Redis through pub/sub (the database poll slowed to 5 s so only
Redis can be that quick)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import factories as f
from cache.steps import rewrite
from thepost.app import build_services
from thepost.config import Settings
from thepost.content import actions
from thepost.permissions import SYSTEM
from thepost.redis_client import Redis, RedisError

START_SECONDS = 30
REDIS_URL = "redis://127.0.0.1:6379/0"
# Every server of these tests speaks on the one invalidation channel: with the suite on
# several workers, they run on one, in turn.
pytestmark = pytest.mark.xdist_group("redis-channel")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


@contextmanager
def servers(
    settings: Settings, count: int, *args: str, procs: list | None = None, **env: str
) -> Iterator[list[str]]:
    """``count`` server processes on free loopback ports; always killed on the way out."""
    procs = [] if procs is None else procs
    bases = []
    environ = {
        **os.environ,
        "THEPOST_DATA_DIR": str(settings.data_dir),
        "THEPOST_DATABASE_URL": settings.database_url,
        **env,
    }
    try:
        for _ in range(count):
            port = free_port()
            procs.append(
                subprocess.Popen(
                    [sys.executable, "-m", "thepost", "serve", "--port", str(port), *args],
                    env=environ,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + START_SECONDS
        for proc, base in zip(procs, bases, strict=True):
            while True:
                if proc.poll() is not None:
                    raise AssertionError(proc.stderr.read().decode() if proc.stderr else "exited")
                try:
                    if fetch(base + "/readyz")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        yield bases
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            if proc.stderr:
                proc.stderr.close()


def shown_everywhere(bases: list[str], path: str, predicate, patience: float = 30.0) -> None:
    """Every server's page at ``path`` comes to satisfy ``predicate``: the change reaches
    each process by itself, with no request to the process that made it. ``patience`` only
    keeps a broken build from hanging; how fast it arrives is measured in bench/
    (``page_bench.py``'s publish-to-visible), not here."""
    deadline = time.monotonic() + patience
    waiting = set(bases)
    while waiting:
        for base in list(waiting):
            if predicate(*fetch(base + path)):
                waiting.discard(base)
        if time.monotonic() > deadline:
            raise AssertionError(f"never shown on {sorted(waiting)}")
        time.sleep(0.02)


def seed(services):
    with services.writes.begin() as session:
        news = f.section(session, "News")
        story = f.article(services, session, title="The bridge reopens", section=news)
    return story


def edit_and_publish(services, bases: list[str], story) -> None:
    path = "/news/the-bridge-reopens"
    for base in bases:  # both processes now hold the pages
        for page in ("/", path):
            assert fetch(base + page)[0] == 200
    rewrite(services, story, "Lorries still wait a week.")
    shown_everywhere(bases, path, lambda status, html: "Lorries still wait" in html)
    with services.writes.begin() as session:
        f.article(services, session, title="Harbour cranes arrive", section=None)
    shown_everywhere(bases, "/", lambda status, html: "Harbour cranes arrive" in html)
    with services.writes.begin() as session:
        actions.unpublish_article(
            session, services.bus, story.id, actor=SYSTEM, now=services.clock()
        )
    shown_everywhere(bases, path, lambda status, html: status == 404)


def test_changes_reach_every_process_through_the_database(services, settings) -> None:
    story = seed(services)
    with servers(settings, 2) as bases:
        edit_and_publish(services, bases, story)


@pytest.mark.postgres
def test_changes_reach_every_process_through_redis(tmp_path: Path, postgres_url, clock) -> None:
    try:
        with Redis(REDIS_URL, timeout=2) as client:
            client.command("PING")
    except RedisError as exc:
        pytest.skip(f"Redis not reachable at 127.0.0.1:6379 ({exc}); start it to run this")
    settings = Settings(data_dir=tmp_path / "data", database_url=postgres_url, redis_url=REDIS_URL)
    services = build_services(settings, clock=clock)
    from conftest import _truncate_postgres

    _truncate_postgres(services.engine)
    try:
        story = seed(services)
        slow_poll = {"THEPOST_REDIS_URL": REDIS_URL, "THEPOST_PAGE_CACHE_CHECK_MS": "5000"}
        with servers(settings, 2, **slow_poll) as bases:
            time.sleep(0.3)  # the listeners subscribe just after the servers answer
            edit_and_publish(services, bases, story)
    finally:
        services.close()


def children(pid: int) -> list[str]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return found.stdout.split()


def test_serve_with_workers_and_a_graceful_stop(services, settings) -> None:
    seed(services)
    procs: list[subprocess.Popen] = []
    with servers(settings, 1, "--workers", "2", procs=procs) as [base]:
        for _ in range(20):
            assert fetch(base + "/news/the-bridge-reopens")[0] == 200
        assert fetch(base + "/healthz") == (200, "ok\n")
        [main] = procs
        deadline = time.monotonic() + 20
        while len(children(main.pid)) < 2:  # uvicorn's workers (a resource tracker may join)
            assert time.monotonic() < deadline, "workers did not start"
            time.sleep(0.1)
        main.terminate()
        assert main.wait(timeout=30) == 0  # stopped cleanly on SIGTERM
