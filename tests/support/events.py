"""Events and webhooks for tests: endpoints written directly, and the trail of one subject."""

from __future__ import annotations

import datetime as dt

from graphql_portal.models import AuditEvent, EventType, WebhookEndpoint

SECRET = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"  # base64 of 24 bytes; any length verifies


async def make_endpoint(
    partner_id: int,
    event_types: list[str],
    *,
    url: str = "https://hooks.example.com/portal",
    enabled: bool = True,
    deleted: bool = False,
    secret: str = SECRET,
) -> WebhookEndpoint:
    """An endpoint of the partner as `createWebhookEndpoint` leaves it (no address check)."""
    now = dt.datetime.now(dt.UTC)
    return await WebhookEndpoint.create(
        partner_id=partner_id,
        url=url,
        event_types=event_types,
        enabled=enabled,
        secret=secret,
        created_at=now,
        updated_at=now,
        deleted_at=now if deleted else None,
    )


async def trail(**subject) -> list[tuple[EventType, list[dict]]]:
    """`(type, changes)` of the events about `subject` (`order_id=...`) in the order they were
    written (a test's clock may put a worker's events before the real time of another's)."""
    rows = await AuditEvent.filter(**subject).order_by("id")
    return [(row.type, row.changes) for row in rows]


async def types_of(**subject) -> list[EventType]:
    return [event_type for event_type, _ in await trail(**subject)]
