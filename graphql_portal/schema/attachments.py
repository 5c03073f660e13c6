"""Files in a customer's Attachments area, an order's addendum among them."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from ..ids import encode_id

_ASK = object()  # voidedAt is not known yet: ask the order


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
    order_id: strawberry.Private[int | None] = None
    voided: strawberry.Private[object] = _ASK

    @strawberry.field(
        description="When the order this document belongs to was cancelled; null while it stands."
    )
    def voided_at(self, info: Info) -> dt.datetime | None:
        if self.voided is not _ASK:
            return self.voided
        if self.order_id is None:
            return None
        return info.context.loaders.cancelled_at.get(self.order_id)

    @classmethod
    def of(cls, row, url: str, *, voided_at: object = _ASK) -> Attachment:
        """`row` is an attachment model or an `AttachmentRow` (the same fields without the bytes);
        `voided_at`, when the caller knows it, is its order's `cancelled_at`."""
        return cls(
            order_id=row.order_id,
            voided=voided_at,
            id=strawberry.ID(encode_id("Attachment", row.id)),
            filename=row.filename,
            content_type=row.content_type,
            size=row.size,
            sha256=row.sha256,
            created_at=row.created_at,
            url=url,
        )
