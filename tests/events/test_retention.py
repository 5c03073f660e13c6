"""The trail is kept PORTAL_AUDIT_RETENTION_DAYS, deliveries 30 days; the worker's lane prunes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from graphql_portal.clock import FixedClock
from graphql_portal.events import record
from graphql_portal.events.retention import prune
from graphql_portal.fulfilment.webhooks import WebhookLane
from graphql_portal.models import AuditEvent, EventType, Partner, WebhookDelivery, WebhookEndpoint
from tests.support.environment import make_settings
from tests.support.events import make_endpoint

NOW = dt.datetime(2028, 6, 1, 12, 0, tzinfo=dt.UTC)


async def test_what_is_older_than_it_is_kept_for_is_deleted_and_nothing_else(db):
    partner = (await Partner.get(name="Northwind Managed IT")).id
    endpoint = await make_endpoint(partner, ["ORDER_COMPLETED"])
    gone = await make_endpoint(partner, ["ORDER_COMPLETED"], deleted=True)
    await WebhookEndpoint.filter(id=gone.id).update(deleted_at=NOW - dt.timedelta(days=31))
    old = await record(EventType.ORDER_COMPLETED, partner_id=partner, at=NOW - dt.timedelta(days=731))
    kept = await record(EventType.ORDER_COMPLETED, partner_id=partner, at=NOW - dt.timedelta(days=729))
    recent = await record(EventType.ORDER_COMPLETED, partner_id=partner, at=NOW - dt.timedelta(days=29))
    removed = await prune(NOW, audit_days=730)
    assert removed == {"deliveries": 2, "events": 1, "endpoints": 1}
    assert sorted(await AuditEvent.all().values_list("id", flat=True)) == [kept.id, recent.id]
    assert await WebhookDelivery.all().values_list("event_id", flat=True) == [recent.id]
    assert await WebhookEndpoint.all().values_list("id", flat=True) == [endpoint.id]
    assert old.id not in await AuditEvent.all().values_list("id", flat=True)


async def test_the_lane_prunes_with_the_retention_setting(db, tmp_path):
    partner = (await Partner.get(name="Northwind Managed IT")).id
    await record(EventType.SIGNED_IN, partner_id=partner, at=NOW - dt.timedelta(days=11))
    kept = await record(EventType.SIGNED_IN, partner_id=partner, at=NOW - dt.timedelta(days=9))
    settings = dataclasses.replace(
        make_settings(db.url, tmp_path, audit_retention_days=10), clock=FixedClock(NOW)
    )
    await WebhookLane(settings)._prune_now_and_then()
    assert await AuditEvent.filter(type=EventType.SIGNED_IN).values_list("id", flat=True) == [kept.id]
