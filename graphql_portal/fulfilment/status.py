"""An order's fulfilment status, derived from its addendum, deliveries and jobs.

The order's `updated_at` moves with every change to its jobs' visible results (addendum filed,
email sent or failed, status), because finance syncs on it.
"""

from __future__ import annotations

import datetime as dt

from tortoise.backends.base.client import BaseDBAsyncClient

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


async def touch_order(order_id: int, now: dt.datetime, conn: BaseDBAsyncClient) -> None:
    """Move the order's `updated_at`: something finance can see of it changed."""
    await Order.filter(id=order_id).using_db(conn).update(updated_at=now)


async def refresh_order_status(
    order_id: int, *, using_db: BaseDBAsyncClient | None = None
) -> OrderStatus | None:
    """Derive the order's status from its addendum, deliveries and jobs, and store it if it moved.

    COMPLETED once the addendum is filed and both emails are sent; ATTENTION_NEEDED while any of
    its jobs is FAILED; PROCESSING otherwise.
    """
    order = await Order.filter(id=order_id).using_db(using_db).first()
    if order is None:
        return None
    filed = (
        await Attachment.filter(order_id=order_id, kind=AttachmentKind.ADDENDUM).using_db(using_db).exists()
    )
    sent = await Delivery.filter(order_id=order_id, status=DeliveryStatus.SENT).using_db(using_db).count()
    if filed and sent == len(DeliveryKind):
        status = OrderStatus.COMPLETED
    elif await Job.filter(order_id=order_id, state=JobState.FAILED).using_db(using_db).exists():
        status = OrderStatus.ATTENTION_NEEDED
    else:
        status = OrderStatus.PROCESSING
    if status is not order.status:
        now = dt.datetime.now(dt.UTC)
        await (
            Order.filter(id=order_id)
            .using_db(using_db)
            .update(
                status=status,
                updated_at=now,
                completed_at=now if status is OrderStatus.COMPLETED else None,
            )
        )
    return status
