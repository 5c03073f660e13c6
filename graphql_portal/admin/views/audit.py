"""Audit: the trail across partners, newest first (by when, then id), filtered by partner, what
happened, who acted (kind), days and subject; keyset-paged on (occurred_at, id)."""

from __future__ import annotations

import datetime as dt

from starlette.requests import Request
from starlette.responses import Response

from ...events.trail import TrailFilter, newest_first, trail_query
from ...ids import db_id_text
from ...models import ActorKind, AuditEvent, Customer, EventType, Order, Partner, PartnerUser
from ..rendering import render
from .params import PAGE_SIZE, enum_param, id_param, query_string, text_param

AUDIT_PAGE_SIZE = PAGE_SIZE * 2
SHOWN_TYPES = [t for t in EventType if t is not EventType.TEST]


def _day(request: Request, name: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text_param(request, name, 10))
    except ValueError:
        return None


async def audit_list(request: Request) -> Response:
    partner_id = id_param(request, "partner")
    event_type = enum_param(request, "type", EventType)
    actor = enum_param(request, "actor", ActorKind)
    since, until = _day(request, "since"), _day(request, "until")
    subject = {name: id_param(request, name) for name in ("order", "customer", "user")}
    before = db_id_text(text_param(request, "before", 20))
    flt = TrailFilter(
        partner_id=partner_id,
        types=[event_type] if event_type and event_type is not EventType.TEST else None,
        since=dt.datetime.combine(since, dt.time(), dt.UTC) if since else None,
        until=dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), dt.UTC) if until else None,
        order_id=subject["order"],
        customer_id=subject["customer"],
        user_id=subject["user"],
    )
    query = trail_query(flt)
    if actor is not None:
        query = query.filter(actor_kind=actor)
    anchor = await AuditEvent.filter(id=before).only("id", "occurred_at").first() if before else None
    cursor = (anchor.occurred_at, anchor.id) if anchor else None
    rows, more = await newest_first(query, AUDIT_PAGE_SIZE, cursor)
    filters = {
        "partner": partner_id,
        "type": event_type,
        "actor": actor,
        "since": since.isoformat() if since else None,
        "until": until.isoformat() if until else None,
        **subject,
    }
    return render(
        request,
        "audit.html",
        {
            "events": rows,
            "names": await _names(rows),
            "partners": await Partner.all(),
            "types": SHOWN_TYPES,
            "actors": list(ActorKind),
            "chosen": filters,
            "paged": anchor is not None,
            "first_url": query_string(**filters),
            "next_url": query_string(**filters, before=rows[-1].id) if more else None,
        },
    )


async def _names(rows: list[AuditEvent]) -> dict[str, dict[int, str]]:
    """What the page calls the partners, orders, customers and users its events name (4 queries)."""

    def ids(column: str) -> list[int]:
        return sorted({getattr(row, column) for row in rows if getattr(row, column) is not None})

    orders = await Order.filter(id__in=ids("order_id")).only("id") if ids("order_id") else []
    return {
        "partner": dict(await Partner.filter(id__in=ids("partner_id")).values_list("id", "name")),
        "order": {order.id: order.number for order in orders},
        "customer": dict(await Customer.filter(id__in=ids("customer_id")).values_list("id", "name")),
        "user": dict(await PartnerUser.filter(id__in=ids("user_id")).values_list("id", "name")),
    }
