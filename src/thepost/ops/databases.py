"""Copying the database out and back in, consistently, while the site serves.

SQLite: the online backup API copies a snapshot in one step (in WAL mode writers keep
writing meanwhile; a copy in several steps would start again after every write). Restore
uses the same API the other way, so connections still open see the new content.
PostgreSQL: ``pg_dump --format=custom`` run on a snapshot exported by a repeatable-read
transaction, the same one that reads the manifest's facts, so the counts describe the
dump exactly; ``pg_restore --clean --if-exists --no-owner`` in one transaction puts it
back. Both tools are the client of the server's major version.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import psycopg
from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import URL

from thepost.media.images import rendition_keys
from thepost.ops.manifest import BackupError

COUNTED = ("articles", "comments", "images")


def facts(cursor: Any) -> dict[str, Any]:
    """Revision, counts and media keys of a database, read inside one snapshot."""
    cursor.execute("SELECT version_num FROM alembic_version")
    revision = cursor.fetchone()[0]
    counts = {}
    for table in COUNTED:
        cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
        counts[table] = cursor.fetchone()[0]
    cursor.execute("SELECT sha256, renditions FROM images ORDER BY id")
    keys = [
        key
        for sha, widths in cursor.fetchall()
        for key in rendition_keys(sha, json.loads(widths) if isinstance(widths, str) else widths)
    ]
    return {"revision": revision, "counts": counts, "media_keys": keys}


def _readonly(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?immutable=1", uri=True)


def sqlite_backup(source: Path, out: Path) -> dict[str, Any]:
    with closing(sqlite3.connect(source, timeout=30)) as src, closing(sqlite3.connect(out)) as dst:
        src.backup(dst)  # one step: a consistent snapshot
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    with closing(_readonly(out)) as copy:
        if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The copy of the database fails SQLite's integrity check.")
        return facts(copy.cursor())


def sqlite_is_empty(target: Path) -> bool:
    if not target.exists() or target.stat().st_size == 0:
        return True
    with closing(sqlite3.connect(target, timeout=30)) as db:
        return not db.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]


def sqlite_restore(backup: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(_readonly(backup)) as src, closing(sqlite3.connect(target, timeout=30)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=WAL")


def conninfo(url: URL) -> tuple[str, dict[str, str]]:
    """A libpq connection string for ``url``, and the environment carrying its password
    (kept off the command line, where ``ps`` would show it)."""
    params = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    params.update({k: v for k, v in url.query.items() if isinstance(v, str)})
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return make_conninfo(**{k: str(v) for k, v in params.items() if v}), env


def client(tool: str, server_version: int) -> str:
    """``pg_dump`` or ``pg_restore`` of the server's major version (Debian keeps each
    version's clients under /usr/lib/postgresql/<major>/bin)."""
    major = server_version // 10000
    path = Path(f"/usr/lib/postgresql/{major}/bin/{tool}")
    if path.is_file():
        return str(path)
    found = shutil.which(tool)
    if found:
        version = subprocess.run([found, "--version"], capture_output=True, text=True).stdout
        if f" {major}." in version:
            return found
    raise BackupError(
        f"{tool} for PostgreSQL {major} is not installed (Debian: postgresql-client-{major})."
    )


@contextmanager
def _connect(url: URL) -> Iterator[psycopg.Connection[Any]]:
    info, env = conninfo(url)
    try:
        connection = psycopg.connect(info, password=env.get("PGPASSWORD"), connect_timeout=10)
    except psycopg.OperationalError as exc:
        raise BackupError(f"PostgreSQL cannot be reached: {exc}") from exc
    with connection:
        yield connection


def _run(command: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()[-2000:]}")


def postgres_backup(url: URL, out: Path) -> dict[str, Any]:
    info, env = conninfo(url)
    with _connect(url) as connection:
        connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        connection.read_only = True
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]  # type: ignore[index]
            found = facts(cursor)
            dump = client("pg_dump", connection.info.server_version)
            _run(
                [
                    dump,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={out}",
                    f"--dbname={info}",
                ],
                env,
            )
        connection.rollback()
    return found


def postgres_is_empty(url: URL) -> bool:
    with _connect(url) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_tables"
            " WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()
    return not row or not row[0]


def postgres_restore(backup: Path, url: URL) -> None:
    info, env = conninfo(url)
    with _connect(url) as connection:
        restore = client("pg_restore", connection.info.server_version)
    _run(
        [
            restore,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={info}",
            str(backup),
        ],
        env,
    )
