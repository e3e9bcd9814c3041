"""Every committed webhook event reaches its receiver across SIGKILLs of the server, once
per ``webhook-id`` (a post cut off by the kill may arrive twice, with the same id, which
is how receivers know it), and a story's events in the order they happened.

A writer publishes and unpublishes stories through the API of a real ``thepost serve``
process, which is killed with SIGKILL and started again several times; its webhook
worker delivers to a receiver on 127.0.0.1. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from admin.conftest import make_user
from api.conftest import make_token
from comments.test_durability import Server, _free_port, _request
from thepost.permissions import SYSTEM
from thepost.webhooks import actions as hooks
from thepost.webhooks.models import WebhookEvent
from webhooks.receiver import Receiver

KILLS = 3
LIVES = (1.0, 2.5)  # seconds a server lives before it is killed...
LIFE_CAP = 30.0  # ...and then until the writer has finished a story, at most this long
SETTLE = 120.0  # seconds for the last server to deliver what is owed (leases run out)

pytestmark = pytest.mark.slow


def _writer(port: int, token: str, stop: threading.Event, done: list[int]) -> None:
    """Stories created, published and unpublished; ``done``: those whose three steps were
    acknowledged (each step is sent once: a broken connection moves on to a new story)."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    n = 0
    while not stop.is_set():
        n += 1
        try:
            status, body = _request(
                port, "POST", "/api/v1/admin/articles",
                json.dumps({"title": f"Story {n}", "body": "Words."}).encode(), headers,
            )  # fmt: skip
            if status != 201:
                time.sleep(0.05)
                continue
            story = json.loads(body)["article"]["id"]
            steps = [
                _request(port, "POST", f"/api/v1/admin/articles/{story}/{step}", None, headers)[0]
                for step in ("publish", "unpublish")
            ]
            if steps == [200, 200]:
                done.append(story)
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)


def _live(done: list[int], seconds: float) -> None:
    """Let the server live ``seconds``, and then until the writer has finished one more
    story (a busy machine starts it slowly), at most ``LIFE_CAP``."""
    now = time.monotonic()
    least, most, before = now + seconds, now + LIFE_CAP, len(done)
    while now < most and not (now >= least and len(done) > before):
        time.sleep(0.02)
        now = time.monotonic()


def test_committed_events_arrive_across_sigkill(settings, services, clock, tmp_path: Path):
    clock.now = datetime.now(UTC)
    receiver = Receiver().start()
    editor = make_user(services, "editor")
    token = make_token(services, editor, "articles:write")
    with services.writes.begin() as session:
        hooks.create_endpoint(
            session, actor=SYSTEM, url=receiver.url, events=[], now=clock(), allow_private=True
        )
    server = Server(settings, _free_port(), tmp_path / "server.log", "/healthz")
    server.env["THEPOST_WEBHOOKS_ALLOW_PRIVATE"] = "1"
    server.env["THEPOST_WEBHOOKS_INTERVAL_MS"] = "100"
    stop, done = threading.Event(), []
    writer = threading.Thread(target=_writer, args=(server.port, token, stop, done))
    rng = random.Random()
    try:
        server.start()
        writer.start()
        for _ in range(KILLS):
            _live(done, rng.uniform(*LIVES))
            server.kill()
            server.start()
        _live(done, rng.uniform(*LIVES))
        stop.set()
        writer.join(timeout=30)
        with services.reads() as session:
            committed = session.execute(
                select(WebhookEvent.uid, WebhookEvent.subject).order_by(WebhookEvent.id)
            ).all()
        deadline = time.monotonic() + SETTLE
        while time.monotonic() < deadline:
            got = {r.headers["webhook-id"] for r in receiver.received}
            if got >= {uid for uid, _ in committed}:
                break
            time.sleep(0.2)
        server.stop()
    finally:
        stop.set()
        server.close()
        receiver.stop()

    received = [(r.headers["webhook-id"], r.payload) for r in receiver.received]
    ids = [uid for uid, _ in received]
    summary = f"{len(done)} stories done, {len(committed)} events, {len(ids)} posts received"
    assert len(done) >= 3, summary
    missing = {uid for uid, _ in committed} - set(ids)
    assert not missing, f"committed but never delivered: {len(missing)}; {summary}"
    repeats = len(ids) - len(set(ids))
    assert repeats <= KILLS, f"{repeats} repeats for {KILLS} kills; {summary}"
    # Each acknowledged step has its event; a story's events arrived in their order.
    by_story: dict[int, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for uid, payload in received:
        if uid not in seen:
            seen.add(uid)
            by_story[payload["data"]["id"]].append(payload["type"])
    for story in done:
        assert by_story[story] == ["article.published", "article.unpublished"], (story, summary)
    order = {uid: n for n, (uid, _) in enumerate(committed)}
    for subject in {s for _, s in committed}:
        mine = [uid for uid, s in committed if s == subject]
        arrived = [uid for uid in dict.fromkeys(ids) if uid in set(mine)]
        assert arrived == sorted(arrived, key=order.__getitem__), subject
