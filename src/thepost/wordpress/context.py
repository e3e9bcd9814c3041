"""What an import's steps share (``Context``): the run's collaborators and options, the
maps from WordPress's terms, people and pictures to The Post's rows, the report, and the
means to write in chunks and remember what came from where.

A chunk (``with ctx.chunk() as session``) is one transaction whose reactions (search
index, stored pages, related articles, cached pages) run once for all it wrote
(``EventBus.batch``), and whose old addresses are written together at its end. In a dry
run it is a part of the one transaction rolled back at the end.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from thepost.content import redirects
from thepost.content.models import Status
from thepost.db.base import table
from thepost.permissions import Principal
from thepost.services import Services
from thepost.wordpress import reading, uploads, wxr
from thepost.wordpress.models import ImportedItem
from thepost.wordpress.reading import digest_of
from thepost.wordpress.records import Item, Site
from thepost.wordpress.report import Report

# kind, done, total: called after each chunk (the command line's bar, the newsroom's page)
Progress = Callable[[str, int, int], None]
CHUNK = 100
READ_AHEAD = 1000
SOURCE = "wordpress"
LIVE = (Status.PUBLISHED, Status.SCHEDULED)
HEADING = "heading"  # a menu item that only heads a submenu (a "#" link in WordPress)
PICTURE_TYPES = (".jpg", ".jpeg", ".png", ".gif", ".webp")
SEO_TITLE = ("_yoast_wpseo_title", "rank_math_title", "_aioseo_title")
SEO_DESCRIPTION = ("_yoast_wpseo_metadesc", "rank_math_description", "_aioseo_description")
PASSWORD_NOTE = (
    "Password-protected posts are kept private: the newsroom reads them, readers see "
    "nothing of them (The Post does not put stories behind a shared password)."
)


@dataclass
class Options:
    uploads: Path | None = None  # a copy of wp-content/uploads
    dry_run: bool = False
    # WordPress login -> the email of an existing account whose byline it becomes
    author_map: Mapping[str, str] = field(default_factory=dict)
    chunk: int = CHUNK  # items written per transaction
    # Read and convert the posts in a second process beside the writing, and score the
    # related lists in a third (None: when the file has READ_AHEAD posts and pages or more).
    read_ahead: bool | None = None
    # Which WordPress menus (by slug) become the header's and the footer's; by default
    # one named like "primary", "main" or "header" (else the longest), and one named
    # like "footer".
    header_menu: str = ""
    footer_menu: str = ""


class Pictures:
    """The imported pictures, by WordPress attachment id and by upload path (any size)."""

    def __init__(self) -> None:
        self.ids: dict[int, int] = {}
        self.paths: dict[str, int] = {}

    def add(self, wp_id: int, url: str, image_id: int) -> None:
        self.ids[wp_id] = image_id
        self.paths[_upload_path(url)] = image_id

    def by_id(self, wp_id: int) -> int | None:
        return self.ids.get(wp_id)

    def by_url(self, url: str) -> int | None:
        return self.paths.get(_upload_path(url)) or self.paths.get(
            _upload_path(uploads.original_url(url))
        )


_RENDITION = re.compile(r"/img/[0-9a-f]{2}/([0-9a-f]{64})/\d+\.(?:jpg|webp)$")


def _upload_path(url: str) -> str:
    """An upload's address as the pictures are keyed: its path below the uploads
    folder, whichever host served it; any size of a picture The Post exported, by the
    picture's digest."""
    url = url.strip().split("?", 1)[0]
    if found := _RENDITION.search(url):
        return "sha256:" + found.group(1)
    return (uploads.relative(url) or url).lower()


class Context:
    def __init__(
        self,
        services: Services,
        source: Path,
        options: Options,
        progress: Progress | None,
        actor: Principal,
    ) -> None:
        self.services, self.source, self.options = services, source, options
        self.actor = actor
        self.progress = progress or (lambda kind, done, total: None)
        self.report = Report(dry_run=options.dry_run)
        self.pictures = Pictures()
        self.now = services.clock()
        self.site = Site()
        self.sections: dict[str, int] = {}  # category slug -> section id
        self.tags: dict[str, str] = {}  # tag slug -> tag name
        self.authors: dict[str, int] = {}  # login -> author id
        self.missing_for: dict[int, list[str]] = {}  # post id -> its missing pictures' URLs
        self.attached: dict[int, list[int]] = {}  # post id -> its attachments' ids
        self.sticky: list[int] = []
        self.touched: set[int] = set()  # articles written by this run
        self.dry: Session | None = None
        self.redirects_due: list[redirects.Old] = []
        self.items_due: list[ImportedItem] = []
        self.term_ids: dict[tuple[str, int], str] = {}  # (taxonomy, term id) -> slug
        self.menu_names: dict[str, str] = {}  # menu slug -> name
        self.orphans: list[tuple[int, int]] = []  # page id, its WordPress parent's id
        self.menu_items: list[Item] = []  # the menus' items, read with the posts
        # The current chunk's items as read ahead (``reading.Prepared``), by object.
        self.prepared: dict[int, reading.Prepared] = {}
        self.ahead = False  # a large file: read ahead in a second process, reactions in a third

    def body(self, item: Item) -> str:
        """An item's content as a body (as read ahead, ``reading``), what could not be
        converted or found reported (once: it is asked once for each item)."""
        prepared = self.prepared.get(id(item))
        if prepared is None:
            prepared = reading.prepare(
                item, self.pictures, self.attached.get(item.wp_id, ()),
                self.missing_for.pop(item.wp_id, []),
            )  # fmt: skip
        converted = prepared.converted
        self.report.unconverted.update(converted.unconverted)
        for url in [*converted.missing, *prepared.missing]:
            self.report.missing(f"{url} (in '{item.title or item.wp_id}')")
        return converted.html

    def digest(self, item: Item) -> str:
        """What a later run compares to tell a changed item (as read ahead, or now)."""
        prepared = self.prepared.get(id(item))
        return prepared.digest if prepared is not None else digest_of(item)

    def read(self) -> Iterator[list[Item]]:
        """The file's posts and pages, a chunk at a time, read ahead (in a second process
        for a large file); its menus' items are kept aside (few, written after the posts
        and pages they link to)."""
        for chunk in reading.chunks(
            self.source, self.pictures, self.attached, self.missing_for,
            size=self.options.chunk, ahead=self.ahead,
        ):  # fmt: skip
            self.prepared = {id(item): p for item, p in chunk if p is not None}
            self.menu_items += [item for item, p in chunk if item.post_type == "nav_menu_item"]
            yield [item for item, p in chunk if p is not None]
        self.prepared = {}

    @contextmanager
    def chunk(self) -> Iterator[Session]:
        """One transaction whose reactions run once for all it wrote; in a dry run, a
        part of the one transaction that is rolled back at the end."""
        self.redirects_due, self.items_due = [], []
        if self.dry is not None:
            with self.services.bus.batch(self.dry):
                yield self.dry
                self._write_due(self.dry)
            self.dry.flush()
            return
        with self.services.writes.begin() as session, self.services.bus.batch(session):
            yield session
            self._write_due(session)

    def _write_due(self, session: Session) -> None:
        """What a chunk remembers, written in bulk at its end: where its new items came
        from and its old addresses."""
        if self.items_due:
            session.execute(
                insert(table(ImportedItem)),
                [
                    {"kind": r.kind, "key": r.key, "target_id": r.target_id,
                     "digest": r.digest, "guid": r.guid}
                    for r in self.items_due
                ],
            )  # fmt: skip
        redirects.remember(session, self.redirects_due)

    def refresh_statistics(self) -> None:
        """Tell PostgreSQL's planner how large the tables have grown. Its plans (an
        index or a scan, for the lookups of every chunk) follow the statistics, which
        autovacuum refreshes only when it runs, if it is on at all; planned for the empty
        tables of a new site, a lookup by slug or WordPress id became a scan of the whole
        table, 100 ms a chunk at 20,000 posts. SQLite plans by its indexes without them."""
        if self.dry is None and self.services.engine.dialect.name == "postgresql":
            with self.services.writes.begin() as session:
                session.execute(text("ANALYZE"))

    def records(self, kinds: tuple[type, ...]) -> Iterator[Any]:
        for record in wxr.read(self.source):
            if isinstance(record, Site):
                self.site = record
            if isinstance(record, kinds):
                yield record

    def chunks(self, records: Iterator[Any]) -> Iterator[list[Any]]:
        chunk: list[Any] = []
        for record in records:
            chunk.append(record)
            if len(chunk) >= self.options.chunk:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    @staticmethod
    def known(session: Session, kind: str, keys: list[str]) -> dict[str, ImportedItem]:
        found: dict[str, ImportedItem] = {}
        for start in range(0, len(keys), 1000):  # a post may have thousands of comments
            found.update(
                (row.key, row)
                for row in session.scalars(
                    select(ImportedItem).where(
                        ImportedItem.kind == kind, ImportedItem.key.in_(keys[start : start + 1000])
                    )
                )
            )
        return found

    def keep(
        self,
        known: dict[str, ImportedItem],
        kind: str,
        key: str,
        target_id: int,
        digest: str = "",
        guid: str = "",
    ) -> None:
        """Remember where an item came from (its row in ``known``, updated or added)."""
        row = known.get(key)
        if row is None:  # written when the chunk ends (``_write_due``)
            row = ImportedItem(kind=kind, key=key)
            self.items_due.append(row)
            known[key] = row
        row.target_id, row.digest, row.guid = target_id, digest, guid[:500]

    def redirect(self, session: Session, paths: set[str], kind: str, target_id: int,
                  url: str = "") -> None:  # fmt: skip
        """Keep these old paths, written together when the chunk ends."""
        self.redirects_due += [
            redirects.Old(p, kind, target_id, url, SOURCE) for p in sorted(paths)
        ]

    def old_paths(self, *urls: str) -> set[str]:
        """The paths of an item's old addresses. A plain permalink among them (a GUID
        like ``/?p=12``) is left out: it may name another item of the file, whose own
        ``/?p=`` address is the one that counts."""
        paths = {redirects.key_of_url(u) for u in urls if u and u.strip()}
        return {p for p in paths if p != "/" and "?" not in p}


NOT_CONTENT = ("trash", "auto-draft", "inherit")  # statuses of items never imported


def came_out(item: Item) -> datetime | None:
    """When an item came out, in UTC (its local time when the export has no UTC one)."""
    return item.date_gmt or (item.date_local.replace(tzinfo=UTC) if item.date_local else None)


def title(raw: str) -> str:
    return " ".join(unescape(raw).split())[:300] or "(untitled)"


def first(meta: Mapping[str, str], keys: tuple[str, ...]) -> str:
    return next((meta[k].strip() for k in keys if meta.get(k, "").strip()), "")


def number(value: str) -> int:
    return int(value) if value.strip().isdigit() and len(value.strip()) < 12 else 0
