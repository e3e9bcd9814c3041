"""Media in a directory: ``<data_dir>/media`` by default. App processes on several hosts
share it when the directory is a shared mount (NFS, a cluster filesystem)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from thepost.media.storage import CHUNK, Storage, Stored


class LocalStorage(Storage):
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if not path.is_relative_to(self.root.resolve()):
            raise ValueError(f"key escapes the media root: {key!r}")
        return path

    def put(self, key: str, data: bytes) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so a reader (on any host) never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)

    def get(self, key: str) -> Stored | None:
        try:
            path = self._path(key)
            handle = path.open("rb")
        except (ValueError, OSError):  # outside the root, missing, a directory
            return None
        stat = os.fstat(handle.fileno())
        chunks = _Chunks(handle)
        return Stored(
            stat.st_size, f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"', chunks, chunks.close
        )

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class _Chunks(Iterator[bytes]):
    """A file's bytes in chunks, closed at the end, when told, or when dropped unread
    (a reader gone before the first chunk: a generator never started would leave it
    open until the collector found it)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle

    def __next__(self) -> bytes:
        chunk = self.handle.read(CHUNK) if not self.handle.closed else b""
        if not chunk:
            self.close()
            raise StopIteration
        return chunk

    def close(self) -> None:
        self.handle.close()

    def __del__(self) -> None:
        self.handle.close()
