"""A real S3-compatible server on 127.0.0.1 (moto's standalone server): boto3 talks to it
over a socket exactly as to S3. Each test gets a bucket of its own."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path
from typing import Any

import boto3
from moto.server import ThreadedMotoServer

from thepost.media.local import LocalStorage
from thepost.media.s3 import S3Storage
from thepost.services import Services

REGION = "us-east-1"
CREDENTIALS = {"s3_access_key_id": "thepost-test", "s3_secret_access_key": "thepost-test"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class S3Server:
    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self) -> None:
        self.server.start()

    def stop(self) -> None:
        self.server.stop()

    def bucket(self) -> dict[str, Any]:
        """A new, empty bucket, as the settings that point at it."""
        name = f"thepost-{uuid.uuid4().hex[:12]}"
        client = boto3.client(
            "s3",
            endpoint_url=self.url,
            region_name=REGION,
            aws_access_key_id=CREDENTIALS["s3_access_key_id"],
            aws_secret_access_key=CREDENTIALS["s3_secret_access_key"],
        )
        client.create_bucket(Bucket=name)
        return {
            "media_store": "s3",
            "s3_bucket": name,
            "s3_prefix": "site-a",
            "s3_region": REGION,
            "s3_endpoint_url": self.url,
            **CREDENTIALS,
        }


def stored_files(services: Services) -> dict[str, bytes]:
    """Every file in the media store, by key, whichever store it is."""
    storage = services.storage
    if isinstance(storage, LocalStorage):
        root = Path(storage.root)
        return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert isinstance(storage, S3Storage)
    listing = storage.client.list_objects_v2(Bucket=storage.bucket, Prefix=storage.prefix)
    return {
        item["Key"].removeprefix(storage.prefix): storage.client.get_object(
            Bucket=storage.bucket, Key=item["Key"]
        )["Body"].read()
        for item in listing.get("Contents", [])
    }
