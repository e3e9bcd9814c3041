"""``thepost backup DEST`` and ``thepost restore SRC``: the database and the pictures, in
a folder with a manifest, taken while the site serves::

    summary = backup(engine.url, storage, Path("/backups/2026-12-05"), progress=...)
    restore(Path("/backups/2026-12-05"), engine.url, storage, force=False)

The database is copied first, then the pictures its snapshot knows, read through the
media store (a directory or a bucket alike): an upload stores its files before its row,
so every picture in the snapshot has its files. A picture deleted while the backup runs
has none left to copy; it is counted as ``missing``. Restore checks the whole backup
against its manifest before it touches the database or the store.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy.engine import URL

from thepost import __version__
from thepost.db.migrate import alembic_config
from thepost.media.storage import Storage
from thepost.ops import databases
from thepost.ops.manifest import NAME, BackupError, read_manifest, write_manifest

Progress = Callable[[int, int], None]  # files done, files in all
FILES = {"sqlite": "thepost.sqlite3", "postgresql": "thepost.pgdump"}


@dataclass
class Summary:
    kind: str
    revision: str
    counts: dict[str, int]
    files: int = 0
    bytes: int = 0
    missing: list[str] = field(default_factory=list)  # pictures deleted during the backup


def kind(url: URL) -> str:
    name = url.get_backend_name()
    if name not in FILES:
        raise BackupError(f"Backups of {name} databases are not supported.")
    return name


def backup(url: URL, storage: Storage, dest: Path, *, progress: Progress | None = None) -> Summary:
    """Write a backup into ``dest``, a new or empty directory."""
    dest.mkdir(parents=True, exist_ok=True)
    if any(dest.iterdir()):
        raise BackupError(f"{dest} is not empty: back up into a new directory.")
    database = kind(url)
    out = dest / FILES[database]
    if database == "sqlite":
        found = databases.sqlite_backup(Path(str(url.database)), out)
    else:
        found = databases.postgres_backup(url, out)
    summary = Summary(database, found["revision"], found["counts"])
    files = [FILES[database]]
    keys: list[str] = found["media_keys"]
    for done, key in enumerate(keys, 1):
        if _copy_out(storage, key, dest / "media" / key):
            files.append(f"media/{key}")
        else:
            summary.missing.append(key)
        if progress:
            progress(done, len(keys))
    facts = {
        "version": __version__,
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": database,
        "revision": summary.revision,
        "counts": summary.counts,
        "missing": summary.missing,
    }
    manifest = write_manifest(dest, facts, files)
    summary.files = len(manifest["files"])
    summary.bytes = sum(f["bytes"] for f in manifest["files"].values())
    return summary


def _copy_out(storage: Storage, key: str, path: Path) -> bool:
    stored = storage.get(key)
    if stored is None:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as handle:
        for chunk in stored.chunks:
            handle.write(chunk)
    os.replace(tmp, path)
    return True


def restore(
    src: Path, url: URL, storage: Storage, *, force: bool = False, progress: Progress | None = None
) -> dict[str, Any]:
    """Put a backup back: the database, then the pictures into the media store. Refuses a
    damaged or incomplete backup, and a database that holds tables unless ``force``."""
    manifest = read_manifest(src)
    database = kind(url)
    if manifest["database"] != database:
        raise BackupError(
            f"This is a backup of a {manifest['database']} database; the site uses {database}."
        )
    _check_revision(url, manifest["revision"])
    if database == "sqlite":
        target = Path(str(url.database))
        empty = databases.sqlite_is_empty(target)
    else:
        empty = databases.postgres_is_empty(url)
    if not empty and not force:
        raise BackupError("The database is not empty: restore with --force to replace it.")
    if database == "sqlite":
        databases.sqlite_restore(src / FILES[database], target)
    else:
        databases.postgres_restore(src / FILES[database], url)
    media = [name for name in manifest["files"] if name.startswith("media/")]
    for done, name in enumerate(media, 1):
        key = name.removeprefix("media/")
        if not storage.exists(key):  # content-addressed: a key there holds these bytes
            storage.put(key, (src / name).read_bytes())
        if progress:
            progress(done, len(media))
    return manifest


def _check_revision(url: URL, revision: str) -> None:
    scripts = ScriptDirectory.from_config(alembic_config(url.render_as_string(False)))
    try:
        known = scripts.get_revision(revision)
    except Exception:  # alembic raises several kinds for an unknown id
        known = None
    if known is None:
        raise BackupError(
            f"The backup's database is at migration {revision!r}, which this version of "
            "The Post does not know: restore it with the version that made it."
        )


__all__ = ["NAME", "BackupError", "Summary", "backup", "restore"]
