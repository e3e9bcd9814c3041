"""The posts and pages of an export read ahead of their writing: each item with its
content converted to a body (``convert``) and its digest (what a second run compares),
work that needs no database. For a large file it runs in a second process, a few chunks
ahead of the one writing, so the two share the machine's cores; a small file is read in
the importer's own process (starting a process costs more than it saves).

Either way the same function prepares each item (``prepare``), so the two ways give
the same bodies and digests::

    for chunk in chunks(source, pictures, attached, missing_for, size=100, ahead=True):
        for item, prepared in chunk:   # prepared is None for a menu's item
            ...
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import queue as queues
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from thepost.wordpress import convert, wxr
from thepost.wordpress.records import Item

CONTENT = ("post", "page")  # what is prepared; menus' items pass through as they are
KEPT = ("post", "page", "nav_menu_item")
AHEAD = 4  # chunks read ahead of the writing, at most (memory stays bounded)
WAIT = 1.0  # seconds between looks at whether the reading process is still alive


@dataclass
class Prepared:
    converted: convert.Converted
    digest: str
    missing: list[str] = field(default_factory=list)  # pictures the export said were gone


Chunk = list[tuple[Item, Prepared | None]]


def digest_of(item: Any) -> str:
    data = json.dumps(_plain(item), default=str, sort_keys=True)
    return hashlib.sha256(data.encode()).hexdigest()


def _plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` gives (and so the same digest), without its deep
    copies of every string."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class ReadingFailed(RuntimeError):
    """The reading process stopped without finishing (killed, out of memory, a bug)."""


def prepare(
    item: Item, pictures: convert.Pictures, attached: Sequence[int], missing: list[str]
) -> Prepared:
    return Prepared(convert.convert(item.content, pictures, attached), digest_of(item), missing)


def _read(
    source: Path,
    pictures: convert.Pictures,
    attached: Mapping[int, Sequence[int]],
    missing_for: dict[int, list[str]],
    size: int,
) -> Iterator[Chunk]:
    """``missing_for``'s lists are taken as their items are read (an id twice: once)."""
    chunk: Chunk = []
    for record in wxr.read(source):
        if not isinstance(record, Item) or record.post_type not in KEPT:
            continue
        prepared = None
        if record.post_type in CONTENT:
            wp_id = record.wp_id
            prepared = prepare(
                record, pictures, attached.get(wp_id, ()), missing_for.pop(wp_id, [])
            )
        chunk.append((record, prepared))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def chunks(
    source: Path,
    pictures: convert.Pictures,
    attached: Mapping[int, Sequence[int]],
    missing_for: dict[int, list[str]],
    *,
    size: int,
    ahead: bool,
) -> Iterator[Chunk]:
    """The file's posts, pages and menus' items, ``size`` at a time, each post and page
    prepared; read in a second process when ``ahead``."""
    if not ahead:
        yield from _read(source, pictures, attached, missing_for, size)
        return
    context = multiprocessing.get_context("spawn")  # nothing of this process's state
    ready: Any = context.Queue(maxsize=AHEAD)
    reader = context.Process(
        target=_reading,
        args=(source, pictures, dict(attached), dict(missing_for), size, ready),
        name="thepost-wxr-reader",
        daemon=True,
    )
    reader.start()
    try:
        while True:
            try:
                found = ready.get(timeout=WAIT)
            except queues.Empty:
                if not reader.is_alive():
                    raise ReadingFailed(
                        f"the export's reading process stopped (exit {reader.exitcode})"
                    ) from None
                continue
            if found is None:
                break
            if isinstance(found, BaseException):
                raise found
            yield found
    finally:
        if reader.is_alive():
            reader.terminate()  # the writing stopped first (an error): nothing more to read
        reader.join()
        ready.close()


def _reading(
    source: Path,
    pictures: convert.Pictures,
    attached: Mapping[int, Sequence[int]],
    missing_for: dict[int, list[str]],
    size: int,
    ready: Any,
) -> None:
    """The reading process: every chunk onto ``ready``, then None; an error instead of
    the rest (the importer raises it)."""
    try:
        for chunk in _read(source, pictures, attached, missing_for, size):
            ready.put(chunk)
    except Exception as exc:  # handed to the importer, which raises it
        ready.put(RuntimeError(f"reading the export failed: {exc!r}"))
        return
    ready.put(None)
