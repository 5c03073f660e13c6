"""Attachment downloads: `GET /attachments/{id}` for the customer's partner, reconciliation and staff.

Anyone else gets the same 404 as for an id that does not exist, so an attachment's existence is
never revealed to someone who may not read it. A browser that brings no valid credentials (an
email's link opened in a fresh browser) is sent to the portal's Sign in first, whatever the id,
and comes back here after.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from typing import IO
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import (
    JSONResponse,
    PlainTextResponse,
    RedirectResponse,
    Response,
    StreamingResponse,
)

from ..auth import Principal, authenticate, bearer_token
from ..auth.scopes import may_download
from ..ids import decode_id, encode_id
from ..models import Attachment
from ..settings import Settings
from .attachments import (
    ATTACHMENT_TYPE,
    LOCATION_COLUMNS,
    VERIFY_BEFORE_SENDING,
    IntegrityFailure,
    Location,
    checked_stream,
    read_verified,
    safe_filename,
    spool_verified,
)
from .stores import CHUNK_BYTES, StoreUnavailable, open_store

logger = logging.getLogger("graphql_portal.downloads")
# As the service's other 503s (the database away): retry after this many seconds.
RETRY_AFTER_SECONDS = 5


def attachment_path(attachment_id: int, root_path: str = "") -> str:
    """The download route of an attachment, under the application's `root_path`."""
    return f"{root_path}/attachments/{encode_id(ATTACHMENT_TYPE, attachment_id)}"


def attachment_url(settings: Settings, attachment_id: int) -> str:
    """The absolute download address of an attachment (the API's `Attachment.url`, the emails' link)."""
    return attachment_path(attachment_id, settings.base_url)


def _not_found() -> Response:
    return PlainTextResponse("Not Found", status_code=404, headers={"Cache-Control": "no-store"})


async def _reader(request: Request):
    """Who is asking: a bearer token's or portal session's principal, a staff user, or None."""
    principal = await authenticate(bearer_token(request.headers.get("authorization")))
    if principal is not None:
        return principal
    partner_lookup = getattr(request.app.state, "partner_lookup", None)
    if partner_lookup is not None and (principal := await partner_lookup(request)) is not None:
        return principal
    staff_lookup = getattr(request.app.state, "staff_lookup", None)
    return await staff_lookup(request) if staff_lookup is not None else None


def _may_read(reader, found: dict) -> bool:
    """Whether `reader` may read this attachment (its kind, order and customer's partner; staff always)."""
    if isinstance(reader, Principal):
        if not may_download(reader, found["kind"], found["order_id"]):
            return False
        return reader.is_reconciliation or reader.partner_id == found["customer__partner_id"]
    return reader is not None


def _to_signin(request: Request) -> Response:
    """A browser without credentials (an email's link in a fresh browser) signs in first, and
    comes back here after; anything else gets the 404."""
    if "text/html" not in request.headers.get("accept", ""):
        return _not_found()
    return RedirectResponse(f"/signin?next={quote(request.url.path, safe='')}", status_code=303)


def _headers(found: dict) -> dict:
    return {
        "Content-Disposition": f'attachment; filename="{safe_filename(found["filename"])}"',
        "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff",
    }


def _store_unavailable(exc: StoreUnavailable) -> Response:
    """The attachment store is down: a JSON 503 the client can retry, as for the database."""
    logger.warning("download: %s", exc)
    return store_unavailable_response()


def store_unavailable_response() -> Response:
    body = {
        "errors": [
            {
                "message": "The attachment store is unavailable; retry in a few seconds.",
                "extensions": {"code": "UNAVAILABLE"},
            }
        ]
    }
    return JSONResponse(
        body,
        status_code=503,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"},
    )


def _integrity_error() -> Response:
    return PlainTextResponse(
        "The file could not be read intact; the operators have been told.",
        status_code=500,
        headers={"Cache-Control": "no-store"},
    )


async def download_attachment(request: Request) -> Response:
    """The bytes of one attachment, as a download, for those allowed to read it; 404 otherwise.

    The bytes are checked against the row's sha256 before they are sent (in a temporary file up
    to 16 MiB); a larger object streams and the connection is cut on a mismatch. With
    `PORTAL_S3_PRESIGNED_DOWNLOADS=1` an object in S3 is a 302 to a presigned URL instead.
    """
    reader = await _reader(request)
    if reader is None:
        return _to_signin(request)
    attachment_id = decode_id(request.path_params.get("attachment_id", ""), ATTACHMENT_TYPE)
    # The bytes are read only once the caller is known to be allowed.
    found = (
        await Attachment.filter(id=attachment_id).values(
            "customer__partner_id", "kind", "order_id", "content_type", "filename", *LOCATION_COLUMNS
        )
        if attachment_id
        else []
    )
    if not found or not _may_read(reader, found[0]):
        return _not_found()
    found = found[0]
    location = Location.of(found)
    settings: Settings = request.app.state.settings
    headers = _headers(found)
    media_type = found["content_type"]
    try:
        if location.in_database:
            return Response(await read_verified(location, settings), media_type=media_type, headers=headers)
        if settings.s3_presigned_downloads and location.store.startswith("s3://"):
            url = await open_store(location.store, settings).presigned_url(location.object_key)
            return RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-store"})
        headers["Content-Length"] = str(location.size)
        if location.size <= VERIFY_BEFORE_SENDING:
            spool = await spool_verified(location, settings)
            return StreamingResponse(_from_spool(spool), media_type=media_type, headers=headers)
        stream = await checked_stream(location, settings)
        return StreamingResponse(stream, media_type=media_type, headers=headers)
    except StoreUnavailable as exc:
        return _store_unavailable(exc)
    except IntegrityFailure:
        return _integrity_error()


async def _from_spool(spool: IO[bytes]) -> AsyncIterator[bytes]:
    try:
        while chunk := await asyncio.to_thread(spool.read, CHUNK_BYTES):
            yield chunk
    finally:
        spool.close()
