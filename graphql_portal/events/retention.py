"""How long things are kept: the trail `PORTAL_AUDIT_RETENTION_DAYS` (at least 2 years by default),
webhook deliveries and their log 30 days. The worker's webhook lane prunes hourly, in batches, so a
backlog never becomes one long-held lock."""

from __future__ import annotations

import datetime as dt

from ..models import AuditEvent, WebhookDelivery, WebhookEndpoint

DELIVERY_DAYS = 30
BATCH = 5000


async def _delete_before(model, column: str, cutoff: dt.datetime, **more) -> int:
    removed = 0
    while True:
        ids = (
            await model.filter(**{f"{column}__lt": cutoff}, **more).limit(BATCH).values_list("id", flat=True)
        )
        if not ids:
            return removed
        removed += await model.filter(id__in=ids).delete()


async def prune(now: dt.datetime, *, audit_days: int, delivery_days: int = DELIVERY_DAYS) -> dict[str, int]:
    """Delete what is older than it is kept for; how many of each went."""
    deliveries = await _delete_before(WebhookDelivery, "created_at", now - dt.timedelta(days=delivery_days))
    events = await _delete_before(AuditEvent, "occurred_at", now - dt.timedelta(days=audit_days))
    # A deleted endpoint's row stays while deliveries name it; then it goes too.
    gone = now - dt.timedelta(days=delivery_days)
    endpoints = await WebhookEndpoint.filter(deleted_at__lt=gone, deliveries__id__isnull=True).delete()
    return {"deliveries": deliveries, "events": events, "endpoints": endpoints}
