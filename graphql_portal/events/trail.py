"""Reading the trail: newest first (by `occurredAt`, then id), filtered, keyset-paged.

The API's `auditEvents` and the admin's Audit page read through here; who may read what is their
caller's decision (`partner_id`, `order_events_only`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from ..models import AuditEvent, EventType
from ..models.paging import after_key
from .recording import ORDER_TYPES

# What a reconciliation token reads: the events that concern an order.
ORDER_EVENTS = Q(type__in=[t.value for t in ORDER_TYPES]) | Q(
    type=EventType.ATTACHMENT_ADDED.value, order_id__isnull=False
)
NO_ROW = -1


@dataclass
class TrailFilter:
    """All given conditions apply; `until` is exclusive. An id that can be no row's is `NO_ROW`."""

    types: list[EventType] | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None
    order_id: int | None = None
    customer_id: int | None = None
    user_id: int | None = None
    partner_id: int | None = None


def trail_query(flt: TrailFilter | None = None, *, order_events_only: bool = False) -> QuerySet:
    """The events `flt` selects (the `test` sends are never part of the trail)."""
    query = AuditEvent.exclude(type=EventType.TEST)
    if order_events_only:
        query = query.filter(ORDER_EVENTS)
    if flt is None:
        return query
    if flt.partner_id is not None:
        query = query.filter(partner_id=flt.partner_id)
    if flt.types is not None:
        query = query.filter(type__in=[t.value for t in flt.types]) if flt.types else query.filter(id=NO_ROW)
    if flt.since is not None:
        query = query.filter(occurred_at__gte=flt.since)
    if flt.until is not None:
        query = query.filter(occurred_at__lt=flt.until)
    for column in ("order_id", "customer_id", "user_id"):
        value = getattr(flt, column)
        if value is not None:
            query = query.filter(**{column: value})
    return query


async def newest_first(
    query: QuerySet, first: int, after: tuple[dt.datetime, int] | None = None
) -> tuple[list[AuditEvent], bool]:
    """Up to `first` events of `query` after the cursor `(occurredAt, id)`, and whether more follow."""
    if after is not None:
        query = query.filter(after_key("occurred_at", after[0], after[1], descending=True))
    rows = await query.order_by("-occurred_at", "-id").limit(first + 1) if first else []
    return list(rows[:first]), len(rows) > first
