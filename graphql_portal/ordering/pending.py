"""A customer's pending order: submitted, effective later, not applied, cancelled or stopped yet.

While it waits, no other change is reviewed or submitted for that customer.
"""

from __future__ import annotations

import datetime as dt

from tortoise.backends.base.client import BaseDBAsyncClient

from ..models import Order
from .errors import ErrorCode, UserError


def takes_effect_at(effective_on: dt.date) -> dt.datetime:
    """Changes take effect at 00:00 UTC of their effective date."""
    return dt.datetime.combine(effective_on, dt.time(0), tzinfo=dt.UTC)


def is_pending(order: Order) -> bool:
    return order.applied_at is None and order.cancelled_at is None and order.attention_reason is None


async def pending_order(customer_id: int, *, using_db: BaseDBAsyncClient | None = None) -> Order | None:
    """The customer's order that waits for its effective date, if any."""
    return (
        await Order.filter(customer_id=customer_id, applied_at=None, cancelled_at=None, attention_reason=None)
        .using_db(using_db)
        .order_by("effective_on", "id")
        .first()
    )


def change_pending(order: Order, field: tuple[str, ...]) -> UserError:
    message = (
        f"Order {order.number} changes this customer on {order.effective_on.isoformat()}; "
        "no other change can be reviewed until then unless that order is cancelled."
    )
    return UserError(ErrorCode.CHANGE_PENDING, message, field)
