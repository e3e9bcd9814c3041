"""The manifest of a backup: what it holds and each file's sha256, written last, so a
backup without one did not finish and a file that differs from it was damaged::

    write_manifest(dest, facts, files)     # files: paths relative to dest
    manifest = read_manifest(src)          # raises BackupError before anything is touched
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

FORMAT = 1
NAME = "manifest.json"


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, for a person."""


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_manifest(dest: Path, facts: dict[str, Any], files: list[str]) -> dict[str, Any]:
    manifest = {
        "format": FORMAT,
        **facts,
        "files": {
            name: {"sha256": sha256_file(dest / name), "bytes": (dest / name).stat().st_size}
            for name in files
        },
    }
    tmp = dest / f".{NAME}.tmp"
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    os.replace(tmp, dest / NAME)
    return manifest


def read_manifest(src: Path) -> dict[str, Any]:
    """The manifest of a whole, undamaged backup; ``BackupError`` otherwise."""
    if not (src / NAME).is_file():
        raise BackupError(f"{src} holds no {NAME}: not a backup, or one that did not finish.")
    try:
        manifest = json.loads((src / NAME).read_text())
        files: dict[str, dict[str, Any]] = manifest["files"]
        if manifest["format"] != FORMAT:
            raise BackupError(f"Backup format {manifest['format']} is not one this version reads.")
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{NAME} is damaged: {exc}") from exc
    root = src.resolve()
    for name, expected in files.items():
        path = (src / name).resolve()
        if not path.is_relative_to(root) or name == NAME:
            raise BackupError(f"{NAME} names a file outside the backup: {name!r}")
        if not path.is_file():
            raise BackupError(f"The backup is incomplete: {name} is missing.")
        if path.stat().st_size != expected["bytes"] or sha256_file(path) != expected["sha256"]:
            raise BackupError(f"The backup is damaged: {name} differs from its checksum.")
    return manifest
