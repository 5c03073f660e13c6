"""Files in a customer's Attachments area, an order's addendum among them."""

from __future__ import annotations

import datetime as dt

import strawberry

from ..ids import encode_id


@strawberry.type(description="A file in a customer's Attachments area.")
class Attachment:
    id: strawberry.ID
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: dt.datetime
    url: str = strawberry.field(
        description="GET with the same bearer token (or a staff session) returns the bytes."
    )

    @classmethod
    def of(cls, row, url: str) -> Attachment:
        """`row` is an attachment model or an `AttachmentRow` (the same fields without the bytes)."""
        return cls(
            id=strawberry.ID(encode_id("Attachment", row.id)),
            filename=row.filename,
            content_type=row.content_type,
            size=row.size,
            sha256=row.sha256,
            created_at=row.created_at,
            url=url,
        )
