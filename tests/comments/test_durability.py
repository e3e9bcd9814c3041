"""Every comment acknowledged to a reader survives a crash of the server.

Eight readers post comments to a real ``thepost serve`` process while the test kills it
with SIGKILL at random moments and starts it again, several times. A comment counts as
acknowledged when its post got the 303 redirect. After the last crash the server is
started once more (recovery) and stopped cleanly; then every acknowledged comment must
be in the database exactly once, and no comment may be stored twice.

A post whose connection broke got no answer: it may or may not be stored, and it is never
sent again, so a second copy of any comment can only come from the server itself.

Runs on SQLite (WAL, ``synchronous=FULL``) and on PostgreSQL.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

from sqlalchemy import select

import factories
from thepost.comments import policy as policies
from thepost.comments.models import Comment
from thepost.config import Settings
from thepost.services import Services
from thepost.web import urls

POSTERS = 8
MIN_KILLS = 4
POSTING_SECONDS = 15.0  # keep killing and restarting for this long (and MIN_KILLS times)
KILL_EVERY = (0.5, 1.5)  # seconds a server lives before it is killed...
LIFE_CAP = 30.0  # ...and then until it has acknowledged a comment, at most this long
MAX_POSTS_PER_POSTER = 5_000
ENOUGH = 50  # acknowledged comments, at the least, for the run to prove anything
HARD_DEADLINE = 150.0  # seconds for the whole kill-and-restart phase
START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 10.0
_STAMP = re.compile(r'name="stamp" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _request(
    port: int,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """One request on its own connection, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


class Server:
    """``thepost serve`` as a subprocess, killed and started again on the same port."""

    def __init__(self, settings: Settings, port: int, log_path: Path, probe: str) -> None:
        self.port = port
        self.probe = probe  # a page that answers 200 once the server is up
        self.log_path = log_path
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("THEPOST_")}
        self.env["THEPOST_DATA_DIR"] = str(settings.data_dir)
        self.env["THEPOST_DATABASE_URL"] = settings.resolved_database_url
        self.log: IO[bytes] = log_path.open("ab")
        self.process: subprocess.Popen[bytes] | None = None
        # Server lifetimes, counted from 1. The number goes up as soon as a server is dead,
        # so an answer received while it did not change came from that lifetime's server.
        self.lifetime = 0
        self.kills = 0

    def start(self) -> None:
        self.lifetime += 1
        self.log.write(f"\n--- lifetime {self.lifetime} ---\n".encode())
        self.log.flush()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "thepost", "serve", "--port", str(self.port)],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                status, _ = _request(self.port, "GET", self.probe)
                if status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not come up:\n{self.output()}")
            time.sleep(0.05)

    def kill(self) -> None:
        assert self.process is not None and self.process.poll() is None, self.output()
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.kills += 1

    def stop(self) -> None:
        """Stop the current server cleanly (SIGTERM), or by force if it will not go."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)

    def close(self) -> None:
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
                self.process.wait(timeout=30)
        finally:
            self.log.close()

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")[-6000:]


@dataclass
class Tally:
    """What the posters saw, shared between their threads."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: dict[str, int | None] = field(default_factory=dict)  # body -> lifetime
    per_lifetime: Counter[int | None] = field(default_factory=Counter)  # acknowledgements
    sent: set[str] = field(default_factory=set)
    statuses: Counter[int] = field(default_factory=Counter)
    connection_errors: Counter[str] = field(default_factory=Counter)
    crashes: list[BaseException] = field(default_factory=list)


def _poster(
    n: int, server: Server, path: str, stamp: str, run: str, stop: threading.Event, tally: Tally
) -> None:
    origin = f"http://127.0.0.1:{server.port}"
    headers = {"Origin": origin, "Content-Type": "application/x-www-form-urlencoded"}
    try:
        for i in range(MAX_POSTS_PER_POSTER):
            if stop.is_set():
                return
            body = f"Durability check {run}: poster {n}, comment {i}. Still here after the crash?"
            form = {
                "author": f"Poster {n}",
                "email": f"poster{n}-{i}@example.org",
                "url": "",
                "comment": body,
                "parent_id": "",
                "stamp": stamp,
                "website_hp": "",
            }
            with tally.lock:
                tally.sent.add(body)
            before = server.lifetime
            try:
                status, _ = _request(server.port, "POST", path, urlencode(form).encode(), headers)
            except (OSError, http.client.HTTPException) as exc:
                # The server died (or is starting): no answer, so no promise. Never resend.
                with tally.lock:
                    tally.connection_errors[type(exc).__name__] += 1
                time.sleep(random.uniform(0.02, 0.1))
                continue
            after = server.lifetime
            with tally.lock:
                tally.statuses[status] += 1
                if status == 303:
                    tally.acknowledged[body] = before if before == after else None
                    tally.per_lifetime[before if before == after else None] += 1
    except BaseException as exc:  # reported by the test, not lost in the thread
        with tally.lock:
            tally.crashes.append(exc)


def _live(server: Server, tally: Tally, seconds: float) -> None:
    """Let the server live ``seconds``, and then until it has acknowledged a comment (a
    busy machine starts it slowly), at most ``LIFE_CAP``."""
    now = time.monotonic()
    least, most = now + seconds, now + LIFE_CAP
    while now < most:
        with tally.lock:
            acknowledged = tally.per_lifetime[server.lifetime]
        if now >= least and acknowledged:
            return
        time.sleep(0.02)
        now = time.monotonic()


def test_acknowledged_comments_survive_sigkill(
    settings: Settings, services: Services, clock, tmp_path: Path
) -> None:
    clock.now = datetime.now(UTC)  # the server runs on the real clock
    with services.writes() as session:
        section = factories.section(session, "Durability")
        article = factories.article(services, session, section=section, title="Crash proof")
        policies.save(session, policies.ModerationPolicy(flood_seconds=0))
        session.commit()
        session.refresh(article, ["section"])
        page, post_path, article_id = urls.article(article), urls.comment_post(article), article.id

    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    run = f"{seed:06d}"
    server = Server(settings, _free_port(), tmp_path / "server.log", page)
    tally = Tally()
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        server.start()
        status, html = _request(server.port, "GET", page)
        assert status == 200
        found = _STAMP.search(html.decode())
        assert found, "the article page has no comment form stamp"
        stamp = unescape(found.group(1))

        threads = [
            threading.Thread(
                target=_poster,
                args=(n, server, post_path, stamp, run, stop, tally),
                name=f"poster-{n}",
            )
            for n in range(POSTERS)
        ]
        for thread in threads:
            thread.start()

        began = time.monotonic()
        while True:
            _live(server, tally, rng.uniform(*KILL_EVERY))
            server.kill()  # while the posters are mid-request
            elapsed = time.monotonic() - began
            enough = server.kills >= MIN_KILLS and len(tally.acknowledged) >= ENOUGH
            if (elapsed >= POSTING_SECONDS and enough) or elapsed >= HARD_DEADLINE:
                break
            server.start()

        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT * 3)
        assert not any(t.is_alive() for t in threads), "a poster did not finish"

        server.start()  # recovery after the last crash
        assert _request(server.port, "GET", page)[0] == 200
        server.stop()
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=REQUEST_TIMEOUT * 3)
        server.close()

    with services.writes() as session:
        stored = Counter(
            session.scalars(select(Comment.body).where(Comment.article_id == article_id)).all()
        )

    summary = (
        f"seed {seed}, {server.kills} kills, {server.lifetime} lifetimes, "
        f"{len(tally.sent)} sent, {len(tally.acknowledged)} acknowledged, "
        f"{sum(stored.values())} stored, statuses {dict(tally.statuses)}, "
        f"connection errors {dict(tally.connection_errors)}"
    )
    print(summary)
    assert not tally.crashes, f"{tally.crashes!r}\n{summary}"
    twice = sorted(body for body, count in stored.items() if count > 1)
    assert not twice, f"stored more than once: {twice[:10]}\n{summary}"
    lost = sorted(set(tally.acknowledged) - set(stored))
    assert not lost, f"acknowledged but lost: {lost[:10]} ({len(lost)} in all)\n{summary}"
    assert set(stored) <= tally.sent, summary

    # Not vacuous: the server really was killed under load, and acknowledged comments
    # came from several of its lifetimes.
    assert server.kills >= MIN_KILLS, summary
    cut_off = (
        tally.connection_errors["RemoteDisconnected"]
        + tally.connection_errors["ConnectionResetError"]
    )
    assert cut_off, f"no post was in flight when the server died\n{summary}"
    lifetimes = {life for life in tally.acknowledged.values() if life is not None}
    assert len(lifetimes) >= 3, f"acknowledgements only in lifetimes {lifetimes}\n{summary}"
    assert len(tally.acknowledged) >= ENOUGH, summary
