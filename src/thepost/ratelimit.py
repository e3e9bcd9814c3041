"""Rate limits over the ``limits`` library: in process memory by default, in Redis when
``THEPOST_REDIS_URL`` is set so that every process and host shares one count.

    limiter = RateLimiter("memory://")
    limiter.hit("comment-ip", "abc", per_seconds=15)  # True: allowed
    limiter.hit("comment-ip", "abc", per_seconds=15)  # False: too soon
"""

from __future__ import annotations

from limits import RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter


class RateLimiter:
    def __init__(self, uri: str = "memory://") -> None:
        self.uri = uri
        self._limiter = MovingWindowRateLimiter(storage_from_string(uri))

    def hit(self, scope: str, key: str, *, per_seconds: int, amount: int = 1) -> bool:
        """Count one event for ``key``; False when more than ``amount`` fall in the window."""
        if per_seconds <= 0:
            return True
        item = RateLimitItemPerSecond(amount, per_seconds, namespace="thepost")
        return self._limiter.hit(item, scope, key)

    def clear(self, scope: str, key: str, *, per_seconds: int, amount: int = 1) -> None:
        item = RateLimitItemPerSecond(amount, per_seconds, namespace="thepost")
        self._limiter.clear(item, scope, key)

    def test(self, scope: str, key: str, *, per_seconds: int, amount: int = 1) -> bool:
        """Whether one more event for ``key`` would be allowed, without counting it."""
        if per_seconds <= 0:
            return True
        item = RateLimitItemPerSecond(amount, per_seconds, namespace="thepost")
        return self._limiter.test(item, scope, key)
