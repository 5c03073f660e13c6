"""Attachment stores for tests: moto's standalone S3 server on loopback, a folder, the database.

`MotoServer` runs `python -m moto.server` in a subprocess on a free loopback port (no network);
`stop()` kills it (connections refused, as a store that is down) and `start()` brings it back on
the same port. moto keeps its buckets in memory, so a restarted server has none until
`create_bucket` is called again. `StoreUnderTest` is what a test of one store needs: the
settings' variables, and ways to take the store away, bring it back and tamper with an object.
"""

from __future__ import annotations

import hashlib
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from .ports import free_port

ACCESS_KEY = "portal-test-access-key"
SECRET_KEY = "portal-test-secret-key"
REGION = "eu-west-1"


class MotoServer:
    """moto's S3-compatible server on 127.0.0.1; its buckets live as long as the process."""

    def __init__(self) -> None:
        self.port = free_port()
        self.process: subprocess.Popen | None = None
        self._client = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> MotoServer:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.2).close()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"moto's server did not start on port {self.port}") from None
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def client(self):
        """A boto3 client of the server (what an operator's tools would use; tests tamper with it).
        One for the process: making a client loads botocore's service model (tens of milliseconds)."""
        if self._client is None:
            import boto3

            self._client = boto3.client(
                "s3",
                endpoint_url=self.endpoint,
                aws_access_key_id=ACCESS_KEY,
                aws_secret_access_key=SECRET_KEY,
                region_name=REGION,
            )
        return self._client

    def create_bucket(self, name: str) -> None:
        self.client().create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})


@dataclass
class StoreUnderTest:
    """One store a test runs on: `database`, `file` or `s3`."""

    kind: str
    url: str
    env: dict = field(default_factory=dict)
    moto: MotoServer | None = None
    folder: Path | None = None

    @classmethod
    def database(cls) -> StoreUnderTest:
        return cls("database", "database")

    @classmethod
    def file(cls, folder: Path) -> StoreUnderTest:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        url = f"file://{folder.resolve()}"
        return cls("file", url, {"PORTAL_ATTACHMENT_STORE": url}, folder=folder)

    @classmethod
    def s3(cls, moto: MotoServer) -> StoreUnderTest:
        bucket = f"portal-test-{uuid.uuid4().hex[:12]}"
        moto.create_bucket(bucket)
        url = f"s3://{bucket}/attachments"
        return cls("s3", url, s3_env(moto, url), moto=moto)

    @property
    def bucket(self) -> str:
        return self.url[len("s3://") :].split("/", 1)[0]

    def object_path(self, key: str) -> str:
        """Where `key` is inside the folder or the bucket."""
        return f"attachments/{key}" if self.kind == "s3" else key

    def read(self, key: str) -> bytes:
        if self.kind == "file":
            return (self.folder / key).read_bytes()
        return self.moto.client().get_object(Bucket=self.bucket, Key=self.object_path(key))["Body"].read()

    def exists(self, key: str) -> bool:
        if self.kind == "file":
            return (self.folder / key).exists()
        found = self.moto.client().list_objects_v2(Bucket=self.bucket, Prefix=self.object_path(key))
        return found.get("KeyCount", 0) > 0

    def keys(self) -> list[str]:
        if self.kind == "file":
            return sorted(
                str(p.relative_to(self.folder))
                for p in self.folder.rglob("*")
                if p.is_file() and not p.name.startswith(".")
            )
        pages = (
            self.moto.client()
            .get_paginator("list_objects_v2")
            .paginate(Bucket=self.bucket, Prefix="attachments/")
        )
        return sorted(o["Key"][len("attachments/") :] for page in pages for o in page.get("Contents", []))

    def overwrite(self, key: str, data: bytes) -> None:
        """Replace an object's bytes behind the service's back."""
        if self.kind == "file":
            (self.folder / key).write_bytes(data)
        else:
            self.moto.client().put_object(Bucket=self.bucket, Key=self.object_path(key), Body=data)

    def take_away(self) -> None:
        """The store stops answering: the server stopped, the folder unmounted."""
        if self.kind == "file":
            self.folder.rename(self.folder.with_name(self.folder.name + ".away"))
        elif self.kind == "s3":
            self.moto.stop()

    def bring_back(self) -> None:
        if self.kind == "file":
            self.folder.with_name(self.folder.name + ".away").rename(self.folder)
        elif self.kind == "s3":
            self.moto.start()
            self.moto.create_bucket(self.bucket)


def s3_env(moto: MotoServer, url: str) -> dict:
    """The variables of a service whose attachments are in `url` on `moto`."""
    return {
        "PORTAL_ATTACHMENT_STORE": url,
        "PORTAL_S3_ENDPOINT_URL": moto.endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
        "AWS_REGION": REGION,
    }


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
