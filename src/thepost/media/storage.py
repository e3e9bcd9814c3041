"""Where media bytes live: one small interface, two backends chosen by
``THEPOST_MEDIA_STORE`` in ``app.py``.

``local.LocalStorage`` keeps files in a directory (``<data_dir>/media``; a directory every
app host mounts makes it a shared store); ``s3.S3Storage`` keeps them in an S3-compatible
bucket through boto3. Keys are relative paths such as ``img/ab/<sha256>/640.webp``::

    storage.put("img/ab/abc/320.webp", data)
    stored = storage.get("img/ab/abc/320.webp")   # None when there is no such file
    for chunk in stored.chunks: ...               # streamed, never read whole

Where readers fetch the files (the site's ``/media/`` route or a CDN) is not the store's
business: ``urls.MediaUrls`` builds every public address.

A store that cannot be reached raises ``thepost.errors.Unavailable``: the write that
needed it fails whole, and the person is told to try again.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterator
from dataclasses import dataclass

CHUNK = 64 * 1024


def cache_control(key: str) -> str:
    """Renditions live under their original's sha256 (``img/``): a changed picture gets a
    new key, so they may be cached for a year; anything else for a day."""
    if key.startswith("img/"):
        return "public, max-age=31536000, immutable"
    return "public, max-age=86400"


def content_type(key: str) -> str:
    return mimetypes.guess_type(key)[0] or "application/octet-stream"


@dataclass
class Stored:
    """A stored file being read: its size and version, and its bytes in chunks."""

    size: int
    etag: str  # quoted, as in an HTTP ``ETag`` header
    chunks: Iterator[bytes]
    close: Callable[[], None]  # for a reader that stops before the last chunk


class Storage:
    """Backend interface."""

    def put(self, key: str, data: bytes) -> None:
        raise NotImplementedError

    def get(self, key: str) -> Stored | None:
        raise NotImplementedError

    def exists(self, key: str) -> bool:
        raise NotImplementedError

    def delete(self, key: str) -> None:
        """Remove a file; a key that is not there is not an error."""
        raise NotImplementedError
