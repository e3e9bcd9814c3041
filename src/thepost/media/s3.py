"""Media in an S3-compatible bucket (AWS S3, MinIO, Ceph, R2, ...) through boto3, so app
processes on any number of hosts share one store.

boto3 is an optional dependency (``pip install 'thepost[s3]'``). Objects are written with
their ``Content-Type`` and ``Cache-Control``, so a CDN or the bucket's own public address
can serve them as they are; the site's ``/media`` route reads them through ``get`` too.
Credentials left empty fall back to boto3's own chain (instance or task roles)::

    store = S3Storage("thepost-media", prefix="prod/", endpoint_url="http://minio:9000")
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from thepost.errors import Unavailable
from thepost.i18n import N_
from thepost.media.storage import CHUNK, Storage, Stored, cache_control, content_type

log = logging.getLogger(__name__)
UNREACHABLE = N_("The media store cannot be reached; nothing was saved. Try again in a moment.")


class S3Storage(Storage):
    def __init__(
        self,
        bucket: str,
        *,
        prefix: str = "",
        endpoint_url: str = "",
        region: str = "",
        access_key_id: str = "",
        secret_access_key: str = "",
    ) -> None:
        # Imported here, not with the module: about 10 MiB that a worker keeping its media
        # on disk does without.
        try:
            import boto3
            from botocore.config import Config
            from botocore.exceptions import BotoCoreError, ClientError
        except ImportError as exc:  # pragma: no cover - only without the ``s3`` extra
            raise RuntimeError(
                "THEPOST_MEDIA_STORE=s3 needs boto3: pip install 'thepost[s3]'"
            ) from exc
        self.failed = (BotoCoreError, ClientError)  # what boto3 raises when a call fails
        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client: Any = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
            # A few quick retries: an upload waits for this, with a person in front of it.
            config=Config(
                connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"}
            ),
        )

    def put(self, key: str, data: bytes) -> None:
        self._call(
            "put_object",
            Key=self.prefix + key,
            Body=data,
            ContentType=content_type(key),
            CacheControl=cache_control(key),
        )

    def get(self, key: str) -> Stored | None:
        found = self._call("get_object", Key=self.prefix + key, missing_ok=True)
        if found is None:
            return None
        body, failed = found["Body"], self.failed

        def chunks() -> Iterator[bytes]:
            try:
                yield from body.iter_chunks(CHUNK)
            except failed as exc:  # the store went away mid-file
                raise Unavailable(UNREACHABLE) from exc
            finally:
                body.close()

        return Stored(found["ContentLength"], found["ETag"], chunks(), body.close)

    def exists(self, key: str) -> bool:
        return self._call("head_object", Key=self.prefix + key, missing_ok=True) is not None

    def delete(self, key: str) -> None:
        self._call("delete_object", Key=self.prefix + key)

    def _call(self, operation: str, *, missing_ok: bool = False, **params: Any) -> Any:
        try:
            return getattr(self.client, operation)(Bucket=self.bucket, **params)
        except self.failed as exc:  # a refusal, or no connection, a timeout, no credentials
            code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
            if missing_ok and code in ("404", "NoSuchKey", "NotFound"):
                return None
            log.error("media store: %s %s failed: %s", operation, params.get("Key"), exc)
            raise Unavailable(UNREACHABLE) from exc
