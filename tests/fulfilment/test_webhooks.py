"""The webhook lane against a real receiver on loopback that verifies every delivery with the
`standardwebhooks` library: signatures, retries, 410, rotation, redelivery, SSRF, isolation."""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import datetime as dt
import time

import pytest

from graphql_portal.clock import FixedClock
from graphql_portal.events import record
from graphql_portal.events.payloads import webhook_id
from graphql_portal.fulfilment import webhooks as lane_module
from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.fulfilment.webhooks import WebhookLane
from graphql_portal.fulfilment.worker import Worker, run_beside_the_lane
from graphql_portal.ids import encode_id
from graphql_portal.models import (
    ActorKind,
    AuditEvent,
    EventType,
    Job,
    JobKind,
    Order,
    OrderStatus,
    Partner,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)
from graphql_portal.ordering import webhooks
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.submit import submit_upgrade
from tests.support.demo import ALICE, SUBMITTER, principal
from tests.support.environment import make_settings
from tests.support.upgrades import fabrikam_request
from tests.support.webhooks import Answer, receiving
from tests.support.worker import wait_for

ALL = [t.value for t in (EventType.ORDER_SUBMITTED, EventType.ORDER_COMPLETED, EventType.ATTACHMENT_ADDED)]


def settings_for(db, tmp_path, **fields):
    """Quick retries, a short timeout, private receivers allowed (the receiver is on loopback)."""
    base = {
        "webhooks_allow_private": True,
        "webhook_retry_seconds": (0.05, 0.05, 0.05),
        "webhook_timeout_seconds": 2.0,
    }
    return make_settings(db.url, tmp_path / "var", **{**base, **fields})


async def northwind() -> int:
    return (await Partner.get(name="Northwind Managed IT")).id


async def endpoint_for(url: str, types=ALL, partner: str = ALICE) -> tuple[WebhookEndpoint, str]:
    """An endpoint made as the API makes it (with the setting that allows loopback), and its secret."""
    outcome = await webhooks.create_endpoint(await principal(partner), url, None, types, allow_private=True)
    assert outcome.errors == [], outcome.errors
    return outcome.endpoint, outcome.secret


async def deliver_until(lane: WebhookLane, predicate, timeout: float = 10.0) -> None:
    """Run the lane (retries come due quickly) until `predicate()` holds."""
    deadline = time.monotonic() + timeout
    while not await predicate():
        assert time.monotonic() < deadline, "the deliveries did not settle"
        await lane.run_once()
        await asyncio.sleep(0.02)


async def statuses() -> list[WebhookDeliveryStatus]:
    return [d.status for d in await WebhookDelivery.all().order_by("id")]


async def submit_fabrikam():
    oscar = await principal(SUBMITTER)
    reviewed = await review_upgrade(oscar, await fabrikam_request())
    submitted = await submit_upgrade(
        oscar, reviewed.review.id, confirm_msa=True, confirm_authorized=True, queue_followups=queue_fulfilment
    )
    return submitted.order


async def test_every_delivery_of_an_order_verifies_and_says_what_the_api_says(db, tmp_path):
    settings = settings_for(db, tmp_path)
    async with receiving() as (receiver, url):
        endpoint, secret = await endpoint_for(url + "/hooks")
        receiver.secrets.append(secret)
        order = await submit_fabrikam()
        await Worker(settings, "w").run_once()
        assert (await Order.get(id=order.id)).status is OrderStatus.COMPLETED
        assert await WebhookLane(settings).run_once() == 3
    assert await statuses() == [WebhookDeliveryStatus.DELIVERED] * 3
    assert all(r.verified_by == [secret] for r in receiver.received)
    assert {r.path for r in receiver.received} == {"/hooks"}
    by_type = {r.payload["type"]: r for r in receiver.received}
    assert set(by_type) == {"order.submitted", "attachment.added", "order.completed"}
    events = {e.type: e for e in await AuditEvent.filter(order_id=order.id)}
    for name, event_type in (
        ("order.submitted", EventType.ORDER_SUBMITTED),
        ("order.completed", EventType.ORDER_COMPLETED),
    ):
        received = by_type[name]
        assert received.webhook_id == webhook_id(events[event_type].id)
        assert received.headers["content-type"] == "application/json"
        assert received.payload["timestamp"] == events[event_type].occurred_at.isoformat()
    completed = by_type["order.completed"].payload["data"]
    assert completed["order"]["number"] == order.number
    assert completed["order"]["status"] == "COMPLETED"
    assert completed["order"]["customer"]["accountCode"] == "FAB-001"
    assert completed["order"]["monthlyCostAfter"] == {"amount": "202.80", "currency": "USD"}
    addendum_id = events[EventType.ATTACHMENT_ADDED].attachment_id
    assert completed["order"]["addendum"]["id"] == encode_id("Attachment", addendum_id)
    assert (
        completed["order"]["addendum"]["url"]
        == f"http://portal.test/attachments/{encode_id('Attachment', addendum_id)}"
    )
    sequences = sorted(r.payload["data"]["sequence"] for r in receiver.received)
    assert sequences == sorted({e.sequence for e in events.values()})
    assert (
        by_type["order.submitted"].payload["data"]["sequence"]
        < by_type["order.completed"].payload["data"]["sequence"]
    )
    delivered = await WebhookDelivery.filter(endpoint_id=endpoint.id).first()
    assert (
        delivered.attempts,
        delivered.response_status,
        delivered.last_error,
        delivered.next_attempt_at,
    ) == (1, 200, None, None)


async def test_retries_keep_the_webhook_id_and_honour_retry_after(db, tmp_path):
    settings = settings_for(db, tmp_path)
    async with receiving() as (receiver, url):
        _, secret = await endpoint_for(url)
        receiver.secrets.append(secret)
        receiver.answer(500, Answer(503, {"Retry-After": "1"}), 200)
        event = await record(EventType.ORDER_COMPLETED, partner_id=await northwind(), data={"order": {}})
        lane = WebhookLane(settings)
        await deliver_until(lane, lambda: _all(WebhookDeliveryStatus.DELIVERED))
    assert [r.webhook_id for r in receiver.received] == [webhook_id(event.id)] * 3
    assert all(r.verified_by == [secret] for r in receiver.received)
    assert len({r.body for r in receiver.received}) == 1
    _first, second, third = (r.at for r in receiver.received)
    assert third - second >= 0.95  # Retry-After: 1 is honoured over the 0.05 s of the schedule
    delivery = await WebhookDelivery.get()
    assert (delivery.attempts, delivery.response_status) == (3, 200)


async def _all(status: WebhookDeliveryStatus) -> bool:
    found = await statuses()
    return bool(found) and all(s is status for s in found)


async def test_after_the_last_retry_a_delivery_fails(db, tmp_path):
    settings = settings_for(db, tmp_path, webhook_retry_seconds=(0.01, 0.01))
    async with receiving() as (receiver, url):
        endpoint, _ = await endpoint_for(url)
        receiver.default = Answer(500)
        await record(EventType.ORDER_COMPLETED, partner_id=await northwind())
        await deliver_until(WebhookLane(settings), lambda: _all(WebhookDeliveryStatus.FAILED))
    assert len(receiver.received) == 3
    delivery = await WebhookDelivery.get()
    assert (delivery.attempts, delivery.response_status, delivery.last_error) == (3, 500, "answered 500")
    endpoint = await WebhookEndpoint.get(id=endpoint.id)
    assert endpoint.enabled and endpoint.failing_since is not None


async def test_a_retry_waits_as_the_schedule_says(db, tmp_path):
    clock = FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    settings = dataclasses.replace(settings_for(db, tmp_path, webhook_retry_seconds=(5, 300)), clock=clock)
    async with receiving() as (receiver, url):
        await endpoint_for(url)
        receiver.default = Answer(429, {"Retry-After": "7200"})
        await record(EventType.ORDER_COMPLETED, partner_id=await northwind(), at=clock.now())
        lane = WebhookLane(settings)
        assert await lane.run_once() == 1
        delivery = await WebhookDelivery.get()
        # 429 with Retry-After: 2 hours asked, one hour at most honoured (over the schedule's 5 s).
        assert (delivery.status, delivery.next_attempt_at) == (
            WebhookDeliveryStatus.RETRYING,
            clock.now() + dt.timedelta(hours=1),
        )
        clock.advance(dt.timedelta(minutes=59))
        assert await lane.run_once() == 0
        clock.advance(dt.timedelta(minutes=1))
        receiver.default = Answer(500, {"Retry-After": "7200"})  # not a 429 or 503: the schedule
        assert await lane.run_once() == 1
        delivery = await WebhookDelivery.get()
        assert delivery.next_attempt_at == clock.now() + dt.timedelta(seconds=300)


async def test_410_disables_the_endpoint_at_once_and_its_admins_are_emailed(db, tmp_path, smtp):
    settings = settings_for(db, tmp_path, smtp_port=smtp.port)
    async with receiving() as (receiver, url):
        endpoint, _ = await endpoint_for(url)
        receiver.default = Answer(410)
        for _ in range(3):
            await record(EventType.ORDER_COMPLETED, partner_id=await northwind())
        settings_one = dataclasses.replace(settings, webhook_concurrency=1)
        await WebhookLane(settings_one).run_once()
    assert len(receiver.received) == 1
    endpoint = await WebhookEndpoint.get(id=endpoint.id)
    assert not endpoint.enabled
    assert endpoint.disabled_reason.startswith("The endpoint answered 410 Gone on ")
    deliveries = await WebhookDelivery.all().order_by("id")
    assert [(d.status, d.response_status, d.last_error) for d in deliveries] == [
        (WebhookDeliveryStatus.FAILED, 410, "answered 410"),
        (WebhookDeliveryStatus.FAILED, None, "the endpoint was disabled"),
        (WebhookDeliveryStatus.FAILED, None, "the endpoint was disabled"),
    ]
    change = await AuditEvent.get(type=EventType.WEBHOOK_ENDPOINT_CHANGED)
    assert (change.actor_kind, change.changes) == (
        ActorKind.SYSTEM,
        [
            {"field": "enabled", "before": "true", "after": "false"},
            {"field": "disabledReason", "before": None, "after": endpoint.disabled_reason},
        ],
    )
    assert await Job.filter(kind=JobKind.SEND_WEBHOOK_DISABLED).count() == 1
    await Worker(settings, "w").run_once()
    mail = smtp.mailbox.to(ALICE)[-1]
    assert mail.message["Subject"] == "A webhook endpoint was disabled"
    assert endpoint.url in mail.text and endpoint.disabled_reason in mail.text
    assert smtp.mailbox.to("carl@contoso.example") == []
    assert smtp.mailbox.to(SUBMITTER) == []  # ORDERING users are not told


async def test_an_endpoint_failing_for_five_days_is_disabled(db, tmp_path):
    clock = FixedClock(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC))
    settings = dataclasses.replace(settings_for(db, tmp_path, webhook_retry_seconds=()), clock=clock)
    async with receiving() as (receiver, url):
        endpoint, _ = await endpoint_for(url)
        receiver.default = Answer(500)
        lane = WebhookLane(settings)

        async def event_attempted() -> None:
            await record(EventType.ORDER_COMPLETED, partner_id=await northwind(), at=clock.now())
            await lane.run_once()

        await event_attempted()
        first_failure = clock.now()
        clock.advance(dt.timedelta(days=3))
        receiver.answer(200)  # a success in between starts the count again
        await event_attempted()
        assert (await WebhookEndpoint.get(id=endpoint.id)).failing_since is None
        await event_attempted()
        assert (await WebhookEndpoint.get(id=endpoint.id)).failing_since == clock.now()
        clock.advance(dt.timedelta(days=5) - dt.timedelta(seconds=1))
        await event_attempted()
        assert (await WebhookEndpoint.get(id=endpoint.id)).enabled
        clock.advance(dt.timedelta(seconds=1))
        await event_attempted()
    endpoint = await WebhookEndpoint.get(id=endpoint.id)
    assert not endpoint.enabled
    assert endpoint.disabled_reason == (
        "No delivery has succeeded since a failure on 2026-03-05 09:00 UTC (5 days); "
        "the endpoint was disabled on 2026-03-10 09:00 UTC."
    )
    assert first_failure < endpoint.failing_since
    assert await WebhookDelivery.filter(status__in=webhooks.LIVE).count() == 0


async def test_a_rotation_signs_with_both_secrets_new_first_for_a_day(db, tmp_path):
    clock = FixedClock(dt.datetime.now(dt.UTC).replace(microsecond=0))
    settings = dataclasses.replace(settings_for(db, tmp_path), clock=clock)
    async with receiving() as (receiver, url):
        endpoint, old = await endpoint_for(url)
        rotated = await webhooks.rotate_secret(await principal(ALICE), endpoint.id, now=clock.now())
        new = rotated.secret
        receiver.secrets.extend([old, new])
        lane = WebhookLane(settings)
        await record(EventType.ORDER_COMPLETED, partner_id=await northwind(), at=clock.now())
        await lane.run_once()
        clock.advance(dt.timedelta(hours=24))
        await record(EventType.ORDER_COMPLETED, partner_id=await northwind(), at=clock.now())
        await lane.run_once()
    during, after = receiver.received
    signatures = during.headers["webhook-signature"].split(" ")
    assert len(signatures) == 2
    assert during.verified_by == [old, new]
    timestamp = int(during.headers["webhook-timestamp"])
    assert signatures[0] == lane_module.signature(new, during.webhook_id, timestamp, during.body)
    assert signatures[1] == lane_module.signature(old, during.webhook_id, timestamp, during.body)
    assert after.verified_by == [new]
    assert len(after.headers["webhook-signature"].split(" ")) == 1


async def test_a_redelivery_sends_the_same_id_and_body_again(db, tmp_path):
    settings = settings_for(db, tmp_path)
    async with receiving() as (receiver, url):
        endpoint, secret = await endpoint_for(url)
        receiver.secrets.append(secret)
        await record(EventType.USER_CREATED, partner_id=await northwind(), data={"user": {"id": "x"}})
        await record(
            EventType.ORDER_COMPLETED, partner_id=await northwind(), data={"order": {"number": "CO-1"}}
        )
        lane = WebhookLane(settings)
        await lane.run_once()
        first = await WebhookDelivery.get(endpoint_id=endpoint.id)
        again = await webhooks.redeliver(await principal(ALICE), first.id)
        assert again.errors == []
        await lane.run_once()
    assert [r.payload["type"] for r in receiver.received] == ["order.completed", "order.completed"]
    assert receiver.received[0].webhook_id == receiver.received[1].webhook_id
    assert receiver.received[0].body == receiver.received[1].body
    assert all(r.verified_by == [secret] for r in receiver.received)


async def test_a_test_event_goes_to_its_endpoint_whatever_it_subscribes_to(db, tmp_path):
    settings = settings_for(db, tmp_path)
    async with receiving() as (receiver, url):
        endpoint, secret = await endpoint_for(url, types=["USER_CREATED"])
        receiver.secrets.append(secret)
        sent = await webhooks.send_test(await principal(ALICE), endpoint.id)
        await WebhookLane(settings).run_once()
    (received,) = receiver.received
    assert received.verified_by == [secret]
    payload = received.payload
    assert payload["type"] == "test"
    assert payload["data"]["test"]["endpoint"] == {
        "id": encode_id("WebhookEndpoint", endpoint.id),
        "url": url,
    }
    assert payload["data"]["sequence"] == (await AuditEvent.get(id=sent.delivery.event_id)).sequence


async def test_a_hanging_receiver_delays_neither_an_order_nor_other_endpoints(db, tmp_path):
    settings = settings_for(db, tmp_path, webhook_timeout_seconds=15.0, webhook_concurrency=8)
    async with receiving() as (hanging, slow_url), receiving() as (healthy, ok_url):
        hanging.default = Answer(200, hang=20.0)
        await endpoint_for(
            slow_url,
            types=[t.value for t in EventType if t.value.startswith("ORDER_")] + ["ATTACHMENT_ADDED"],
        )
        for _ in range(6):
            await record(EventType.ORDER_COMPLETED, partner_id=await northwind())
        stop = asyncio.Event()
        worker = asyncio.create_task(run_beside_the_lane(settings, stop, "w"))
        try:
            assert await wait_for(lambda: _count(hanging, 2), timeout=5)
            started = time.monotonic()
            order = await submit_fabrikam()
            assert await wait_for(lambda: _completed(order.id), timeout=5)
            completed_after = time.monotonic() - started
            await endpoint_for(ok_url, types=["USER_CREATED"])
            await record(EventType.USER_CREATED, partner_id=await northwind())
            assert await wait_for(lambda: _count(healthy, 1), timeout=5)
            healthy_after = time.monotonic() - started
        finally:
            hanging.released.set()
            stop.set()
            await worker
    assert completed_after < 5 and healthy_after < 5
    # The hanging endpoint never had more than its share of the lane (a quarter of 8: 2 at once).
    assert len(hanging.received) <= 2


async def _count(receiver, n: int) -> bool:
    return len(receiver.received) >= n


async def _completed(order_id: int) -> bool:
    return (await Order.get(id=order_id)).status is OrderStatus.COMPLETED


async def test_events_of_another_partner_never_reach_an_endpoint(db, tmp_path):
    settings = settings_for(db, tmp_path)
    async with receiving() as (receiver, url):
        await endpoint_for(url)
        contoso = await Partner.get(name="Contoso Cyber Services")
        await record(EventType.ORDER_COMPLETED, partner_id=contoso.id)
        assert await WebhookLane(settings).run_once() == 0
    assert receiver.received == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::ffff:127.0.0.1]"])
async def test_without_the_setting_a_loopback_receiver_is_refused_at_delivery(db, tmp_path, host):
    settings = settings_for(db, tmp_path, webhooks_allow_private=False, webhook_retry_seconds=(60,))
    async with receiving() as (receiver, url):
        port = url.rsplit(":", 1)[1]
        endpoint, _ = await endpoint_for(f"http://127.0.0.1:{port}/")
        # As if saved while it was allowed, or while the name resolved elsewhere.
        await WebhookEndpoint.filter(id=endpoint.id).update(url=f"https://{host}:{port}/")
        await record(EventType.ORDER_COMPLETED, partner_id=await northwind())
        await WebhookLane(settings).run_once()
    assert receiver.received == []
    delivery = await WebhookDelivery.get()
    assert delivery.status is WebhookDeliveryStatus.RETRYING
    assert delivery.response_status is None
    assert (
        delivery.last_error.startswith("refused: ")
        and "private, loopback or link-local" in delivery.last_error
    )


async def test_plain_http_to_a_name_that_resolves_to_a_public_address_is_refused(db, tmp_path, monkeypatch):
    async def public(host, port):
        return [__import__("ipaddress").ip_address("93.184.216.34")]

    monkeypatch.setattr(lane_module, "resolve", public)
    settings = settings_for(db, tmp_path, webhook_retry_seconds=(60,))
    endpoint, _ = await endpoint_for("http://127.0.0.1:9/")
    await WebhookEndpoint.filter(id=endpoint.id).update(url="http://hooks.partner.test/")
    await record(EventType.ORDER_COMPLETED, partner_id=await northwind())
    await WebhookLane(settings).run_once()
    delivery = await WebhookDelivery.get()
    assert delivery.last_error.startswith("refused: Use https://")


async def test_the_connection_goes_to_the_address_that_was_checked(db, tmp_path, monkeypatch):
    """A name no resolver here knows, answered by the lane's own (checked) resolution with the
    receiver's address: the delivery arrives only if the lane connects to what it checked."""
    checked = []

    async def resolved_once(host, port):
        checked.append(host)
        return [__import__("ipaddress").ip_address("127.0.0.1")]

    monkeypatch.setattr(lane_module, "resolve", resolved_once)
    settings = settings_for(db, tmp_path)
    async with receiving() as (receiver, url):
        port = url.rsplit(":", 1)[1]
        endpoint, secret = await endpoint_for(f"http://127.0.0.1:{port}/")
        receiver.secrets.append(secret)
        await WebhookEndpoint.filter(id=endpoint.id).update(url=f"http://hooks.rebinding.test:{port}/in")
        await record(EventType.ORDER_COMPLETED, partner_id=await northwind())
        await WebhookLane(settings).run_once()
    assert checked == ["hooks.rebinding.test"]
    (received,) = receiver.received
    assert received.headers["host"] == f"hooks.rebinding.test:{port}"
    assert received.verified_by == [secret]


async def test_a_receiver_that_does_not_answer_in_time_is_retried(db, tmp_path):
    settings = settings_for(db, tmp_path, webhook_timeout_seconds=0.3, webhook_retry_seconds=(60,))
    async with receiving() as (receiver, url):
        await endpoint_for(url)
        receiver.answer(Answer(200, hang=5.0))
        await record(EventType.ORDER_COMPLETED, partner_id=await northwind())
        started = time.monotonic()
        await WebhookLane(settings).run_once()
        took = time.monotonic() - started
    delivery = await WebhookDelivery.get()
    assert (delivery.status, delivery.response_status, delivery.last_error) == (
        WebhookDeliveryStatus.RETRYING,
        None,
        "no answer within 0.3 s",
    )
    assert took < 2


async def test_redirects_are_not_followed(db, tmp_path):
    settings = settings_for(db, tmp_path, webhook_retry_seconds=(60,))
    async with receiving() as (receiver, url):
        await endpoint_for(url + "/moved")
        receiver.answer(Answer(307, {"Location": url + "/elsewhere"}))
        await record(EventType.ORDER_COMPLETED, partner_id=await northwind())
        await WebhookLane(settings).run_once()
    assert [r.path for r in receiver.received] == ["/moved"]
    delivery = await WebhookDelivery.get()
    assert (delivery.status, delivery.response_status) == (WebhookDeliveryStatus.RETRYING, 307)


async def test_a_deleted_endpoints_claimed_delivery_ends_failed_without_a_post(db, tmp_path):
    settings = settings_for(db, tmp_path)
    async with receiving() as (receiver, url):
        endpoint, _ = await endpoint_for(url)
        await record(EventType.ORDER_COMPLETED, partner_id=await northwind())
        # Deleted between the claim and the attempt (the lane read the endpoint with the claim).
        lane = WebhookLane(settings)
        (claimed,) = await lane_module.claim(lane.lane_id, settings, 5)
        await WebhookEndpoint.filter(id=endpoint.id).update(deleted_at=dt.datetime.now(dt.UTC))
        claimed.endpoint.deleted_at = dt.datetime.now(dt.UTC)
        async with lane_module.http_client(settings) as client:
            attempted = await lane_module.deliver_one(client, claimed, settings)
        assert await lane_module.record_attempts([attempted], settings) == [WebhookDeliveryStatus.FAILED]
    assert receiver.received == []
    assert (await WebhookDelivery.get()).last_error == "the endpoint was deleted"


def test_signatures_are_what_standard_webhooks_computes():
    from standardwebhooks import Webhook

    secret = "whsec_" + base64.b64encode(b"k" * 32).decode()
    when = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    body = b'{"type":"test","data":{"x":"\xc3\xa9"}}'
    ours = lane_module.signature(secret, "evt_1", int(when.timestamp()), body)
    assert ours == Webhook(secret).sign("evt_1", when, body)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [(None, None), ("", None), ("120", 120.0), ("999999", 3600.0), ("soon", None),
     ("Mon, 02 Mar 2026 09:05:00 GMT", 300.0), ("Mon, 02 Mar 2026 08:00:00 GMT", 0.0)],
)  # fmt: skip
def test_retry_after_is_read_as_seconds_or_a_date_and_capped_at_an_hour(header, seconds):
    now = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    assert lane_module.retry_after_seconds(header, now) == seconds
