"""The audit trail and webhook endpoints through the API: who may read them, loading, the domain.

`auditEvents`: a partner's ADMIN reads its partner's trail; a reconciliation token reads the
events that concern an order, of every partner (and of each only `id`, `type`, `occurredAt` and
`order`: `auth.scopes`); anyone else is refused with FORBIDDEN. Webhook endpoints are the ADMIN's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from ..events.trail import NO_ROW, TrailFilter, newest_first, trail_query
from ..ids import decode_id
from ..models import AuditEvent, EventType, WebhookDelivery, WebhookEndpoint
from ..models.paging import after_key
from ..ordering import webhooks
from .context import Context
from .deferred import Maybe, then
from .errors import bad_input, forbidden
from .loaders import DELIVERY_COLUMNS, DeliveryRow
from .pagination import Page, check_first, encode_cursor, instant_cursor

AUDIT_EVENTS_CAP = 500
DELIVERIES_CAP = 200
ONLY_ADMIN_READS = (
    "Only an ADMIN of the partner (or a reconciliation token, for order events) reads the trail."
)


@dataclass
class AuditFilterValues:
    types: list[EventType] | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    order_id: str | None = None
    customer_id: str | None = None
    user_id: str | None = None


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None:
        raise bad_input(f"`{name}` needs a UTC offset, e.g. 2026-01-31T00:00:00Z.")
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise bad_input(f"`{name}` is outside the range of dates this API can compare.") from None


def _id_or_none_such(value: str | None, type_name: str) -> int | None:
    """The row id inside an ID filter; an ID of nothing (or of another type) matches no event."""
    if value is None:
        return None
    pk = decode_id(value, type_name)
    return pk if pk is not None else NO_ROW


def _instant_cursor(at: dt.datetime, row_id: int) -> str:
    return encode_cursor(at.astimezone(dt.UTC).isoformat(), row_id)


async def audit_events_page(
    context: Context, first: int, after: str | None, flt: AuditFilterValues | None
) -> Page:
    """Newest first (by occurredAt, then id); `until` is exclusive."""
    principal = context.principal
    if principal.is_reconciliation:
        partner_id, order_events_only = None, True
    elif webhooks.may_manage(principal):
        partner_id, order_events_only = principal.partner_id, False
    else:
        raise forbidden(ONLY_ADMIN_READS)
    check_first(first, AUDIT_EVENTS_CAP)
    values = TrailFilter(partner_id=partner_id)
    if flt is not None:
        values.types = None if flt.types is None else [EventType(getattr(t, "value", t)) for t in flt.types]
        values.since = _aware(flt.since, "since") if flt.since is not None else None
        values.until = _aware(flt.until, "until") if flt.until is not None else None
        values.order_id = _id_or_none_such(flt.order_id, "Order")
        values.customer_id = _id_or_none_such(flt.customer_id, "Customer")
        values.user_id = _id_or_none_such(flt.user_id, "User")
    cursor = instant_cursor(after) if after else None
    rows, more = await newest_first(trail_query(values, order_events_only=order_events_only), first, cursor)
    return Page(
        items=rows, has_next_page=more, cursor_of=lambda e: _instant_cursor(e.occurred_at, e.id), after=after
    )


# -- webhook endpoints ------------------------------------------------------------------------------


def _admin_partner(context: Context) -> int:
    if not webhooks.may_manage(context.principal):
        raise forbidden(webhooks.ONLY_ADMIN)
    return context.principal.partner_id


async def webhook_endpoints(context: Context) -> list[WebhookEndpoint]:
    """`webhookEndpoints`: the partner's endpoints, oldest first."""
    return await webhooks.partner_endpoints(_admin_partner(context))


def _delivery_page(rows: list[DeliveryRow], first: int, after: str | None = None) -> Page:
    return Page(
        items=rows[:first],
        has_next_page=len(rows) > first,
        cursor_of=lambda d: _instant_cursor(d.created_at, d.id),
        after=after,
    )


def deliveries_page(context: Context, endpoint_id: int, first: int, after: str | None) -> Maybe[Page]:
    """An endpoint's deliveries, newest first; the first pages of a list of endpoints in one batch."""
    check_first(first, DELIVERIES_CAP)
    if not after:
        return then(
            context.loaders.first_deliveries(first).get(endpoint_id), lambda rows: _delivery_page(rows, first)
        )
    at, last_id = instant_cursor(after)

    async def load() -> Page:
        query = (
            WebhookDelivery.filter(endpoint_id=endpoint_id)
            .filter(after_key("created_at", at, last_id, descending=True))
            .order_by("-created_at", "-id")
            .limit(first + 1)
            .values_list(*DELIVERY_COLUMNS)
        )
        return _delivery_page([DeliveryRow(*values) for values in await query], first, after)

    return load()


def delivery_row(delivery: WebhookDelivery) -> DeliveryRow:
    return DeliveryRow(*(getattr(delivery, name) for name in DELIVERY_COLUMNS))


def event_of(context: Context, event_id: int) -> Maybe[AuditEvent | None]:
    return context.loaders.audit_events.get(event_id)


# -- mutations --------------------------------------------------------------------------------------


def _allow_private(context: Context) -> bool:
    return context.settings.webhooks_allow_private


def _now(context: Context) -> dt.datetime:
    return context.settings.clock.now()


async def create_endpoint(
    context: Context, url: str, description: str | None, event_types: Iterable[object]
) -> webhooks.EndpointOutcome:
    return await webhooks.create_endpoint(
        context.principal,
        url,
        description,
        event_types,
        allow_private=_allow_private(context),
        now=_now(context),
    )


async def update_endpoint(
    context: Context,
    endpoint_id: str,
    *,
    url: str | None,
    description: str | None,
    event_types: Iterable[object] | None,
    enabled: bool | None,
) -> webhooks.EndpointOutcome:
    return await webhooks.update_endpoint(
        context.principal,
        decode_id(endpoint_id, "WebhookEndpoint"),
        url=url,
        description=description,
        event_types=event_types,
        enabled=enabled,
        allow_private=_allow_private(context),
        now=_now(context),
    )


async def delete_endpoint(context: Context, endpoint_id: str) -> webhooks.EndpointOutcome:
    return await webhooks.delete_endpoint(
        context.principal, decode_id(endpoint_id, "WebhookEndpoint"), now=_now(context)
    )


async def rotate_secret(context: Context, endpoint_id: str) -> webhooks.EndpointOutcome:
    return await webhooks.rotate_secret(
        context.principal, decode_id(endpoint_id, "WebhookEndpoint"), now=_now(context)
    )


async def send_test(context: Context, endpoint_id: str) -> webhooks.DeliveryOutcome:
    return await webhooks.send_test(
        context.principal, decode_id(endpoint_id, "WebhookEndpoint"), now=_now(context)
    )


async def redeliver(context: Context, delivery_id: str) -> webhooks.DeliveryOutcome:
    return await webhooks.redeliver(
        context.principal, decode_id(delivery_id, "WebhookDelivery"), now=_now(context)
    )
