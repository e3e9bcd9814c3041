"""The site's secret key when none is configured: made once, kept in the data directory.

``make demo`` and a single-host site need no set-up: the first start writes a random key
to ``<data_dir>/secret_key`` (mode 0600) and every later start, and every worker, reads
the same one::

    key = settings.secret_key or secret.load_or_create(settings.data_dir)

The file appears whole or not at all: the key is written to a file of its own, then
linked to the name (``link`` fails if another process got there first, and then both use
that one). Several hosts each have their own data directory unless it is shared: set
``THEPOST_SECRET_KEY`` there (``thepost check --deploy`` says so).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from thepost.config import weak_key

FILE = "secret_key"


class SecretKeyError(RuntimeError):
    """The key file cannot be used; the message says why and what to do."""


def load_or_create(data_dir: Path) -> str:
    path = data_dir / FILE
    if not path.exists():
        _create(path)
    key = path.read_text(encoding="utf-8").strip()
    if reason := weak_key(key):
        raise SecretKeyError(
            f"{path} holds a key that is {reason}: delete the file to have a "
            "new one made, or set THEPOST_SECRET_KEY."
        )
    return key


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{FILE}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (secrets.token_urlsafe(48) + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        os.unlink(draft)
