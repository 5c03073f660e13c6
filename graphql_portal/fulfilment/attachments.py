"""Attachments' bytes wherever they live: filing a new one, reading it verified, sweeping, moving.

The rules, whatever the store (`PORTAL_ATTACHMENT_STORE`, see `stores.py`):
- An object is written under a fresh key, read back and checked against its sha256 **before** the
  row that names it commits. Its key is recorded in `staged_object` first, and the transaction
  that makes a row name it deletes that record: a crash in between leaves a staged object, which
  `sweep_staged_objects` deletes once it is a day old. A row never names a missing object.
- Every read checks the size and the sha256 the row recorded; bytes that differ are never served
  (`IntegrityFailure`, logged with the attachment's opaque id).
- `move_attachment` copies one attachment's bytes to another store, verifies the copy, and only
  then switches its row (compare-and-set on where the row says the bytes are); the bytes it left
  behind are staged, so the sweep removes them a day later, after downloads in flight are done.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
import re
import secrets
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import IO

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from ..ids import encode_id
from ..models import DATABASE_STORE, Attachment, AttachmentKind, StagedObject
from ..settings import Settings
from .stores import ObjectMissing, ObjectStore, StoreUnavailable, is_object_store, open_store

logger = logging.getLogger("graphql_portal.attachments")

ATTACHMENT_TYPE = "Attachment"
# Objects up to this size are read and checked whole before a download sends its first byte.
VERIFY_BEFORE_SENDING = 16 * 1024 * 1024
# What a verified download keeps in memory before it spills to a temporary file.
SPOOL_IN_MEMORY = 1024 * 1024
STAGED_MAX_AGE = dt.timedelta(days=1)
# The columns that say where an attachment's bytes are and what they must hash to.
LOCATION_COLUMNS = ("id", "store", "object_key", "size", "sha256")

AfterFiling = Callable[[Attachment, BaseDBAsyncClient], Awaitable[None]]


class IntegrityFailure(Exception):
    """An attachment's stored bytes differ from its row (size or sha256), or are gone."""


def opaque_id(attachment_id: int) -> str:
    return encode_id(ATTACHMENT_TYPE, attachment_id)


def safe_filename(name: str) -> str:
    """A filename that is safe inside a quoted Content-Disposition header on every client."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "attachment"
    return cleaned[:150]


def content_disposition(filename: str) -> str:
    """The header a download (or a presigned URL's object) carries."""
    return f'attachment; filename="{safe_filename(filename)}"'


@dataclass(frozen=True)
class Location:
    """Where one attachment's bytes are, and what they must be."""

    attachment_id: int
    store: str
    object_key: str | None
    size: int
    sha256: str

    @classmethod
    def of(cls, row: dict) -> Location:
        return cls(row["id"], row["store"], row["object_key"], row["size"], row["sha256"])

    @classmethod
    def of_row(cls, attachment: Attachment) -> Location:
        return cls(attachment.id, attachment.store, attachment.object_key, attachment.size, attachment.sha256)

    @property
    def in_database(self) -> bool:
        return self.store == DATABASE_STORE


async def location_of(attachment_id: int) -> Location | None:
    rows = await Attachment.filter(id=attachment_id).values(*LOCATION_COLUMNS)
    return Location.of(rows[0]) if rows else None


# --- writing ------------------------------------------------------------------------------------


def new_key(sha256: str, now: dt.datetime) -> str:
    """A fresh object key: the day it was written, a random part, and the content's sha256."""
    return f"{now:%Y/%m/%d}/{secrets.token_hex(12)}-{sha256}"


async def write_object(
    store: ObjectStore, data: bytes, sha256: str, *, content_type: str, filename: str, settings: Settings
) -> tuple[str, int]:
    """Stage, write and verify one object; returns its key and its `staged_object` id.

    Raises `StoreUnavailable` when the store cannot take it (or the copy read back differs).
    """
    now = settings.clock.now()
    key = new_key(sha256, now)
    staged = await StagedObject.create(store=store.url, object_key=key, created_at=now)
    await store.put(key, data, content_type=content_type, disposition=content_disposition(filename))
    try:
        await _check(store.read(key), len(data), sha256)
    except (IntegrityFailure, ObjectMissing) as exc:
        logger.error("%s: the object written as %s does not read back as written (%s)", store.url, key, exc)
        raise StoreUnavailable(f"{store.url}: an object written does not read back as written") from None
    return key, staged.id


async def file_attachment(
    settings: Settings,
    *,
    customer_id: int,
    kind: AttachmentKind,
    filename: str,
    content_type: str,
    data: bytes,
    order_id: int | None = None,
    uploaded_by: str | None = None,
    after_filing: AfterFiling | None = None,
) -> Attachment:
    """Store the bytes in the configured store and the row that names them, in that order.

    `after_filing(attachment, connection)` runs inside the row's transaction (what else the
    filing records). Raises `StoreUnavailable` when the store cannot take the bytes (nothing is
    filed) and the row's `IntegrityError` when `(order, kind)` is filed already.
    """
    sha256 = hashlib.sha256(data).hexdigest()
    fields = {
        "customer_id": customer_id,
        "order_id": order_id,
        "kind": kind,
        "filename": filename,
        "content_type": content_type,
        "size": len(data),
        "sha256": sha256,
        "uploaded_by": uploaded_by,
    }
    store_url = settings.attachment_store
    staged_id = None
    if store_url == DATABASE_STORE:
        fields.update(store=DATABASE_STORE, data=data)
    else:
        store = open_store(store_url, settings)
        key, staged_id = await write_object(
            store, data, sha256, content_type=content_type, filename=filename, settings=settings
        )
        fields.update(store=store_url, object_key=key, data=b"")
    async with in_transaction() as conn:
        attachment = await Attachment.create(**fields, using_db=conn)
        if staged_id is not None:
            await StagedObject.filter(id=staged_id).using_db(conn).delete()
        if after_filing is not None:
            await after_filing(attachment, conn)
    return attachment


# --- reading ------------------------------------------------------------------------------------


async def _check(chunks: AsyncIterator[bytes], size: int, sha256: str) -> None:
    """Read `chunks` to the end; `IntegrityFailure` unless they are `size` bytes hashing to `sha256`."""
    digest, seen = hashlib.sha256(), 0
    async for chunk in chunks:
        seen += len(chunk)
        if seen > size:
            raise IntegrityFailure(f"more than the {size} bytes recorded")
        digest.update(chunk)
    _compare(digest, seen, size, sha256)


def _compare(digest, seen: int, size: int, sha256: str) -> None:
    if seen != size:
        raise IntegrityFailure(f"{seen} bytes where {size} were recorded")
    if digest.hexdigest() != sha256:
        raise IntegrityFailure("the sha256 differs from the one recorded")


def _failed(location: Location, reason: str) -> IntegrityFailure:
    logger.error(
        "attachment %s: its bytes in %s fail verification (%s); not served",
        opaque_id(location.attachment_id),
        location.store,
        reason,
    )
    return IntegrityFailure(reason)


async def _database_bytes(location: Location) -> bytes:
    data = await Attachment.filter(id=location.attachment_id).values_list("data", flat=True)
    if not data:
        raise _failed(location, "the row is gone")
    return bytes(data[0])


def _object_chunks(location: Location, settings: Settings) -> AsyncIterator[bytes]:
    if not location.object_key or not is_object_store(location.store):
        raise _failed(location, "the row names no object")
    return open_store(location.store, settings).read(location.object_key)


async def _checked_chunks(location: Location, settings: Settings) -> AsyncIterator[bytes]:
    """An object's chunks as they come; after the last, a mismatch with the row (or more bytes
    than it records, as soon as they arrive) raises `IntegrityFailure`, logged."""
    digest, seen = hashlib.sha256(), 0
    try:
        async for chunk in _object_chunks(location, settings):
            seen += len(chunk)
            if seen > location.size:
                raise IntegrityFailure(f"more than the {location.size} bytes recorded")
            digest.update(chunk)
            yield chunk
        _compare(digest, seen, location.size, location.sha256)
    except ObjectMissing:
        raise _failed(location, "the object is missing") from None
    except IntegrityFailure as exc:
        raise _failed(location, str(exc)) from None


async def read_verified(location: Location, settings: Settings) -> bytes:
    """All of an attachment's bytes, checked (for an email's attachment, a move)."""
    if location.in_database:
        data = await _database_bytes(location)
        try:
            _compare(hashlib.sha256(data), len(data), location.size, location.sha256)
        except IntegrityFailure as exc:
            raise _failed(location, str(exc)) from None
        return data
    return b"".join([chunk async for chunk in _checked_chunks(location, settings)])


async def spool_verified(location: Location, settings: Settings) -> IO[bytes]:
    """An object's bytes, checked whole, in a temporary file (in memory up to 1 MiB) at offset 0."""
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (the caller closes it)
    try:
        async for chunk in _checked_chunks(location, settings):
            if spool.tell() + len(chunk) > SPOOL_IN_MEMORY:  # on disk from here: off the event loop
                await asyncio.to_thread(spool.write, chunk)
            else:
                spool.write(chunk)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


async def checked_stream(location: Location, settings: Settings) -> AsyncIterator[bytes]:
    """An object too large to check before sending, checked as it streams.

    Its first chunk is read now, so a store that is down or an object that is missing fails
    before anything is sent. Each chunk is held back until the next one has arrived: on a
    mismatch the stream raises `IntegrityFailure` in place of the last chunk, and the response
    stops short of its Content-Length.
    """
    chunks = _checked_chunks(location, settings)
    first = await anext(chunks, b"")

    async def checked() -> AsyncIterator[bytes]:
        held = first
        async for chunk in chunks:
            yield held
            held = chunk
        yield held

    return checked()


# --- the sweep ------------------------------------------------------------------------------------


async def sweep_staged_objects(settings: Settings, *, batch: int = 200, limit: int | None = None) -> int:
    """Delete staged objects older than a day (no row names them), at most `limit` of them;
    returns how many went.

    A store that cannot be reached keeps its staged objects for a later sweep.
    """
    cutoff = settings.clock.now() - STAGED_MAX_AGE
    swept = 0
    unreachable: set[str] = set()
    while limit is None or swept < limit:
        query = StagedObject.filter(created_at__lt=cutoff)
        if unreachable:
            query = query.exclude(store__in=unreachable)
        size = batch if limit is None else min(batch, limit - swept)
        rows = await query.order_by("created_at", "id").limit(size)
        if not rows:
            return swept
        for row in rows:
            if row.store in unreachable:
                continue
            try:
                await open_store(row.store, settings).delete(row.object_key)
            except StoreUnavailable as exc:
                logger.warning("sweep: %s; its staged objects wait for the next sweep", exc)
                unreachable.add(row.store)
                continue
            except ValueError:
                logger.error("sweep: staged object %s names no object store (%r); dropped", row.id, row.store)
            await StagedObject.filter(id=row.id).delete()
            swept += 1
    return swept


# --- moving between stores ------------------------------------------------------------------------


@dataclass(frozen=True)
class MovePlan:
    """What a move to `target` has to do: per store the bytes are in now, how many and how large."""

    target: str
    sources: dict[str, tuple[int, int]]

    @property
    def count(self) -> int:
        return sum(count for count, _ in self.sources.values())

    @property
    def size(self) -> int:
        return sum(size for _, size in self.sources.values())


async def move_plan(target: str) -> MovePlan:
    """The attachments whose bytes are not in `target` yet, by the store they are in."""
    from tortoise.functions import Count, Sum

    rows = (
        await Attachment.exclude(store=target)
        .annotate(count=Count("id"), size=Sum("size"))
        .group_by("store")
        .values("store", "count", "size")
    )
    return MovePlan(target, {row["store"]: (row["count"], int(row["size"] or 0)) for row in rows})


async def attachments_to_move(target: str, *, batch: int = 200) -> AsyncIterator[list[tuple[int, int]]]:
    """`(id, size)` of the attachments not in `target`, in id order, a batch at a time."""
    last = 0
    while True:
        rows = (
            await Attachment.exclude(store=target)
            .filter(id__gt=last)
            .order_by("id")
            .limit(batch)
            .values_list("id", "size")
        )
        if not rows:
            return
        yield [(row_id, size) for row_id, size in rows]
        last = rows[-1][0]


async def move_attachment(attachment_id: int, target: str, settings: Settings) -> bool:
    """Copy one attachment's bytes to `target` (checked on the way out and once written), then
    switch its row; the bytes left behind are staged for the sweep. False when there was nothing
    to do (the row is gone, already in `target`, or changed while it was copied).

    Raises `IntegrityFailure` when the bytes in their store do not match the row (nothing is
    moved), `StoreUnavailable` when either store is down.
    """
    rows = await Attachment.filter(id=attachment_id).values(*LOCATION_COLUMNS, "filename", "content_type")
    if not rows or rows[0]["store"] == target:
        return False
    source = Location.of(rows[0])
    data = await read_verified(source, settings)
    now = settings.clock.now()
    staged_id = None
    if target == DATABASE_STORE:
        change = {"store": DATABASE_STORE, "object_key": None, "data": data}
    else:
        key, staged_id = await write_object(
            open_store(target, settings),
            data,
            source.sha256,
            content_type=rows[0]["content_type"],
            filename=rows[0]["filename"],
            settings=settings,
        )
        change = {"store": target, "object_key": key, "data": b""}
    async with in_transaction() as conn:
        # Compare-and-set on where the bytes were read from: a concurrent move wins, this copy
        # stays staged and the sweep removes it.
        switched = (
            await Attachment.filter(id=attachment_id, store=source.store, object_key=source.object_key)
            .using_db(conn)
            .update(**change)
        )
        if switched:
            if staged_id is not None:
                await StagedObject.filter(id=staged_id).using_db(conn).delete()
            if not source.in_database and source.object_key:
                await StagedObject.create(
                    store=source.store, object_key=source.object_key, created_at=now, using_db=conn
                )
    return bool(switched)
