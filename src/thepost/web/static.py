"""Static assets and media files, with the caching their URLs allow.

Assets are linked with a content hash (``/static/site.css?v=<hash>``) and image
renditions live under the original's sha256 (``/media/img/ab/<sha256>/640.webp``): a
changed file gets a new URL, so both are cached for a year as ``immutable``."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
IMMUTABLE = "public, max-age=31536000, immutable"
DAY = "public, max-age=86400"


class _CachedFiles(StaticFiles):
    def __init__(self, *, directory: Path, immutable_under: str = "", check_dir: bool = True):
        super().__init__(directory=directory, check_dir=check_dir)
        self.immutable_under = immutable_under

    def file_response(self, full_path, stat_result, scope: Scope, status_code: int = 200):  # type: ignore[no-untyped-def]
        response = super().file_response(full_path, stat_result, scope, status_code)
        immutable = self.get_path(scope).startswith(self.immutable_under)
        response.headers["Cache-Control"] = IMMUTABLE if immutable else DAY
        return response


def files() -> StaticFiles:
    return _CachedFiles(directory=STATIC_DIR)


def media(directory: Path) -> StaticFiles:
    """Uploaded media: renditions (content-addressed, under ``img/``) for a year."""
    return _CachedFiles(directory=directory, immutable_under="img/", check_dir=False)


@cache
def version(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]
