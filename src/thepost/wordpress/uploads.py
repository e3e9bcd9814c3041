"""An attachment's file in a copy of WordPress's uploads folder (``wp-content/uploads``).

A post shows a picture at one of many addresses: the original, a size WordPress made
(``-300x225``), the copy it scaled down (``-scaled``), rotated (``-rotated``) or that an
editor saved (``-e1600000000000``). The importer wants the original's file::

    original_url("https://example.com/wp-content/uploads/2013/03/bell-300x225.jpg?w=604")
    # 'https://example.com/wp-content/uploads/2013/03/bell.jpg'
    locate(Path("/backup/uploads"), "https://example.com/wp-content/uploads/2013/03/bell-300x225.jpg")
    # Path('/backup/uploads/2013/03/bell.jpg'), when it is there

The path after ``/wp-content/uploads/`` (or a WordPress.com site's ``files`` host, or an
old network's ``/files/``) is tried as it is, then as the original. An address is a
stranger's text: one that leads out of the folder (``..``, ``%2e%2e``, an absolute path,
a link pointing elsewhere) finds nothing.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

_SUFFIX = re.compile(r"\d{1,5}x\d{1,5}|scaled|rotated|e\d{10,13}")
_MARKERS = ("/wp-content/uploads/", "/files/")


def _original_name(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    end = len(stem)
    while (dash := stem.rfind("-", 0, end)) > 0 and _SUFFIX.fullmatch(stem, dash + 1, end):
        end = dash
    return stem[:end] + dot + extension


def original_url(url: str) -> str:
    """The address of the file WordPress made ``url``'s from: without size, ``-scaled``,
    ``-rotated`` or edit suffixes, nor query and fragment."""
    parts = urlsplit(url)
    folder, _, name = parts.path.rpartition("/")
    path = f"{folder}/{_original_name(name)}" if name else parts.path
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def relative(url: str) -> str | None:
    """Where ``url`` is below the uploads folder, or None for an address elsewhere."""
    parts = urlsplit(url)
    for marker in _MARKERS:
        at = parts.path.find(marker)
        if at != -1:
            return parts.path[at + len(marker) :]
    if (parts.hostname or "").endswith(".files.wordpress.com"):
        return parts.path.lstrip("/")
    return None


def locate(uploads: Path, url: str) -> Path | None:
    """The file under ``uploads`` that ``url`` shows, or its original; ``None`` when
    neither is there or the address leads out of ``uploads``."""
    # An upload's place below the folder; another address (a picture exported by The
    # Post, with the folder written beside the export) by its whole path.
    below = relative(url) or urlsplit(url).path.lstrip("/")
    if not below:
        return None
    root = uploads.resolve()
    candidates = [unquote(below)]
    folder, _, name = candidates[0].rpartition("/")
    original = f"{folder}/{_original_name(name)}" if folder else _original_name(name)
    if original != candidates[0]:
        candidates.append(original)
    for candidate in candidates:
        if "\x00" in candidate or candidate.startswith(("/", "\\")):
            return None
        try:
            path = (root / candidate).resolve()
            if not path.is_relative_to(root):
                return None
            if path.is_file():
                return path
        except OSError:  # a name too long for the file system, a loop of links
            return None
    return None
