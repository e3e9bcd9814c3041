"""Find an attachment's file in a copy of ``wp-content/uploads``.

WordPress links a picture at one of its sizes (``harbour-300x225.jpg``), its scaled-down
original (``harbour-scaled.jpg``) or the original itself; the import wants the original,
the largest there is, and lets the media library make its own renditions::

    original_url("https://example.org/wp-content/uploads/2019/03/harbour-300x225.jpg")
    # -> ".../2019/03/harbour.jpg"
    locate(Path("uploads"), url)   # -> uploads/2019/03/harbour.jpg, or None

Nothing outside the folder is ever read: ``..``, absolute paths and links pointing out
are refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_SIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated|e\d{10,13})(?=\.[A-Za-z0-9]+$)")
MARKERS = ("/wp-content/uploads/", "/files/")


def original_url(url: str) -> str:
    """``url`` without WordPress's size, scaling and edit suffixes (repeated ones too)."""
    head, _, name = url.partition("?")[0].rpartition("/")
    while (stripped := _SIZED.sub("", name, count=1)) != name:
        name = stripped
    return f"{head}/{name}" if head else name


def relative(url: str) -> str:
    """The part of an upload's address below the uploads folder."""
    path = unquote(urlsplit(url.strip()).path)
    for marker in MARKERS:
        if marker in path:
            return path.split(marker, 1)[1]
    return path.lstrip("/")


def locate(uploads: Path, url: str) -> Path | None:
    """The file for ``url`` under ``uploads`` (as linked, else its original), or None."""
    root = uploads.resolve()
    for candidate in dict.fromkeys((relative(url), relative(original_url(url)))):
        if not candidate or candidate.startswith("/") or "\x00" in candidate:
            continue
        path = (root / candidate).resolve()
        if path.is_relative_to(root) and path.is_file():
            return path
    return None
