"""Rate limits in memory and in Redis (shared by every process that points at it)."""

from __future__ import annotations

import time
import uuid

import pytest
import redis

from thepost.ratelimit import RateLimiter

REDIS_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture
def redis_url() -> str:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis not reachable at 127.0.0.1:6379 ({exc}); start it to run these")
    return REDIS_URL


def test_memory_window() -> None:
    limiter = RateLimiter()
    assert limiter.hit("comment-ip", "a", per_seconds=1)
    assert not limiter.hit("comment-ip", "a", per_seconds=1)
    assert limiter.hit("comment-ip", "b", per_seconds=1)
    assert limiter.hit("comment-email", "a", per_seconds=1)  # scopes are apart
    time.sleep(1.1)
    assert limiter.hit("comment-ip", "a", per_seconds=1)


def test_zero_seconds_means_no_limit() -> None:
    limiter = RateLimiter()
    assert all(limiter.hit("x", "a", per_seconds=0) for _ in range(5))


def test_redis_is_shared_between_processes(redis_url) -> None:
    key = uuid.uuid4().hex
    one, two = RateLimiter(redis_url), RateLimiter(redis_url)  # two app processes
    assert one.hit("comment-ip", key, per_seconds=15)
    assert not two.hit("comment-ip", key, per_seconds=15)
    two.clear("comment-ip", key, per_seconds=15)
    assert one.hit("comment-ip", key, per_seconds=15)
