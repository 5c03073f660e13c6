"""An order's fulfilment status, derived from its addendum, deliveries and jobs.

The order's `updated_at` moves with every change to its jobs' visible results (addendum filed,
email sent or failed, status), because finance syncs on it.
"""

from __future__ import annotations

import datetime as dt

from tortoise.backends.base.client import BaseDBAsyncClient

from ..events import log as events
from ..models import (
    Attachment,
    AttachmentKind,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Job,
    JobState,
    Order,
    OrderStatus,
)

# The emails that go out with every order; a cancellation's email does not decide its status.
DOCUMENT_EMAILS = (DeliveryKind.SUBMITTER_ADDENDUM, DeliveryKind.IMPLEMENTATION_LEAD)


async def touch_order(order_id: int, now: dt.datetime, conn: BaseDBAsyncClient) -> None:
    """Move the order's `updated_at`: something finance can see of it changed."""
    await Order.filter(id=order_id).using_db(conn).update(updated_at=now)


async def refresh_order_status(
    order_id: int, *, using_db: BaseDBAsyncClient | None = None, now: dt.datetime | None = None
) -> OrderStatus | None:
    """Derive the order's status from its addendum, deliveries and jobs, and store it if it moved.

    CANCELLED once cancelled, whatever its jobs do; ATTENTION_NEEDED while any of its jobs is
    FAILED; once the addendum is filed and both emails are sent, COMPLETED when the change has
    been applied to the customer and SCHEDULED while it waits for its date; PROCESSING otherwise.
    """
    order = await Order.filter(id=order_id).using_db(using_db).first()
    if order is None:
        return None
    filed = (
        await Attachment.filter(order_id=order_id, kind=AttachmentKind.ADDENDUM).using_db(using_db).exists()
    )
    sent = (
        await Delivery.filter(order_id=order_id, status=DeliveryStatus.SENT, kind__in=DOCUMENT_EMAILS)
        .using_db(using_db)
        .count()
    )
    if order.cancelled_at is not None:
        status = OrderStatus.CANCELLED
    elif order.attention_reason is not None or (
        await Job.filter(order_id=order_id, state=JobState.FAILED).using_db(using_db).exists()
    ):
        status = OrderStatus.ATTENTION_NEEDED
    elif filed and sent == len(DOCUMENT_EMAILS):
        status = OrderStatus.COMPLETED if order.applied_at is not None else OrderStatus.SCHEDULED
    else:
        status = OrderStatus.PROCESSING
    if status is not order.status:
        now = now or dt.datetime.now(dt.UTC)
        await (
            Order.filter(id=order_id)
            .using_db(using_db)
            .update(
                status=status,
                updated_at=now,
                completed_at=now if status is OrderStatus.COMPLETED else None,
            )
        )
        await events.order_status_changed(order_id, order.status, using_db=using_db, at=now)
    return status
