"""Attachment downloads: `GET /attachments/{id}` for the customer's partner, reconciliation and staff.

Anyone else gets the same 404 as for an id that does not exist, so an attachment's existence is
never revealed to someone who may not read it. A browser that brings no valid credentials (an
email's link opened in a fresh browser) is sent to the portal's Sign in first, whatever the id,
and comes back here after.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from ..auth import Principal, authenticate, bearer_token
from ..auth.scopes import may_download
from ..ids import decode_id, encode_id
from ..models import Attachment
from ..settings import Settings

ATTACHMENT_TYPE = "Attachment"


def attachment_path(attachment_id: int, root_path: str = "") -> str:
    """The download route of an attachment, under the application's `root_path`."""
    return f"{root_path}/attachments/{encode_id(ATTACHMENT_TYPE, attachment_id)}"


def attachment_url(settings: Settings, attachment_id: int) -> str:
    """The absolute download address of an attachment (the API's `Attachment.url`, the emails' link)."""
    return attachment_path(attachment_id, settings.base_url)


def safe_filename(name: str) -> str:
    """A filename that is safe inside a quoted Content-Disposition header on every client."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "attachment"
    return cleaned[:150]


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


async def download_attachment(request: Request) -> Response:
    """The bytes of one attachment, as a download, for those allowed to read it; 404 otherwise."""
    reader = await _reader(request)
    if reader is None:
        return _to_signin(request)
    attachment_id = decode_id(request.path_params.get("attachment_id", ""), ATTACHMENT_TYPE)
    # The bytes are read only once the caller is known to be allowed.
    found = (
        await Attachment.filter(id=attachment_id).values(
            "customer__partner_id", "kind", "order_id", "content_type", "filename"
        )
        if attachment_id
        else []
    )
    if not found or not _may_read(reader, found[0]):
        return _not_found()
    data = await Attachment.filter(id=attachment_id).values_list("data", flat=True)
    if not data:  # deleted meanwhile
        return _not_found()
    return Response(
        bytes(data[0]),
        media_type=found[0]["content_type"],
        headers={
            "Content-Disposition": f'attachment; filename="{safe_filename(found[0]["filename"])}"',
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
