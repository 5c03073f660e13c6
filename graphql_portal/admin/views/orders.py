"""Orders: the list, the details with their fulfilment, and retrying what failed.

The fulfilment part of the order page (status, addendum, deliveries) updates in place: a step
still waiting asks for its own fragment again every second or two until it has an outcome, and
the Retry buttons post with htmx and get back the fragment they replace.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response
from tortoise.transactions import in_transaction

from ...events import Change
from ...events import log as events
from ...fulfilment.followups import queue_cancellation
from ...fulfilment.retries import requeue_delivery, requeue_order
from ...models import (
    Attachment,
    AttachmentKind,
    Customer,
    Delivery,
    Job,
    JobKind,
    Order,
    OrderStatus,
    Partner,
)
from ...models.paging import after_key
from ...ordering.changes import change_lines
from ...ordering.pricing import Line
from ...ordering.schedule import close_stopped_order
from ..rendering import checked_form, redirect, render
from ..sessions import session_of
from .params import PAGE_SIZE, enum_param, id_param, or_404, path_id, query_string

ADDENDUM_COLUMNS = ("id", "filename", "size", "created_at")


async def order_list(request: Request) -> Response:
    """Newest first; keyset pagination on (submitted_at, id) descending."""
    status = enum_param(request, "status", OrderStatus)
    partner_id = id_param(request, "partner")
    customer_id = id_param(request, "customer")
    before = id_param(request, "before")
    query = Order.all().select_related("customer", "partner")
    if status:
        query = query.filter(status=status)
    if partner_id:
        query = query.filter(partner_id=partner_id)
    if customer_id:
        query = query.filter(customer_id=customer_id)
    if before:
        anchor = await Order.filter(id=before).only("id", "submitted_at").first()
        if anchor is not None:
            query = query.filter(after_key("submitted_at", anchor.submitted_at, anchor.id, descending=True))
    rows = await query.order_by("-submitted_at", "-id").limit(PAGE_SIZE + 1)
    orders, more = rows[:PAGE_SIZE], len(rows) > PAGE_SIZE
    filters = {"status": status, "partner": partner_id, "customer": customer_id}
    return render(
        request,
        "orders.html",
        {
            "orders": orders,
            "partners": await Partner.all(),
            "statuses": list(OrderStatus),
            "status": status,
            "partner_id": partner_id,
            "customer": await Customer.filter(id=customer_id).first() if customer_id else None,
            "paged": before is not None,
            "first_url": query_string(**filters),
            "next_url": query_string(**filters, before=orders[-1].id) if more else None,
        },
    )


@dataclass
class Fulfilment:
    """What the order page shows of the work an order owes, loaded in three queries."""

    order: Order
    addendum: dict | None
    addendum_job: Job | None
    deliveries: list[Delivery]


async def _fulfilment(order: Order) -> Fulfilment:
    addendum = await Attachment.filter(order_id=order.id, kind=AttachmentKind.ADDENDUM).values(
        *ADDENDUM_COLUMNS
    )
    job = await Job.filter(order_id=order.id, kind=JobKind.RENDER_ADDENDUM).first()
    deliveries = await Delivery.filter(order_id=order.id).order_by("id")
    return Fulfilment(order, addendum[0] if addendum else None, job, deliveries)


async def _order(request: Request) -> Order:
    return or_404(await Order.filter(id=path_id(request, "order_id")).first())


async def _delivery(request: Request, order: Order) -> Delivery:
    return or_404(await Delivery.filter(id=path_id(request, "delivery_id"), order_id=order.id).first())


async def order_detail(request: Request) -> Response:
    order = or_404(
        await Order.filter(id=path_id(request, "order_id"))
        .select_related("customer", "partner", "submitted_by", "implementation_lead")
        .first()
    )
    changes = change_lines(
        [Line.from_snapshot(line, order.currency) for line in order.lines_before],
        [Line.from_snapshot(line, order.currency) for line in order.lines_after],
    )
    return render(
        request,
        "order.html",
        {"order": order, "changes": changes, "f": await _fulfilment(order), "closable": _closable(order)},
    )


async def order_status(request: Request) -> Response:
    """The status badge (it polls while the order is processing)."""
    return render(request, "_order_status.html", {"order": await _order(request)})


async def fulfilment_section(request: Request) -> Response:
    return render(request, "_fulfilment.html", {"f": await _fulfilment(await _order(request))})


async def delivery_row(request: Request) -> Response:
    """One delivery's row, polled while it is pending; the status badge and the addendum ride
    along out of band (a delivery's retry may re-queue the addendum too)."""
    order = await _order(request)
    delivery = await _delivery(request, order)
    return render(request, "_delivery_response.html", {"f": await _fulfilment(order), "d": delivery})


async def retry_delivery(request: Request) -> Response:
    await checked_form(request)
    order = await _order(request)
    delivery = await _delivery(request, order)
    async with in_transaction():
        requeued = await requeue_delivery(delivery.id)
        if requeued:
            await _staff_action(order, "retry email", Change("email", None, delivery.kind))
    await order.refresh_from_db()
    await delivery.refresh_from_db()
    notice = None if requeued else "Nothing to retry: this email has not failed."
    return render(
        request,
        "_delivery_response.html",
        {"f": await _fulfilment(order), "d": delivery, "row_notice": notice},
    )


async def retry_order(request: Request) -> Response:
    """Re-queue every failed step of the order (the addendum, and the emails waiting for it)."""
    await checked_form(request)
    order = await _order(request)
    async with in_transaction():
        requeued = await requeue_order(order.id)
        if requeued:
            await _staff_action(order, "retry order", Change("failedSteps", requeued, 0))
    await order.refresh_from_db()
    notice = None if requeued else "Nothing to retry: no step of this order has failed."
    return render(request, "_fulfilment.html", {"f": await _fulfilment(order), "notice": notice})


async def _staff_action(order: Order, action: str, *changes: Change) -> None:
    """STAFF_ACTION on `order`, in the transaction of what the action changed."""
    await events.staff_action(
        action, partner_id=order.partner_id, order_id=order.id, customer_id=order.customer_id, changes=changes
    )


def _closable(order: Order) -> bool:
    """Stopped on its date (the customer changed meanwhile), neither applied nor cancelled."""
    return order.attention_reason is not None and order.cancelled_at is None and order.applied_at is None


async def confirm_close(request: Request) -> Response:
    """What closing a stopped order does, before it is done."""
    order = (
        await Order.filter(id=path_id(request, "order_id")).select_related("customer", "submitted_by").first()
    )
    order = or_404(order)
    if not _closable(order):
        session_of(request).flash(
            "error", f"Order {order.number} cannot be closed: it was not stopped on its date."
        )
        return redirect(request, f"/orders/{order.id}")
    return render(request, "confirm_close.html", {"order": order})


async def close_order(request: Request) -> Response:
    """Close a scheduled order that found its customer changed on its date; the submitter is told."""
    await checked_form(request)
    order = await _order(request)
    async with in_transaction():
        outcome = await close_stopped_order(order.id, queue_cancellation=queue_cancellation)
        if not outcome.errors:
            await _staff_action(order, "close order", Change("status", order.status, outcome.order.status))
    session = session_of(request)
    if outcome.errors:
        session.flash("error", outcome.errors[0].message)
    else:
        session.flash("ok", f"Order {order.number} is closed; the submitter is being emailed why.")
    return redirect(request, f"/orders/{order.id}")
