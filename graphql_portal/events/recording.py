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

from ..models import AuditEvent, EventType
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


EVENT_COLUMNS = (
    "type", "occurred_at", "partner_id", "actor_kind", "actor_name", "actor_user_id", "actor_ref", "address",
    "order_id", "customer_id", "user_id", "attachment_id", "endpoint_id", "changes", "data",
)  # fmt: skip
# PostgreSQL: the partner's next number, the event and its deliveries in one statement (one round
# trip in the change's transaction). $1 is the partner, $2 the type, $3 the instant, the event's
# other columns follow, and the last parameter says whether the type is one endpoints subscribe to.
_RECORD_POSTGRES = """
WITH seq AS (
  INSERT INTO event_sequence (partner_id, last_value) SELECT $1::bigint, 1 WHERE $1::bigint IS NOT NULL
  ON CONFLICT (partner_id) DO UPDATE SET last_value = event_sequence.last_value + 1
  RETURNING last_value
), ev AS (
  INSERT INTO audit_event ({columns}, sequence)
  VALUES ({marks}, (SELECT last_value FROM seq))
  RETURNING id, sequence
), owed AS (
  INSERT INTO webhook_delivery (endpoint_id, event_id, status, attempts, next_attempt_at, created_at)
  SELECT e.id, ev.id, 'PENDING', 0, $3, $3 FROM webhook_endpoint e, ev
  WHERE ${wanted}::boolean AND e.partner_id = $1::bigint AND e.enabled AND e.deleted_at IS NULL
    AND e.event_types ? $2
)
SELECT id, sequence FROM ev
"""
_INSERT_SQLITE = "INSERT INTO audit_event ({columns}, sequence) VALUES ({marks}, ?)"
# SQLite: the deliveries of a new event, one per live endpoint of the partner that wants its type.
OWED_SQLITE = (
    "INSERT INTO webhook_delivery (endpoint_id, event_id, status, attempts, next_attempt_at, created_at)"
    " SELECT e.id, ?, 'PENDING', 0, ?, ? FROM webhook_endpoint e"
    " WHERE e.partner_id = ? AND e.enabled AND e.deleted_at IS NULL"
    " AND EXISTS (SELECT 1 FROM json_each(e.event_types) WHERE json_each.value = ?)"
)


def _postgres_record() -> str:
    first = {"partner_id": "$1", "type": "$2", "occurred_at": "$3"}
    marks, n = [], 4
    for name in EVENT_COLUMNS:
        if name in first:
            marks.append(first[name])
            continue
        marks.append(f"${n}::jsonb" if name in ("changes", "data") else f"${n}")
        n += 1
    return _RECORD_POSTGRES.format(columns=", ".join(EVENT_COLUMNS), marks=", ".join(marks), wanted=n)


RECORD_POSTGRES = _postgres_record()
INSERT_SQLITE = _INSERT_SQLITE.format(
    columns=", ".join(EVENT_COLUMNS), marks=", ".join("?" for _ in EVENT_COLUMNS)
)


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
    """One hand-written statement on PostgreSQL (three on SQLite, where a statement costs no round
    trip): a change's own transaction pays as little as it can for its record."""
    actor = actor or current_actor()
    event = AuditEvent(
        type=event_type,
        occurred_at=at or dt.datetime.now(dt.UTC),
        partner_id=partner_id,
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
    )
    fields = AuditEvent._meta.fields_map
    values = [fields[name].to_db_value(getattr(event, name), event) for name in EVENT_COLUMNS]
    wanted = event_type in WEBHOOK_TYPES and partner_id is not None
    if conn.capabilities.dialect == "postgres":
        postgres_values = [  # $1 the partner, $2 the type, $3 the instant, then the rest in order
            values[EVENT_COLUMNS.index("partner_id")],
            values[EVENT_COLUMNS.index("type")],
            values[EVENT_COLUMNS.index("occurred_at")],
        ]
        postgres_values += [v for name, v in zip(EVENT_COLUMNS, values, strict=True)
                            if name not in ("partner_id", "type", "occurred_at")]  # fmt: skip
        rows = await conn.execute_query_dict(RECORD_POSTGRES, [*postgres_values, wanted])
        event.id, event.sequence = int(rows[0]["id"]), rows[0]["sequence"]
    else:
        event.sequence = await next_sequence(partner_id, conn) if partner_id is not None else None
        event.id = await conn.execute_insert(INSERT_SQLITE, [*values, event.sequence])
        if wanted:
            instant = values[EVENT_COLUMNS.index("occurred_at")]
            await conn.execute_query(OWED_SQLITE, [event.id, instant, instant, partner_id, event_type.value])
    event._saved_in_db = True
    return event
