"""Object stores for attachment bytes: a folder of files, or an S3-compatible bucket.

A store is named by the URL rows record (`attachment.store`): `file:///folder` or
`s3://bucket/prefix` (`database`, bytes inside the row, is no object store and has no class
here). Objects are written once under a fresh key and never changed; reading streams them in
chunks. Every operation answers or fails within a few seconds: `StoreUnavailable` says that the
store cannot be reached now (a 503, a job retried later), `ObjectMissing` that it answered
without the object.

The S3 client is obstore (Rust's `object_store` under an asyncio API): native async streaming
gets and puts, presigned URLs, and its own timeouts and retry budget, with no boto dependency
tree to pin.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import functools
import logging
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from ..settings import Settings

logger = logging.getLogger("graphql_portal.stores")

CHUNK_BYTES = 256 * 1024
# Every call to a store is bounded: a request answers 503 within 5 seconds when it does not answer.
CONNECT_TIMEOUT = dt.timedelta(seconds=1.5)
READ_TIMEOUT = dt.timedelta(seconds=3)
RETRY_TIMEOUT = dt.timedelta(seconds=2)
FILE_TIMEOUT_SECONDS = 4.0
PRESIGNED_TTL = dt.timedelta(minutes=5)


class StoreUnavailable(Exception):
    """The store cannot be reached (or refused us) now; the message says which and why."""


class ObjectMissing(Exception):
    """The store answered, but has no object under that key."""


class ObjectStore:
    """Where objects live: `put` once per key, `read` in chunks, `delete` (missing is fine)."""

    url: str

    async def put(self, key: str, data: bytes, *, content_type: str, disposition: str) -> None:
        raise NotImplementedError

    def read(self, key: str) -> AsyncIterator[bytes]:
        """The object's bytes in chunks; `ObjectMissing` or `StoreUnavailable` before the first."""
        raise NotImplementedError

    async def delete(self, key: str) -> None:
        raise NotImplementedError

    async def presigned_url(self, key: str) -> str | None:
        """A URL that serves the object for `PRESIGNED_TTL`, or None where the store has none."""
        return None


class FileStore(ObjectStore):
    """One file per object under a folder: written to a temporary name, fsynced and renamed, so a
    file is complete or absent. Folders are 0700 and files 0600 (the service's user only).

    A folder under `PORTAL_VAR_DIR` is created when missing (`create_root`); any other must exist:
    a volume that is not mounted is an outage, not an empty folder to fill the wrong disk with.
    """

    def __init__(self, url: str, *, create_root: bool = False) -> None:
        self.url = url
        self.root = Path(url[len("file://") :])
        self.create_root = create_root

    def _path(self, key: str) -> Path:
        path = self.root / key
        if ".." in Path(key).parts or not key or key.startswith("/"):
            raise ValueError(f"not an object key: {key!r}")
        return path

    async def _run(self, func, *args):
        """Blocking file work off the event loop, bounded: a hung mount is an outage, not a hang."""
        try:
            return await asyncio.wait_for(asyncio.to_thread(func, *args), FILE_TIMEOUT_SECONDS)
        except TimeoutError:
            raise StoreUnavailable(f"{self.url}: no answer within {FILE_TIMEOUT_SECONDS:.0f} s") from None

    def _check_root(self) -> None:
        if self.root.is_dir():
            return
        if self.create_root:
            try:
                self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
                return
            except OSError as exc:
                raise StoreUnavailable(
                    f"{self.url}: cannot create the folder ({exc.strerror or exc})"
                ) from None
        raise StoreUnavailable(f"{self.url}: the folder does not exist (not mounted?)")

    def _make_folders(self, folder: Path) -> None:
        """Each missing folder between the root and `folder`, 0700 (mkdir's `parents` uses the umask)."""
        path = self.root
        for part in folder.relative_to(self.root).parts:
            path = path / part
            with contextlib.suppress(FileExistsError):
                path.mkdir(mode=0o700)

    def _write(self, key: str, data: bytes) -> None:
        self._check_root()
        target = self._path(key)
        try:
            self._make_folders(target.parent)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".", suffix=".tmp")
        except OSError as exc:
            raise StoreUnavailable(f"{self.url}: cannot write ({exc.strerror or exc})") from None
        try:
            with os.fdopen(fd, "wb") as fh:  # mkstemp's file is 0600 already
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
            _fsync_dir(target.parent)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise StoreUnavailable(f"{self.url}: cannot write ({exc.strerror or exc})") from None
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    async def put(self, key: str, data: bytes, *, content_type: str, disposition: str) -> None:
        await self._run(self._write, key, data)

    def _open(self, key: str):
        self._check_root()
        try:
            return open(self._path(key), "rb")
        except FileNotFoundError:
            raise ObjectMissing(f"{self.url}: no object {key}") from None
        except OSError as exc:
            raise StoreUnavailable(f"{self.url}: cannot read ({exc.strerror or exc})") from None

    async def read(self, key: str) -> AsyncIterator[bytes]:
        fh = await self._run(self._open, key)
        try:
            while True:
                try:
                    chunk = await self._run(fh.read, CHUNK_BYTES)
                except OSError as exc:
                    raise StoreUnavailable(f"{self.url}: cannot read ({exc.strerror or exc})") from None
                if not chunk:
                    return
                yield chunk
        finally:
            await asyncio.to_thread(fh.close)

    def _unlink(self, key: str) -> None:
        self._check_root()
        try:
            self._path(key).unlink(missing_ok=True)
        except OSError as exc:
            raise StoreUnavailable(f"{self.url}: cannot delete ({exc.strerror or exc})") from None

    async def delete(self, key: str) -> None:
        await self._run(self._unlink, key)


def _fsync_dir(path: Path) -> None:
    """Make a rename durable: fsync the folder that holds the new name."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        with contextlib.suppress(OSError):  # some filesystems refuse fsync on a folder
            os.fsync(fd)
    finally:
        os.close(fd)


class S3Store(ObjectStore):
    """A bucket (and prefix) of any S3-compatible service, through obstore."""

    def __init__(self, url: str, endpoint: str | None, environment: tuple[tuple[str, str], ...]) -> None:
        from obstore.store import S3Store as ObstoreS3

        self.url = url
        bucket, _, prefix = url[len("s3://") :].partition("/")
        aws = dict(environment)
        config: dict[str, object] = {}
        if "AWS_ACCESS_KEY_ID" in aws and "AWS_SECRET_ACCESS_KEY" in aws:
            config["access_key_id"] = aws["AWS_ACCESS_KEY_ID"]
            config["secret_access_key"] = aws["AWS_SECRET_ACCESS_KEY"]
            if "AWS_SESSION_TOKEN" in aws:
                config["token"] = aws["AWS_SESSION_TOKEN"]
        region = aws.get("AWS_REGION") or aws.get("AWS_DEFAULT_REGION")
        if region:
            config["region"] = region
        client_options: dict[str, object] = {
            "connect_timeout": CONNECT_TIMEOUT,
            "read_timeout": READ_TIMEOUT,
        }
        if endpoint:
            config["endpoint"] = endpoint
            client_options["allow_http"] = endpoint.startswith("http://")
        self._store = ObstoreS3(
            bucket,
            prefix=prefix or None,
            config=config,
            client_options=client_options,
            # One quick retry for a dropped connection or a 5xx, never a long wait in a request.
            retry_config={
                "max_retries": 1,
                "retry_timeout": RETRY_TIMEOUT,
                "backoff": {"init_backoff": dt.timedelta(milliseconds=100)},
            },
        )

    def _error(self, exc: Exception, doing: str) -> Exception:
        if isinstance(exc, FileNotFoundError):
            return ObjectMissing(f"{self.url}: no object ({doing})")
        text = str(exc).split("\n", 1)[0]
        return StoreUnavailable(f"{self.url}: cannot {doing} ({type(exc).__name__}: {text[:300]})")

    async def put(self, key: str, data: bytes, *, content_type: str, disposition: str) -> None:
        import obstore

        try:
            await obstore.put_async(
                self._store,
                key,
                data,
                attributes={
                    "Content-Type": content_type,
                    # What a presigned download is saved as.
                    "Content-Disposition": disposition,
                },
            )
        except Exception as exc:
            raise self._error(exc, "write") from None

    async def read(self, key: str) -> AsyncIterator[bytes]:
        import obstore

        try:
            result = await obstore.get_async(self._store, key)
        except Exception as exc:
            raise self._error(exc, "read") from None
        stream = result.stream(min_chunk_size=CHUNK_BYTES)
        while True:
            try:
                chunk = await anext(stream)
            except StopAsyncIteration:
                return
            except Exception as exc:
                raise self._error(exc, "read") from None
            yield bytes(chunk)

    async def delete(self, key: str) -> None:
        import obstore

        try:
            await obstore.delete_async(self._store, key)
        except FileNotFoundError:
            return
        except Exception as exc:
            raise self._error(exc, "delete") from None

    async def presigned_url(self, key: str) -> str | None:
        import obstore

        try:
            return await asyncio.wait_for(
                obstore.sign_async(self._store, "GET", key, PRESIGNED_TTL), FILE_TIMEOUT_SECONDS
            )
        except Exception as exc:
            raise self._error(exc, "sign a URL") from None


def is_object_store(url: str) -> bool:
    return url.startswith(("file://", "s3://"))


def open_store(url: str, settings: Settings) -> ObjectStore:
    """The object store a row's `store` URL names (one client per URL and S3 settings)."""
    return _open_store(url, settings.s3_endpoint_url, settings.s3_environment, settings.var_dir.resolve())


@functools.lru_cache(maxsize=32)
def _open_store(
    url: str, endpoint: str | None, environment: tuple[tuple[str, str], ...], var_dir: Path
) -> ObjectStore:
    if url.startswith("file://"):
        return FileStore(url, create_root=Path(url[len("file://") :]).is_relative_to(var_dir))
    if url.startswith("s3://"):
        return S3Store(url, endpoint, environment)
    raise ValueError(f"not an object store: {url!r}")
