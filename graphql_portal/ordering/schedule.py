"""Orders that take effect later: applying one on its date, cancelling one before.

An order effective on its submit date changes the customer at submit. One effective later leaves
the customer as it is until 00:00 UTC of its date, when `apply_scheduled` changes the customer in
one transaction. Until then it is the customer's pending order (`pending.py`) and may be
cancelled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Protocol

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from ..auth import Principal
from ..events import log as events
from ..ids import db_id
from ..models import Customer, CustomerProduct, CustomerStatus, Order, OrderStatus, Product, Review
from .errors import ErrorCode, UserError
from .holdings import change_customer
from .pending import takes_effect_at
from .review import may_order

F_ORDER = ("input", "orderId")


# -- applying on the date ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplyOutcome:
    """What `apply_scheduled` did: `applied` now, nothing to do (`done`), not `due` yet, or a conflict."""

    applied: bool = False
    done: str | None = None
    due_at: dt.datetime | None = None
    conflict: str | None = None


def _describe_drift(order: Order, customer: Customer, skus: set[str], before: set[str]) -> str:
    changes = []
    if customer.seats != order.seats_before:
        changes.append(f"seats {order.seats_before} at submit, {customer.seats} now")
    if skus != before:
        gone, new = sorted(before - skus), sorted(skus - before)
        if gone:
            changes.append("no longer holds " + ", ".join(gone))
        if new:
            changes.append("now also holds " + ", ".join(new))
    if customer.status.value != "ACTIVE":
        changes.append(f"status {customer.status.value}")
    detail = "; ".join(changes) if changes else "its record was updated"
    return (
        f"The customer was changed by other means after order {order.number} was submitted "
        f"({detail}); the change of {order.effective_on.isoformat()} was not applied."
    )


async def apply_scheduled(order_id: int, now: dt.datetime) -> ApplyOutcome:
    """Change the customer as the order says, in one transaction, exactly once.

    The customer must still be as the order found it (the version its review was made from) and
    active; otherwise the order records why in `attention_reason` and the customer is left alone.
    """
    async with in_transaction() as conn:
        order = await Order.filter(id=order_id).select_for_update().using_db(conn).first()
        if order is None:
            return ApplyOutcome(done="the order no longer exists")
        if order.applied_at is not None:
            return ApplyOutcome(done=f"already applied at {order.applied_at.isoformat()}")
        if order.cancelled_at is not None:
            return ApplyOutcome(done="cancelled before its date")
        if order.attention_reason is not None:
            return ApplyOutcome(conflict=order.attention_reason)
        due_at = takes_effect_at(order.effective_on)
        if now < due_at:
            return ApplyOutcome(due_at=due_at)

        customer = await Customer.filter(id=order.customer_id).select_for_update().using_db(conn).get()
        review = await Review.filter(id=order.review_id).using_db(conn).get()
        held = await (
            CustomerProduct.filter(customer_id=customer.id)
            .using_db(conn)
            .values_list("product__sku", "product_id")
        )
        skus = {sku for sku, _pid in held}
        before = {line["sku"] for line in order.lines_before}
        # A suspended customer takes no change, whether or not the suspension moved its version.
        if customer.version != review.customer_version or customer.status is not CustomerStatus.ACTIVE:
            reason = _describe_drift(order, customer, skus, before)
            await (
                Order.filter(id=order.id)
                .using_db(conn)
                .update(attention_reason=reason, status=OrderStatus.ATTENTION_NEEDED, updated_at=now)
            )
            await events.order_status_changed(order.id, order.status, using_db=conn, at=now)
            return ApplyOutcome(conflict=reason)

        after = {line["sku"] for line in order.lines_after}
        taken = await Product.filter(sku__in=sorted(after - skus)).using_db(conn).values_list("id", flat=True)
        changed = await change_customer(
            customer.id,
            from_version=review.customer_version,
            seats=order.seats_after,
            lead_id=order.implementation_lead_id,
            remove=[pid for sku, pid in held if sku not in after],
            add=taken,
            now=now,
            conn=conn,
        )
        if not changed:  # the row is locked and its version was checked above: a bug if so
            raise RuntimeError(f"customer {customer.id} changed under its lock")
        await Order.filter(id=order.id).using_db(conn).update(applied_at=now, updated_at=now)
    return ApplyOutcome(applied=True)


# -- cancelling -------------------------------------------------------------------------------------


class QueueCancellation(Protocol):
    """Writes what a cancelled order owes (the submitter's email), on the cancel's connection."""

    def __call__(self, order: Order, *, using_db: BaseDBAsyncClient) -> Awaitable[None]: ...


@dataclass
class CancelOutcome:
    order: Order | None
    errors: list[UserError]


def _not_cancellable(order: Order, now: dt.datetime) -> str | None:
    """Why a partner cannot cancel `order` now; None when it is SCHEDULED and before its date.

    Only a SCHEDULED order can be cancelled: while PROCESSING its addendum and emails are still
    going out (a cancellation then would cross them), and an order that needs attention is
    staff's to close.
    """
    if order.cancelled_at is not None:
        return f"Order {order.number} is already cancelled."
    if order.applied_at is not None:
        return f"Order {order.number} has taken effect; it can no longer be cancelled."
    if now >= takes_effect_at(order.effective_on) or order.attention_reason is not None:
        return (
            f"Order {order.number} was due on {order.effective_on.isoformat()}; "
            "an order can be cancelled only before its effective date."
        )
    if order.status is OrderStatus.PROCESSING:
        return (
            f"Order {order.number} is still being processed; it can be cancelled once its addendum "
            "and emails are out and it is scheduled."
        )
    if order.status is not OrderStatus.SCHEDULED:
        return (
            f"Order {order.number} needs attention from our staff, who close it if it cannot go ahead; "
            "only a scheduled order can be cancelled."
        )
    return None


async def cancel_order(
    principal: Principal,
    order_id: int | None,
    *,
    queue_cancellation: QueueCancellation,
    now: dt.datetime | None = None,
) -> CancelOutcome:
    """Cancel a SCHEDULED order before its effective date; the customer stays as it is."""
    now = now or dt.datetime.now(dt.UTC)
    if not may_order(principal):
        return CancelOutcome(None, [UserError(ErrorCode.FORBIDDEN, "Your role may not cancel orders.", None)])
    order = None
    if (pk := db_id(order_id)) is not None:
        order = await Order.filter(id=pk, partner_id=principal.partner_id).first()
    if order is None:
        return CancelOutcome(None, [UserError(ErrorCode.NOT_FOUND, "There is no such order.", F_ORDER)])
    async with in_transaction() as conn:
        order = await Order.filter(id=order.id).select_for_update().using_db(conn).get()
        reason = _not_cancellable(order, now)
        if reason is not None:
            return CancelOutcome(None, [UserError(ErrorCode.NOT_CANCELLABLE, reason, F_ORDER)])
        await _mark_cancelled(order, now, conn, queue_cancellation)
    return CancelOutcome(order, [])


# -- closing an order stopped on its date -----------------------------------------------------------


async def close_stopped_order(
    order_id: int,
    *,
    queue_cancellation: QueueCancellation,
    now: dt.datetime | None = None,
) -> CancelOutcome:
    """Staff close a scheduled order that found its customer changed on its date: it becomes
    CANCELLED (it never took effect), the customer stays as it is, the submitter is told why.

    Only such an order (stopped with an `attention_reason`, neither applied nor cancelled) can be
    closed here; an order a partner may still cancel is theirs to cancel.
    """
    now = now or dt.datetime.now(dt.UTC)
    async with in_transaction() as conn:
        order = await Order.filter(id=order_id).select_for_update().using_db(conn).first()
        if order is None:
            return CancelOutcome(None, [UserError(ErrorCode.NOT_FOUND, "There is no such order.", F_ORDER)])
        reason = _not_closable(order)
        if reason is not None:
            return CancelOutcome(None, [UserError(ErrorCode.NOT_CANCELLABLE, reason, F_ORDER)])
        await _mark_cancelled(order, now, conn, queue_cancellation)
    return CancelOutcome(order, [])


async def _mark_cancelled(
    order: Order, now: dt.datetime, conn: BaseDBAsyncClient, queue_cancellation: QueueCancellation
) -> None:
    """Record `order` as CANCELLED at `now` and queue the email that says so, in `conn`'s transaction."""
    before = order.status
    await (
        Order.filter(id=order.id)
        .using_db(conn)
        .update(cancelled_at=now, status=OrderStatus.CANCELLED, updated_at=now)
    )
    order.cancelled_at, order.status, order.updated_at = now, OrderStatus.CANCELLED, now
    await queue_cancellation(order, using_db=conn)
    await events.order_status_changed(order.id, before, using_db=conn, at=now)


def _not_closable(order: Order) -> str | None:
    if order.cancelled_at is not None:
        return f"Order {order.number} is already cancelled."
    if order.applied_at is not None:
        return f"Order {order.number} has taken effect; there is nothing to close."
    if order.attention_reason is None:
        return (
            f"Order {order.number} was not stopped on its date; "
            "only an order whose customer changed before its date can be closed here."
        )
    return None
