"""Recording an event: one row of the trail and, for what partners' systems act on, one webhook
delivery per endpoint that wants it, all in the caller's transaction (an outbox).

A change that rolls back takes its event and its deliveries with it, and a committed change always
has them: a webhook can never announce what did not happen. Nothing here updates or deletes an
event; the worker prunes them after `PORTAL_AUDIT_RETENTION_DAYS`.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.transactions import in_transaction

from ..models import AuditEvent, EventType, WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from .actors import MAX_NAME, Actor, current_actor

# The types partners' systems act on: an endpoint subscribes to these (`test` is sent on demand).
WEBHOOK_TYPES = frozenset(
    {
        EventType.ORDER_SUBMITTED,
        EventType.ORDER_SCHEDULED,
        EventType.ORDER_COMPLETED,
        EventType.ORDER_CANCELLED,
        EventType.ORDER_NEEDS_ATTENTION,
        EventType.ATTACHMENT_ADDED,
        EventType.USER_CREATED,
        EventType.USER_ACTIVATED,
        EventType.USER_ROLE_CHANGED,
        EventType.USER_DEACTIVATED,
    }
)
ORDER_TYPES = frozenset(t for t in EventType if t.value.startswith("ORDER_"))
MAX_TEXT = 2000


def webhook_name(event_type: EventType) -> str:
    """`ORDER_NEEDS_ATTENTION` as a payload names it: `order.needs_attention`."""
    subject, _, happened = event_type.value.lower().partition("_")
    return f"{subject}.{happened}" if happened else subject


def as_text(value: Any) -> str | None:
    """A value of a change as the trail keeps it: text, or None where there was none."""
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date | decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(as_text(item)) for item in value)
    return str(value)[:MAX_TEXT]


@dataclass(frozen=True)
class Change:
    """One field that changed, before and after (any value; kept as text)."""

    field: str
    before: Any = None
    after: Any = None

    def stored(self) -> dict[str, str | None]:
        return {"field": self.field, "before": as_text(self.before), "after": as_text(self.after)}


_NEXT_SEQUENCE = (
    "INSERT INTO event_sequence (partner_id, last_value) VALUES ({0}, 1) "
    "ON CONFLICT (partner_id) DO UPDATE SET last_value = event_sequence.last_value + 1 RETURNING last_value"
)


async def next_sequence(partner_id: int, conn: BaseDBAsyncClient) -> int:
    """The partner's next sequence number, counted in `conn`'s transaction (the row stays locked
    until it commits, so numbers follow the order events commit in)."""
    mark = "$1" if conn.capabilities.dialect == "postgres" else "?"
    rows = await conn.execute_query_dict(_NEXT_SEQUENCE.format(mark), [partner_id])
    return int(rows[0]["last_value"])


async def record(
    event_type: EventType,
    *,
    partner_id: int | None = None,
    order_id: int | None = None,
    customer_id: int | None = None,
    user_id: int | None = None,
    attachment_id: int | None = None,
    endpoint_id: int | None = None,
    changes: Iterable[Change] = (),
    data: dict | None = None,
    actor: Actor | None = None,
    at: dt.datetime | None = None,
    using_db: BaseDBAsyncClient | None = None,
) -> AuditEvent:
    """Write the event (and its webhook deliveries) on `using_db`, or on the transaction the code
    runs in; outside of one, in a transaction of its own. `actor` defaults to `current_actor()`."""
    conn = using_db or AuditEvent._meta.db
    if not isinstance(conn, TransactionalDBClient):
        async with in_transaction() as own:
            return await _write(event_type, own, partner_id, order_id, customer_id, user_id,
                                attachment_id, endpoint_id, changes, data, actor, at)  # fmt: skip
    return await _write(event_type, conn, partner_id, order_id, customer_id, user_id,
                        attachment_id, endpoint_id, changes, data, actor, at)  # fmt: skip


async def _write(
    event_type: EventType,
    conn: BaseDBAsyncClient,
    partner_id: int | None,
    order_id: int | None,
    customer_id: int | None,
    user_id: int | None,
    attachment_id: int | None,
    endpoint_id: int | None,
    changes: Iterable[Change],
    data: dict | None,
    actor: Actor | None,
    at: dt.datetime | None,
) -> AuditEvent:
    actor = actor or current_actor()
    now = at or dt.datetime.now(dt.UTC)
    sequence = await next_sequence(partner_id, conn) if partner_id is not None else None
    event = await AuditEvent.create(
        type=event_type,
        occurred_at=now,
        partner_id=partner_id,
        sequence=sequence,
        actor_kind=actor.kind,
        actor_name=actor.name[:MAX_NAME],
        actor_user_id=actor.user_id,
        actor_ref=actor.ref,
        address=actor.address,
        order_id=order_id,
        customer_id=customer_id,
        user_id=user_id,
        attachment_id=attachment_id,
        endpoint_id=endpoint_id,
        changes=[change.stored() for change in changes],
        data=data,
        using_db=conn,
    )
    if event_type in WEBHOOK_TYPES and partner_id is not None:
        await queue_deliveries(event, partner_id, conn)
    return event


async def queue_deliveries(event: AuditEvent, partner_id: int, conn: BaseDBAsyncClient) -> int:
    """One delivery of `event` for each live endpoint of the partner that wants its type."""
    endpoints = (
        await WebhookEndpoint.filter(partner_id=partner_id, enabled=True, deleted_at=None)
        .using_db(conn)
        .values_list("id", "event_types")
    )
    wanted = [endpoint_id for endpoint_id, types in endpoints if event.type.value in (types or ())]
    if wanted:
        await WebhookDelivery.bulk_create(
            [
                WebhookDelivery(
                    endpoint_id=endpoint_id,
                    event_id=event.id,
                    status=WebhookDeliveryStatus.PENDING,
                    next_attempt_at=event.occurred_at,
                    created_at=event.occurred_at,
                )
                for endpoint_id in wanted
            ],
            using_db=conn,
        )
    return len(wanted)
