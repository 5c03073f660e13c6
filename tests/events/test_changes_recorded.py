"""Every change records its event in its own transaction, and no event is left when it rolls back.

Each change runs once as it is, and once inside an outer transaction that then fails: the event
is written on the change's connection, so it goes with the change.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt

import pytest
from tortoise.transactions import in_transaction

from graphql_portal.auth import (
    change_password,
    create_reconciliation_token,
    create_user_token,
    issue_invitation,
    redeem_invitation,
    revoke_token,
    set_password,
    sign_in_partner,
    sign_in_staff,
)
from graphql_portal.clock import FixedClock
from graphql_portal.events import Actor, acting_as
from graphql_portal.fulfilment.addendum import file_addendum
from graphql_portal.fulfilment.followups import queue_cancellation, queue_fulfilment
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.ids import encode_id
from graphql_portal.models import (
    ActorKind,
    ApiToken,
    Attachment,
    AuditEvent,
    Customer,
    EventType,
    Order,
    OrderStatus,
    PartnerUser,
    StaffUser,
    UserRole,
    UserStatus,
)
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.schedule import cancel_order
from graphql_portal.ordering.submit import submit_upgrade
from graphql_portal.ordering.users import add_partner_user, deactivate_user, set_user_role
from tests.support.demo import ALICE, SUBMITTER, principal
from tests.support.environment import make_settings
from tests.support.events import trail, types_of
from tests.support.upgrades import fabrikam_request, scheduled_fabrikam

MON_16 = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
FRI_20 = dt.date(2026, 11, 20)
PASSWORD = "a long enough password"


class RolledBack(Exception):
    pass


@contextlib.asynccontextmanager
async def rolled_back():
    """Run the block in a transaction that then fails: whatever it wrote is undone."""
    with pytest.raises(RolledBack):
        async with in_transaction():
            yield
            raise RolledBack


async def _submit(who, *, followups=queue_fulfilment):
    reviewed = await review_upgrade(who, await fabrikam_request())
    return await submit_upgrade(
        who, reviewed.review.id, confirm_msa=True, confirm_authorized=True, queue_followups=followups
    )


async def test_submit_records_the_order_its_changes_and_its_payload(db):
    oscar = await principal(SUBMITTER)
    with acting_as(Actor.partner_user(oscar.user, address="198.51.100.4", token_id=9)):
        order = (await _submit(oscar)).order
    event = await AuditEvent.get(order_id=order.id)
    fabrikam = await Customer.get(id=order.customer_id)
    assert (event.type, event.partner_id, event.customer_id, event.occurred_at) == (
        EventType.ORDER_SUBMITTED,
        order.partner_id,
        fabrikam.id,
        order.submitted_at,
    )
    assert (event.actor_kind, event.actor_name, event.actor_user_id, event.address) == (
        ActorKind.PARTNER_USER,
        "Oscar Orders",
        oscar.user.id,
        "198.51.100.4",
    )
    assert event.changes == [
        {"field": "status", "before": None, "after": "PROCESSING"},
        {"field": "seats", "before": "50", "after": "60"},
        {"field": "products", "before": "ADD-URL, SEG-ESS", "after": "ADD-IMP, ADD-URL, SEG-PRO"},
        {"field": "monthlyCost", "before": "104.00 USD", "after": "202.80 USD"},
        {"field": "effectiveOn", "before": None, "after": order.effective_on.isoformat()},
    ]
    data = event.data["order"]
    assert (data["id"], data["number"], data["status"], data["customer"]) == (
        encode_id("Order", order.id),
        order.number,
        "PROCESSING",
        {"id": encode_id("Customer", fabrikam.id), "name": "Fabrikam Dental", "accountCode": "FAB-001"},
    )
    assert (data["seatsBefore"], data["seatsAfter"], data["monthlyCostChange"], data["addendum"]) == (
        50,
        60,
        {"amount": "98.80", "currency": "USD"},
        None,
    )


async def test_a_submit_that_fails_after_writing_the_order_leaves_no_event(db):
    async def failing_followups(*args, **kwargs):
        raise RolledBack

    with pytest.raises(RolledBack):
        await _submit(await principal(SUBMITTER), followups=failing_followups)
    assert await Order.all().count() == 0
    assert await AuditEvent.all().count() == 0


async def test_fulfilment_records_the_addendum_and_completion(db, tmp_path):
    order = (await _submit(await principal(SUBMITTER))).order
    await Worker(make_settings(db.url, tmp_path / "var"), "w").run_once()
    assert (await Order.get(id=order.id)).status is OrderStatus.COMPLETED
    events_of_order = await trail(order_id=order.id)
    assert [t for t, _ in events_of_order] == [
        EventType.ORDER_SUBMITTED,
        EventType.ATTACHMENT_ADDED,
        EventType.ORDER_COMPLETED,
    ]
    addendum = await Attachment.get(order_id=order.id)
    assert events_of_order[1][1] == [
        {"field": "filename", "before": None, "after": addendum.filename},
        {"field": "kind", "before": None, "after": "ADDENDUM"},
    ]
    completed = await AuditEvent.get(order_id=order.id, type=EventType.ORDER_COMPLETED)
    done = await Order.get(id=order.id)
    assert completed.changes == [
        {"field": "status", "before": "PROCESSING", "after": "COMPLETED"},
        {"field": "completedAt", "before": None, "after": done.completed_at.isoformat()},
    ]
    assert (completed.actor_kind, completed.actor_name, completed.address) == (
        ActorKind.SYSTEM,
        "graphql-portal",
        None,
    )
    assert completed.data["order"]["status"] == "COMPLETED"
    assert completed.data["order"]["addendum"]["id"] == encode_id("Attachment", addendum.id)
    assert completed.data["order"]["addendum"]["filename"] == addendum.filename
    added = await AuditEvent.get(type=EventType.ATTACHMENT_ADDED)
    assert added.attachment_id == addendum.id
    assert added.data["attachment"]["order"] == {"id": encode_id("Order", order.id), "number": order.number}


async def test_an_addendum_rolled_back_leaves_no_event(db, tmp_path):
    order = (await _submit(await principal(SUBMITTER))).order
    async with rolled_back():
        await file_addendum(order.id, make_settings(db.url, tmp_path))
    assert await Attachment.all().count() == 0
    assert await types_of(order_id=order.id) == [EventType.ORDER_SUBMITTED]


async def test_scheduling_the_date_and_a_conflict_are_recorded(db, tmp_path):
    clock = FixedClock(MON_16)
    settings = dataclasses.replace(make_settings(db.url, tmp_path / "var"), clock=clock)
    order = await scheduled_fabrikam(clock.now(), FRI_20)
    await Worker(settings, "w").run_once()
    assert (await Order.get(id=order.id)).status is OrderStatus.SCHEDULED
    scheduled = await AuditEvent.get(order_id=order.id, type=EventType.ORDER_SCHEDULED)
    assert scheduled.changes == [{"field": "status", "before": "PROCESSING", "after": "SCHEDULED"}]
    assert scheduled.occurred_at == MON_16

    fabrikam = await Customer.get(id=order.customer_id)
    await Customer.filter(id=fabrikam.id).update(seats=45, version=fabrikam.version + 1)
    clock.set(dt.datetime(2026, 11, 20, 0, 5, tzinfo=dt.UTC))
    await Worker(settings, "w").run_once()
    stopped = await Order.get(id=order.id)
    attention = await AuditEvent.filter(order_id=order.id, type=EventType.ORDER_NEEDS_ATTENTION)
    assert [e.changes for e in attention] == [
        [
            {"field": "status", "before": "SCHEDULED", "after": "ATTENTION_NEEDED"},
            {"field": "attentionReason", "before": None, "after": stopped.attention_reason},
        ]
    ]


async def test_a_scheduled_order_applied_on_its_date_is_completed_once(db, tmp_path):
    clock = FixedClock(MON_16)
    settings = dataclasses.replace(make_settings(db.url, tmp_path / "var"), clock=clock)
    order = await scheduled_fabrikam(clock.now(), FRI_20)
    await Worker(settings, "w").run_once()
    clock.set(dt.datetime(2026, 11, 20, 0, 5, tzinfo=dt.UTC))
    await Worker(settings, "w").run_once()
    await Worker(settings, "w").run_once()
    assert await types_of(order_id=order.id) == [
        EventType.ORDER_SUBMITTED,
        EventType.ATTACHMENT_ADDED,
        EventType.ORDER_SCHEDULED,
        EventType.ORDER_COMPLETED,
    ]


async def test_cancellation_is_recorded_and_rolls_back_with_the_cancel(db):
    clock = FixedClock(MON_16)
    order = await scheduled_fabrikam(clock.now(), FRI_20)
    await Order.filter(id=order.id).update(status=OrderStatus.SCHEDULED)  # its documents are out
    alice = await principal(ALICE)
    async with rolled_back():
        outcome = await cancel_order(alice, order.id, queue_cancellation=queue_cancellation, now=clock.now())
        assert outcome.errors == []
    assert await types_of(order_id=order.id) == [EventType.ORDER_SUBMITTED]
    with acting_as(Actor.partner_user(alice.user, address="2001:db8::5")):
        await cancel_order(alice, order.id, queue_cancellation=queue_cancellation, now=clock.now())
    cancelled = await AuditEvent.get(order_id=order.id, type=EventType.ORDER_CANCELLED)
    assert cancelled.changes == [
        {"field": "status", "before": "SCHEDULED", "after": "CANCELLED"},
        {"field": "cancelledAt", "before": None, "after": MON_16.isoformat()},
    ]
    assert (cancelled.actor_name, cancelled.address) == ("Alice Admin", "2001:db8::5")


async def test_users_created_activated_and_deactivated(db):
    alice = await principal(ALICE)
    async with rolled_back():
        await add_partner_user(alice.partner_id, "Nora New", "nora@northwind.example", UserRole.VIEWER)
    assert await AuditEvent.all().count() == 0

    with acting_as(Actor.partner_user(alice.user, address="192.0.2.10")):
        nora, errors = await add_partner_user(
            alice.partner_id, "Nora New", "nora@northwind.example", "VIEWER"
        )
    assert errors == []
    assert await trail(user_id=nora.id) == [
        (
            EventType.USER_CREATED,
            [
                {"field": "name", "before": None, "after": "Nora New"},
                {"field": "email", "before": None, "after": "nora@northwind.example"},
                {"field": "role", "before": None, "after": "VIEWER"},
                {"field": "status", "before": None, "after": "INVITED"},
            ],
        )
    ]

    token = await issue_invitation(nora)
    async with rolled_back():
        assert (await redeem_invitation(token, PASSWORD)).user is not None
    assert await types_of(user_id=nora.id) == [EventType.USER_CREATED]
    with acting_as(Actor.visitor("192.0.2.77")):
        assert (await redeem_invitation(token, PASSWORD)).error is None
    activated = await AuditEvent.get(user_id=nora.id, type=EventType.USER_ACTIVATED)
    assert activated.changes == [{"field": "status", "before": "INVITED", "after": "ACTIVE"}]
    assert (activated.actor_kind, activated.actor_user_id, activated.address) == (
        ActorKind.PARTNER_USER,
        nora.id,
        "192.0.2.77",
    )
    assert activated.data["user"]["status"] == "ACTIVE"

    await create_user_token(nora.email)
    async with rolled_back():
        await deactivate_user(alice, nora.id)
    assert (await PartnerUser.get(id=nora.id)).status is UserStatus.ACTIVE
    await deactivate_user(alice, nora.id)
    deactivated = await AuditEvent.get(user_id=nora.id, type=EventType.USER_DEACTIVATED)
    assert deactivated.changes == [
        {"field": "status", "before": "ACTIVE", "after": "DEACTIVATED"},
        {"field": "apiTokens", "before": "1 active", "after": "revoked"},
    ]
    assert deactivated.data["user"]["status"] == "DEACTIVATED"


async def test_a_role_change_records_before_and_after(db):
    alice = await principal(ALICE)
    vera = await PartnerUser.get(email_key="vera@northwind.example")
    async with rolled_back():
        await set_user_role(alice, vera.id, UserRole.ORDERING)
    assert (await PartnerUser.get(id=vera.id)).role is UserRole.VIEWER
    assert await AuditEvent.all().count() == 0
    await set_user_role(alice, vera.id, UserRole.VIEWER)  # the same role: nothing changes
    assert await AuditEvent.all().count() == 0
    outcome = await set_user_role(alice, vera.id, UserRole.ORDERING)
    assert outcome.errors == []
    event = await AuditEvent.get(user_id=vera.id)
    assert (event.type, event.changes, event.data["user"]["role"]) == (
        EventType.USER_ROLE_CHANGED,
        [{"field": "role", "before": "VIEWER", "after": "ORDERING"}],
        "ORDERING",
    )


async def test_tokens_created_and_revoked(db):
    async with rolled_back():
        await create_user_token(ALICE)
    assert await ApiToken.all().count() == 0
    assert await AuditEvent.all().count() == 0

    issued = await create_user_token(ALICE, name="dashboard")
    finance = await create_reconciliation_token("nightly finance sync")
    await revoke_token(issued.prefix)
    await revoke_token(issued.prefix)  # already revoked: nothing more
    alice = await PartnerUser.get(email_key=ALICE)
    assert await trail(user_id=alice.id) == [
        (
            EventType.TOKEN_CREATED,
            [
                {"field": "token", "before": None, "after": f"{issued.prefix}…"},
                {"field": "name", "before": None, "after": "dashboard"},
                {"field": "kind", "before": None, "after": "PARTNER_USER"},
            ],
        ),
        (
            EventType.TOKEN_REVOKED,
            [
                {"field": "token", "before": f"{issued.prefix}…", "after": None},
                {
                    "field": "revokedAt",
                    "before": None,
                    "after": (await ApiToken.get(id=issued.record.id)).revoked_at.isoformat(),
                },
            ],
        ),
    ]
    reconciliation = await AuditEvent.get(type=EventType.TOKEN_CREATED, partner_id=None)
    assert reconciliation.changes[1:] == [
        {"field": "name", "before": None, "after": "nightly finance sync"},
        {"field": "kind", "before": None, "after": "RECONCILIATION"},
    ]
    assert finance.record.id is not None


async def test_sign_ins_and_refusals_name_the_account_and_the_address(db, tmp_path):
    settings = make_settings(db.url, tmp_path / "var")
    await set_password(ALICE, PASSWORD)
    alice = await PartnerUser.get(email_key=ALICE)
    assert (await sign_in_partner(ALICE, PASSWORD, "203.0.113.5", settings)).ok
    assert not (await sign_in_partner(ALICE, "not the password!", "203.0.113.6", settings)).ok
    assert not (await sign_in_partner("nobody@northwind.example", PASSWORD, "203.0.113.7", settings)).ok
    nora, _ = await add_partner_user(alice.partner_id, "Nora", "nora@northwind.example", UserRole.VIEWER)
    assert not (await sign_in_partner("nora@northwind.example", PASSWORD, "203.0.113.8", settings)).ok

    rows = await AuditEvent.filter(type__in=[EventType.SIGNED_IN, EventType.SIGN_IN_REFUSED]).order_by("id")
    assert [(r.type, r.user_id, r.address, r.changes) for r in rows] == [
        (EventType.SIGNED_IN, alice.id, "203.0.113.5", []),
        (EventType.SIGN_IN_REFUSED, alice.id, "203.0.113.6", [{"field": "reason", "before": None, "after": "wrong password"}]),
        (EventType.SIGN_IN_REFUSED, nora.id, "203.0.113.8", [{"field": "reason", "before": None, "after": "no password chosen yet"}]),
    ]  # fmt: skip
    assert {(r.actor_kind, r.partner_id) for r in rows} == {(ActorKind.PARTNER_USER, alice.partner_id)}
    assert all("password!" not in str(r.changes) for r in rows)

    staff = await StaffUser.get(email_key="staff@portal.example")
    assert not (await sign_in_staff("staff@portal.example", "wrong staff password", "10.1.2.3", settings)).ok
    refused = await AuditEvent.get(type=EventType.SIGN_IN_REFUSED, partner_id=None)
    assert (refused.actor_kind, refused.actor_ref, refused.address) == (
        ActorKind.STAFF,
        f"staff:{staff.id}",
        "10.1.2.3",
    )


async def test_password_changes_never_record_a_password(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    await set_password(ALICE, PASSWORD)  # ALICE is ACTIVE already: a password change
    alice = await PartnerUser.get(email_key=ALICE)
    async with rolled_back():
        changed = await change_password(alice, PASSWORD, PASSWORD + " two", settings, session_id=1)
        assert changed.error is None
    assert await types_of(user_id=alice.id) == [EventType.PASSWORD_CHANGED]
    assert (await change_password(alice, PASSWORD, PASSWORD + " two", settings, session_id=1)).error is None
    assert await trail(user_id=alice.id) == [
        (EventType.PASSWORD_CHANGED, [{"field": "password", "before": None, "after": None}]),
        (EventType.PASSWORD_CHANGED, [{"field": "password", "before": None, "after": None}]),
    ]
