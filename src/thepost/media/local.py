"""Media in a directory: ``<data_dir>/media`` by default. App processes on several hosts
share it when the directory is a shared mount (NFS, a cluster filesystem)."""

from __future__ import annotations

import os
import stat
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
            found = path.stat()
        except (ValueError, OSError):  # outside the root, missing
            return None
        if not stat.S_ISREG(found.st_mode):
            return None
        chunks = _Chunks(path)
        etag = f'"{found.st_mtime_ns:x}-{found.st_size:x}"'
        return Stored(found.st_size, etag, chunks, chunks.close)

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class _Chunks(Iterator[bytes]):
    """A file's bytes in chunks. The file is opened at the first chunk and closed with
    the last, so a reader gone before the first chunk leaves nothing open, and a file of
    one chunk (a picture's rendition, mostly) is open only while it is read."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: BinaryIO | None = None
        self.done = False

    def __next__(self) -> bytes:
        if self.done:
            raise StopIteration
        if self.handle is None:
            self.handle = self.path.open("rb")
        chunk = self.handle.read(CHUNK)
        if len(chunk) < CHUNK:  # the last one
            self.close()
        if not chunk:
            raise StopIteration
        return chunk

    def close(self) -> None:
        self.done = True
        if self.handle is not None:
            self.handle.close()

    def __del__(self) -> None:
        self.close()
