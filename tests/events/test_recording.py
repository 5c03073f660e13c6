"""record(): one row per event in the caller's transaction, with its deliveries; none on rollback."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from tortoise.transactions import in_transaction

from graphql_portal.events import Actor, Change, acting_as, current_actor, record, webhook_name
from graphql_portal.events.actors import SERVICE
from graphql_portal.models import (
    ActorKind,
    AuditEvent,
    EventType,
    Partner,
    PartnerUser,
    WebhookDelivery,
    WebhookDeliveryStatus,
)
from tests.support.events import make_endpoint


class Boom(Exception):
    pass


async def _partners() -> tuple[int, int]:
    northwind = await Partner.get(name="Northwind Managed IT")
    contoso = await Partner.get(name="Contoso Cyber Services")
    return northwind.id, contoso.id


async def test_an_event_is_written_with_its_actor_subject_and_changes(db):
    northwind, _ = await _partners()
    alice = await PartnerUser.get(email_key="alice@northwind.example")
    at = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
    with acting_as(Actor.partner_user(alice, address="203.0.113.7", token_id=5)):
        event = await record(
            EventType.USER_ROLE_CHANGED,
            partner_id=northwind,
            user_id=alice.id,
            changes=[Change("role", "ORDERING", "ADMIN"), Change("password")],
            at=at,
        )
    row = await AuditEvent.get(id=event.id)
    assert (row.type, row.occurred_at, row.partner_id, row.user_id) == (
        EventType.USER_ROLE_CHANGED,
        at,
        northwind,
        alice.id,
    )
    assert (row.actor_kind, row.actor_name, row.actor_user_id, row.actor_ref, row.address) == (
        ActorKind.PARTNER_USER,
        "Alice Admin",
        alice.id,
        "token:5",
        "203.0.113.7",
    )
    assert row.changes == [
        {"field": "role", "before": "ORDERING", "after": "ADMIN"},
        {"field": "password", "before": None, "after": None},
    ]
    assert current_actor() is SERVICE


async def test_the_service_acts_when_nobody_else_does(db):
    event = await record(EventType.ORDER_COMPLETED, partner_id=None)
    assert (event.actor_kind, event.actor_name, event.address) == (ActorKind.SYSTEM, "graphql-portal", None)


async def test_an_event_rolls_back_with_its_change(db):
    northwind, _ = await _partners()
    endpoint = await make_endpoint(northwind, ["USER_CREATED"])
    with pytest.raises(Boom):
        async with in_transaction() as conn:
            await record(EventType.USER_CREATED, partner_id=northwind, using_db=conn)
            raise Boom
    assert await AuditEvent.all().count() == 0
    assert await WebhookDelivery.filter(endpoint_id=endpoint.id).count() == 0
    # The sequence number taken by the rolled-back event is taken again.
    event = await record(EventType.USER_CREATED, partner_id=northwind)
    assert event.sequence == 1


async def test_sequence_numbers_grow_per_partner(db):
    northwind, contoso = await _partners()
    numbers = []
    for partner in (northwind, northwind, contoso, northwind, contoso):
        numbers.append((await record(EventType.TOKEN_CREATED, partner_id=partner)).sequence)
    assert numbers == [1, 2, 1, 3, 2]
    assert (await record(EventType.SIGNED_IN, partner_id=None)).sequence is None


async def test_concurrent_events_of_one_partner_take_distinct_numbers(db):
    northwind, _ = await _partners()

    async def one() -> int:
        async with in_transaction() as conn:
            return (await record(EventType.TOKEN_CREATED, partner_id=northwind, using_db=conn)).sequence

    numbers = await asyncio.gather(*(one() for _ in range(20)))
    assert sorted(numbers) == list(range(1, 21))


async def test_each_wanting_endpoint_of_the_partner_gets_one_delivery(db):
    northwind, contoso = await _partners()
    wants = await make_endpoint(northwind, ["ORDER_COMPLETED", "USER_CREATED"])
    other_type = await make_endpoint(northwind, ["ORDER_SUBMITTED"])
    disabled = await make_endpoint(northwind, ["ORDER_COMPLETED"], enabled=False)
    deleted = await make_endpoint(northwind, ["ORDER_COMPLETED"], deleted=True)
    other_partner = await make_endpoint(contoso, ["ORDER_COMPLETED"])
    event = await record(EventType.ORDER_COMPLETED, partner_id=northwind)
    deliveries = await WebhookDelivery.filter(event_id=event.id)
    assert [(d.endpoint_id, d.status, d.attempts, d.next_attempt_at) for d in deliveries] == [
        (wants.id, WebhookDeliveryStatus.PENDING, 0, event.occurred_at)
    ]
    assert {other_type.id, disabled.id, deleted.id, other_partner.id}.isdisjoint(
        {d.endpoint_id for d in deliveries}
    )


async def test_audit_only_types_are_never_delivered(db):
    northwind, _ = await _partners()
    await make_endpoint(northwind, [t.value for t in EventType])
    for event_type in (EventType.SIGNED_IN, EventType.TOKEN_CREATED, EventType.STAFF_ACTION, EventType.TEST):
        await record(event_type, partner_id=northwind)
    assert await WebhookDelivery.all().count() == 0


def test_webhook_names_are_dotted_lower_case():
    assert [webhook_name(t) for t in (EventType.ORDER_COMPLETED, EventType.ORDER_NEEDS_ATTENTION,
                                      EventType.ATTACHMENT_ADDED, EventType.USER_ROLE_CHANGED)] == [
        "order.completed", "order.needs_attention", "attachment.added", "user.role_changed"
    ]  # fmt: skip
