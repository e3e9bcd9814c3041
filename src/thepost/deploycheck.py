"""``thepost check --deploy``: what in this configuration is unsafe on a public site.

Plain functions over Settings and the file system, each giving zero or more Problems
with a short message and how to fix it; the CLI only prints them. "serious" problems make
the command exit non-zero; warnings are things that cannot be known offline.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from thepost.config import Settings, weak_key
from thepost.secret import FILE as KEY_FILE

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smbfs",
    "smb3",
    "fuse.sshfs",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
    "fuse.glusterfs",
    "lustre",
}
LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@dataclass(frozen=True)
class Problem:
    serious: bool
    message: str
    fix: str


Check = Callable[[Settings], Iterator[Problem]]


def _https(url: str) -> bool:
    return url.startswith("https://")


def debug(settings: Settings) -> Iterator[Problem]:
    if settings.debug:
        yield Problem(True, "Debug is on: tracebacks are shown to anyone.", "Unset THEPOST_DEBUG.")


def secret_key(settings: Settings) -> Iterator[Problem]:
    if settings.secret_key:
        if reason := weak_key(settings.secret_key):  # Settings refuses these; kept as a guard
            yield Problem(True, f"The secret key is {reason}.", _MAKE_KEY)
        return
    if settings.resolved_database_url.startswith("postgresql"):
        yield Problem(
            True,
            "THEPOST_SECRET_KEY is not set while the database may be shared "
            "by several hosts: each would make its own key file.",
            f"Set THEPOST_SECRET_KEY on every host to one value ({_MAKE_KEY}).",
        )
    path = settings.data_dir / KEY_FILE
    if path.exists() and path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        yield Problem(True, f"The key file {path} can be read by other users.", f"chmod 600 {path}")


_MAKE_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'


def base_url(settings: Settings) -> Iterator[Problem]:
    if not _https(settings.base_url):
        yield Problem(
            True,
            f"The base URL {settings.base_url} is not https: logins and cookies travel in clear.",
            "Serve over TLS and set THEPOST_BASE_URL to the https:// address.",
        )


def proxies(settings: Settings) -> Iterator[Problem]:
    if _https(settings.base_url) and settings.host in LOOPBACK and not settings.trusted_proxies:
        yield Problem(
            False,
            "The site listens on loopback behind an https address, so a "
            "proxy is in front, but no proxy is trusted: every reader shares "
            "the proxy's address (login and comment limits).",
            "Set THEPOST_TRUSTED_PROXIES to the proxy's address (e.g. 127.0.0.1).",
        )


def media_url(settings: Settings) -> Iterator[Problem]:
    if _https(settings.base_url) and settings.media_url.startswith("http://"):
        yield Problem(
            True,
            f"The media URL {settings.media_url} is not https on an https site.",
            "Set THEPOST_MEDIA_URL to an https:// address.",
        )


def smtp(settings: Settings) -> Iterator[Problem]:
    if settings.smtp_host and settings.smtp_host not in LOOPBACK and not settings.smtp_starttls:
        yield Problem(
            True,
            f"Mail to {settings.smtp_host} goes without STARTTLS.",
            "Set THEPOST_SMTP_STARTTLS=true.",
        )


def filesystem(settings: Settings, mounts: Path = Path("/proc/mounts")) -> Iterator[Problem]:
    sqlite = settings.resolved_database_url.startswith("sqlite")
    data = settings.data_dir
    if sqlite and (kind := fs_type(data, mounts)) in NETWORK_FS:
        yield Problem(
            True,
            f"The SQLite database is on a network file system ({kind}): "
            "its locks do not hold there.",
            "Keep the data directory on a local disk, or use PostgreSQL.",
        )
    files = [data] + ([Path(urlsplit(settings.resolved_database_url).path[1:])] if sqlite else [])
    for path in files:
        if not path.exists():
            continue
        mode = path.stat().st_mode
        if mode & stat.S_IWOTH:
            yield Problem(True, f"{path} can be written by any user.", f"chmod o-w {path}")
        elif mode & stat.S_IROTH and (path.is_file() or path == data):
            yield Problem(True, f"{path} can be read by any user.", f"chmod o-rwx {path}")


def fs_type(path: Path, mounts: Path = Path("/proc/mounts")) -> str:
    """The file system type of the longest mount point that holds ``path``."""
    try:
        lines = mounts.read_text().splitlines()
    except OSError:
        return ""
    target = os.path.realpath(path)
    best, kind = "", ""
    for line in lines:
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, fields[2]
    return kind


CHECKS: list[Check] = [debug, secret_key, base_url, proxies, media_url, smtp, filesystem]


def run(settings: Settings) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(settings)]
