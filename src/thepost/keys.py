"""Keyed hashes and signed tokens from the site's secret key.

Keyed hashes keep personal data out of reach (IP addresses are stored only as
``keys.hash("ip", addr)``); signed tokens carry small facts through a reader's browser
(a form's render time, the ids of their own pending comments) without a server session::

    keys = Keys("secret")
    token = keys.sign("comment-form", {"t": 1700000000})
    keys.unsign("comment-form", token, max_age=3600)  # -> {"t": 1700000000}

Rotation: ``Keys(new, fallbacks=[old])`` signs with the new key and still accepts tokens
signed with the old one. Keyed hashes use the new key alone (docs/deploy.md says what that
changes).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from itsdangerous import BadData, URLSafeSerializer, URLSafeTimedSerializer


class Keys:
    def __init__(self, secret: str, fallbacks: list[str] | None = None) -> None:
        self._secret = secret.encode()
        self._secret_str = secret
        # itsdangerous verifies with every key of a list and signs with the last one.
        self._verifying = [*(fallbacks or []), secret]

    def hash(self, purpose: str, value: str) -> str:
        key = hmac.new(self._secret, purpose.encode(), hashlib.sha256).digest()
        return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()

    def sign(self, purpose: str, data: Any, *, timed: bool = True) -> str:
        """A signed token. ``timed`` adds the signing time (for ``max_age``); leave it off
        when the same data must always give the same token (a form stamp on a cached page)."""
        if timed:
            return URLSafeTimedSerializer(self._secret_str, salt=purpose).dumps(data)
        return URLSafeSerializer(self._secret_str, salt=purpose).dumps(data)

    def unsign(
        self, purpose: str, token: str, max_age: int | None = None, *, timed: bool = True
    ) -> Any | None:
        """The signed data, or None when the token is forged, damaged or too old."""
        try:
            if timed:
                return URLSafeTimedSerializer(self._verifying, salt=purpose).loads(
                    token, max_age=max_age
                )
            return URLSafeSerializer(self._verifying, salt=purpose).loads(token)
        except (BadData, ValueError, TypeError):
            return None
