"""What every part of the API shares, below the request handling: its error, and JSON and
times as it writes them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import orjson


class ApiError(Exception):
    """An answer other than success, raised anywhere below a view."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        *,
        more: Sequence[dict[str, Any]] = (),
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.items = [{"code": code, "message": message, "field": field}, *more]
        self.headers = dict(headers or {})


def dumps(data: Any) -> bytes:
    """JSON as UTF-8 bytes, compact (orjson: the API's answers are mostly this work)."""
    return orjson.dumps(data, default=_default, option=orjson.OPT_PASSTHROUGH_DATETIME)


loads = orjson.loads


def _default(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value)
    raise TypeError(type(value).__name__)


def iso(value: datetime | None) -> str | None:
    """UTC, to the second, with a Z: ``2026-12-05T09:52:00Z``."""
    if value is None:
        return None
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")
