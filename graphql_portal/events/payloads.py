"""What a webhook says: the body `{"type", "timestamp", "data"}` of an event, and the `data` of
each subject (an order, a user, an attachment) as the API shows it, taken when the event is
written so that a retry or a redelivery says the same as the first attempt.

Download addresses depend on the service's base URL, so they are added when the body is made
(`body(..., attachment_url=...)`), not stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson

from ..ids import decode_id, encode_id
from ..models import AuditEvent, EventType
from .recording import webhook_name


def _money(amount: Decimal | str, currency: str) -> dict[str, str]:
    return {"amount": str(Decimal(amount).quantize(Decimal("0.01"))), "currency": currency}


def _instant(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def customer_data(customer) -> dict[str, Any]:
    """What an order's payload says of its customer (a model or a row with the same fields)."""
    return {
        "id": encode_id("Customer", customer.id),
        "name": customer.name,
        "accountCode": customer.account_code,
    }


def order_data(order, customer, addendum=None) -> dict[str, Any]:
    """An order as the API's `Order` shows it: number, status, customer, reference, dates, figures
    and the addendum (its `url` is added when the body is made)."""
    currency = order.currency
    return {
        "id": encode_id("Order", order.id),
        "number": order.number,
        "status": order.status.value,
        "customer": customer_data(customer),
        "partnerReference": order.partner_reference,
        "effectiveOn": order.effective_on.isoformat(),
        "submittedAt": _instant(order.submitted_at),
        "completedAt": _instant(order.completed_at),
        "cancelledAt": _instant(order.cancelled_at),
        "submittedBy": {"id": encode_id("User", order.submitted_by_id)},
        "implementationLead": {"id": encode_id("User", order.implementation_lead_id)},
        "seatsBefore": order.seats_before,
        "seatsAfter": order.seats_after,
        "monthlyCostBefore": _money(order.monthly_cost_before, currency),
        "monthlyCostAfter": _money(order.monthly_cost_after, currency),
        "monthlyCostChange": _money(order.monthly_cost_change, currency),
        "proratedCharge": _money(order.prorated_charge, currency),
        "addendum": attachment_data(addendum) if addendum is not None else None,
    }


def user_data(user) -> dict[str, Any]:
    return {
        "id": encode_id("User", user.id),
        "name": user.name,
        "email": user.email,
        "role": user.role.value,
        "status": user.status.value,
    }


def attachment_data(attachment, order=None, customer=None) -> dict[str, Any]:
    """An attachment as the API's `Attachment` shows it (with its order and customer when given)."""
    data: dict[str, Any] = {
        "id": encode_id("Attachment", attachment.id),
        "filename": attachment.filename,
        "contentType": attachment.content_type,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "createdAt": _instant(attachment.created_at),
    }
    if customer is not None:
        data["customer"] = customer_data(customer)
    if order is not None:
        data["order"] = {"id": encode_id("Order", order.id), "number": order.number}
    return data


def webhook_id(event_id: int) -> str:
    """The `webhook-id` of an event: `evt_` and the event's id in the API."""
    return f"evt_{encode_id('AuditEvent', event_id)}"


def _with_urls(value: Any, attachment_url: Callable[[int], str]) -> Any:
    """`value` with a `url` beside every attachment's `id` (an object with `filename` and `sha256`)."""
    if isinstance(value, dict):
        out = {key: _with_urls(item, attachment_url) for key, item in value.items()}
        if "sha256" in out and "filename" in out and isinstance(out.get("id"), str):
            pk = decode_id(out["id"], "Attachment")
            if pk is not None:
                out["url"] = attachment_url(pk)
        return out
    if isinstance(value, list):
        return [_with_urls(item, attachment_url) for item in value]
    return value


def body(event: AuditEvent, attachment_url: Callable[[int], str]) -> bytes:
    """The JSON a webhook POSTs for `event`: the same bytes on every attempt of every delivery."""
    data = {"sequence": event.sequence, **_with_urls(event.data or {}, attachment_url)}
    name = webhook_name(event.type) if event.type is not EventType.TEST else "test"
    document = {"type": name, "timestamp": _instant(event.occurred_at), "data": data}
    return orjson.dumps(document)
