"""Rate limits in memory and in Redis (shared by every process that points at it), and
what happens while Redis cannot be reached."""

from __future__ import annotations

import logging
import socket
import time
import uuid
from collections.abc import Iterator

import pytest

from thepost.ratelimit import RateLimiter
from thepost.redis_client import Redis, RedisError

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url() -> str:
    try:
        with Redis(REDIS_URL, timeout=2) as client:
            client.command("PING")
    except RedisError as exc:
        pytest.skip(f"Redis not reachable at 127.0.0.1:6379 ({exc}); start it to run these")
    return REDIS_URL


@pytest.fixture(params=["memory", "redis"])
def limiter(request) -> Iterator[RateLimiter]:
    if request.param == "memory":
        limiter = RateLimiter()
    else:
        limiter = RateLimiter(request.getfixturevalue("redis_url"))
    yield limiter
    limiter.close()


def test_memory_window() -> None:
    limiter = RateLimiter()
    assert limiter.hit("comment-ip", "a", per_seconds=1)
    assert not limiter.hit("comment-ip", "a", per_seconds=1)
    assert limiter.hit("comment-ip", "b", per_seconds=1)
    assert limiter.hit("comment-email", "a", per_seconds=1)  # scopes are apart
    time.sleep(1.1)
    assert limiter.hit("comment-ip", "a", per_seconds=1)


def test_the_window_moves(limiter) -> None:
    """Three in any two seconds: the fourth waits until the first has left the window,
    not until a fixed window's end."""
    key = uuid.uuid4().hex
    assert limiter.hit("search", key, per_seconds=2, amount=3)
    time.sleep(1.1)
    assert limiter.hit("search", key, per_seconds=2, amount=3)
    assert limiter.hit("search", key, per_seconds=2, amount=3)
    assert not limiter.test("search", key, per_seconds=2, amount=3)
    assert not limiter.hit("search", key, per_seconds=2, amount=3)
    time.sleep(1.0)  # the first is out; the other two are in
    assert limiter.test("search", key, per_seconds=2, amount=3)
    assert limiter.hit("search", key, per_seconds=2, amount=3)
    assert not limiter.hit("search", key, per_seconds=2, amount=3)


def test_test_does_not_count(limiter) -> None:
    key = uuid.uuid4().hex
    assert all(limiter.test("login", key, per_seconds=60, amount=2) for _ in range(5))
    assert limiter.hit("login", key, per_seconds=60, amount=2)
    assert limiter.hit("login", key, per_seconds=60, amount=2)
    assert not limiter.test("login", key, per_seconds=60, amount=2)
    limiter.clear("login", key, per_seconds=60, amount=2)
    assert limiter.test("login", key, per_seconds=60, amount=2)


def test_zero_seconds_means_no_limit() -> None:
    limiter = RateLimiter()
    assert all(limiter.hit("x", "a", per_seconds=0) for _ in range(5))


def test_an_amount_under_one_counts_as_one(limiter) -> None:
    key = uuid.uuid4().hex
    assert limiter.hit("x", key, per_seconds=60, amount=0)
    assert not limiter.hit("x", key, per_seconds=60, amount=0)
    assert not limiter.test("x", key, per_seconds=60, amount=-3)


def test_memory_forgets_keys_whose_window_has_passed(monkeypatch) -> None:
    limiter = RateLimiter()
    windows = limiter._windows
    monkeypatch.setattr(type(windows), "SWEEP_EVERY", 10)
    for n in range(9):
        limiter.hit("comment-ip", f"reader-{n}", per_seconds=1)
    time.sleep(1.05)
    limiter.hit("comment-ip", "now", per_seconds=60)  # the tenth: sweeps
    assert [key.rsplit(":", 1)[1] for key in windows._times] == ["now"]


def test_redis_is_shared_between_processes(redis_url) -> None:
    key = uuid.uuid4().hex
    one, two = RateLimiter(redis_url), RateLimiter(redis_url)  # two app processes
    assert one.hit("comment-ip", key, per_seconds=15)
    assert not two.hit("comment-ip", key, per_seconds=15)
    two.clear("comment-ip", key, per_seconds=15)
    assert one.hit("comment-ip", key, per_seconds=15)
    one.close()
    two.close()


def test_the_script_is_loaded_again_after_a_flush(limiter, redis_url) -> None:
    """Redis restarted without its scripts (``SCRIPT FLUSH`` does the same)."""
    key = uuid.uuid4().hex
    assert limiter.hit("comment-ip", key, per_seconds=15)
    with Redis(redis_url) as client:
        client.command("SCRIPT", "FLUSH")
    assert not limiter.hit("comment-ip", key, per_seconds=15)


def test_without_redis_each_process_counts_alone(caplog) -> None:
    """Nothing listens on the port: limits hold, per process, and the log says why."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    limiter = RateLimiter(f"redis://127.0.0.1:{port}/0")
    with caplog.at_level(logging.WARNING, logger="thepost.ratelimit"):
        assert limiter.hit("comment-ip", "a", per_seconds=15)
        assert not limiter.hit("comment-ip", "a", per_seconds=15)
    assert [r.message for r in caplog.records if "Redis failed" in r.message][:1]
    assert len(caplog.records) == 1  # once a minute, not once a request


def test_redis_is_left_alone_a_while_after_a_failure(monkeypatch) -> None:
    """A Redis that does not answer would cost every request the client's timeout: after
    a failure the process counts alone for ``RETRY_AFTER`` seconds, then asks again."""
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    limiter = RateLimiter(f"redis://127.0.0.1:{port}/0")
    windows = limiter._windows
    monkeypatch.setattr(type(windows), "RETRY_AFTER", 0.5)
    asked = []
    command = windows._client.command
    monkeypatch.setattr(windows._client, "command", lambda *a: asked.append(a) or command(*a))
    for n in range(5):
        limiter.hit("comment-ip", f"reader-{n}", per_seconds=15)
    assert len(asked) == 1
    time.sleep(0.6)
    limiter.hit("comment-ip", "reader-6", per_seconds=15)
    assert len(asked) == 2
