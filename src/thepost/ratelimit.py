"""Rate limits: at most ``amount`` events for a key in any ``per_seconds`` (a moving
window: the times of the last ``amount`` events are kept). In process memory by default;
in Redis when ``THEPOST_REDIS_URL`` is set, so that every process and host shares one
count, on the Redis server's clock. While Redis cannot be reached, each process counts
in its own memory again (and says so in the log once a minute, and asks Redis again
after a few seconds): limits stay, per process, rather than every comment, search and
login failing or waiting.

    limiter = RateLimiter("memory://")
    limiter.hit("comment-ip", "abc", per_seconds=15)  # True: allowed
    limiter.hit("comment-ip", "abc", per_seconds=15)  # False: too soon
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque

from thepost.redis_client import Redis, RedisError, ReplyError

log = logging.getLogger(__name__)

# KEYS[1]: the key's list of event times, newest first; ARGV: amount, window (seconds),
# and whether to count the event (1) or only ask (0). Returns 1 when allowed.
_MOVING_WINDOW = """
local amount = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local oldest = redis.call('LINDEX', KEYS[1], amount - 1)
if oldest and tonumber(oldest) > now - window then
    return 0
end
if ARGV[3] == '1' then
    redis.call('LPUSH', KEYS[1], string.format('%.6f', now))
    redis.call('LTRIM', KEYS[1], 0, amount - 1)
    redis.call('EXPIRE', KEYS[1], window)
end
return 1
"""


class RateLimiter:
    def __init__(self, uri: str = "memory://") -> None:
        self.uri = uri
        self._windows = _Memory() if uri.startswith("memory://") else _Redis(uri)

    def hit(self, scope: str, key: str, *, per_seconds: int, amount: int = 1) -> bool:
        """Count one event for ``key``; False when more than ``amount`` fall in the window
        (no limit when ``per_seconds`` is 0; an ``amount`` under 1 counts as 1)."""
        return self._allowed(scope, key, per_seconds, amount, count=True)

    def test(self, scope: str, key: str, *, per_seconds: int, amount: int = 1) -> bool:
        """Whether one more event for ``key`` would be allowed, without counting it."""
        return self._allowed(scope, key, per_seconds, amount, count=False)

    def _allowed(self, scope: str, key: str, per_seconds: int, amount: int, *, count: bool) -> bool:
        if per_seconds <= 0:
            return True
        amount = max(1, amount)
        return self._windows.allowed(
            _key(scope, key, per_seconds, amount), amount, per_seconds, count
        )

    def clear(self, scope: str, key: str, *, per_seconds: int, amount: int = 1) -> None:
        self._windows.clear(_key(scope, key, per_seconds, max(1, amount)))

    def close(self) -> None:
        """Let go of the Redis connection (a serving process keeps it to its end)."""
        self._windows.close()


def _key(scope: str, key: str, per_seconds: int, amount: int) -> str:
    return f"thepost:limit:{scope}:{amount}/{per_seconds}:{key}"


class _Memory:
    """The windows of one process. Keys whose window has passed are swept now and then,
    so a process that sees many addresses once keeps only the recent ones."""

    SWEEP_EVERY = 10_000

    def __init__(self) -> None:
        self._times: dict[str, deque[float]] = {}
        self._windows: dict[str, float] = {}
        self._lock = threading.Lock()
        self._since_sweep = 0

    def allowed(self, key: str, amount: int, window: float, count: bool) -> bool:
        now = time.monotonic()
        with self._lock:
            times = self._times.get(key)
            if times is not None and len(times) >= amount and times[0] > now - window:
                return False
            if count:
                if times is None:
                    times = self._times[key] = deque(maxlen=amount)
                    self._windows[key] = window
                times.append(now)
                self._since_sweep += 1
                if self._since_sweep >= self.SWEEP_EVERY:
                    self._sweep(now)
            return True

    def clear(self, key: str) -> None:
        with self._lock:
            self._times.pop(key, None)
            self._windows.pop(key, None)

    def close(self) -> None:
        pass

    def _sweep(self, now: float) -> None:
        self._since_sweep = 0
        for key in [k for k, t in self._times.items() if t[-1] <= now - self._windows[k]]:
            del self._times[key], self._windows[key]


class _Redis:
    WARN_EVERY = 60.0  # seconds
    # After a failure Redis is left alone this long: while it is away (a host that does
    # not answer costs the client's whole timeout) requests do not each wait for it.
    RETRY_AFTER = 5.0

    def __init__(self, url: str) -> None:
        self._client = Redis(url, timeout=2)
        self._sha = ""
        self._fallback = _Memory()
        self._warned = -self.WARN_EVERY
        self._away_until = 0.0

    def allowed(self, key: str, amount: int, window: float, count: bool) -> bool:
        if time.monotonic() >= self._away_until:
            try:
                return self._run(1, key, amount, window, 1 if count else 0) == 1
            except RedisError as exc:
                self._unreachable(exc)
        return self._fallback.allowed(key, amount, window, count)

    def clear(self, key: str) -> None:
        self._fallback.clear(key)
        if time.monotonic() >= self._away_until:
            try:
                self._client.command("DEL", key)
            except RedisError as exc:
                self._unreachable(exc)

    def close(self) -> None:
        self._client.close()

    def _run(self, *args: object) -> object:
        if self._sha:
            try:
                return self._client.command("EVALSHA", self._sha, *args)
            except ReplyError as exc:
                if not str(exc).startswith("NOSCRIPT"):
                    raise
                # Redis restarted (or its scripts were flushed): load it again
        self._sha = self._client.command("SCRIPT", "LOAD", _MOVING_WINDOW).decode()
        return self._client.command("EVALSHA", self._sha, *args)

    def _unreachable(self, exc: RedisError) -> None:
        now = time.monotonic()
        self._away_until = now + self.RETRY_AFTER
        if now - self._warned >= self.WARN_EVERY:
            self._warned = now
            log.warning("rate limits counted in this process: Redis failed (%s)", exc)
