"""The event log (the audit trail and the webhook feed in one), and partners' webhook endpoints with
their deliveries.

An `AuditEvent` is written in the transaction of the change it records and never updated. It keeps
the ids of what it concerns as plain 64-bit columns, not foreign keys: the trail outlives, and never
holds back, the rows it names (a deleted endpoint, an order of a purged partner). Every table here
has a 64-bit primary key from the start.
"""

from enum import Enum

from tortoise import fields
from tortoise.models import Model


class EventType(str, Enum):
    """What happened. Webhook payloads name the same types in dotted lower case."""

    ORDER_SUBMITTED = "ORDER_SUBMITTED"
    ORDER_SCHEDULED = "ORDER_SCHEDULED"
    ORDER_COMPLETED = "ORDER_COMPLETED"
    ORDER_CANCELLED = "ORDER_CANCELLED"
    ORDER_NEEDS_ATTENTION = "ORDER_NEEDS_ATTENTION"
    ATTACHMENT_ADDED = "ATTACHMENT_ADDED"
    USER_CREATED = "USER_CREATED"
    USER_ACTIVATED = "USER_ACTIVATED"
    USER_ROLE_CHANGED = "USER_ROLE_CHANGED"
    USER_DEACTIVATED = "USER_DEACTIVATED"
    TOKEN_CREATED = "TOKEN_CREATED"
    TOKEN_REVOKED = "TOKEN_REVOKED"
    SIGNED_IN = "SIGNED_IN"
    SIGN_IN_REFUSED = "SIGN_IN_REFUSED"
    PASSWORD_CHANGED = "PASSWORD_CHANGED"
    WEBHOOK_ENDPOINT_CREATED = "WEBHOOK_ENDPOINT_CREATED"
    WEBHOOK_ENDPOINT_CHANGED = "WEBHOOK_ENDPOINT_CHANGED"
    WEBHOOK_ENDPOINT_DELETED = "WEBHOOK_ENDPOINT_DELETED"
    WEBHOOK_SECRET_ROTATED = "WEBHOOK_SECRET_ROTATED"
    STAFF_ACTION = "STAFF_ACTION"
    TEST = "TEST"


class ActorKind(str, Enum):
    PARTNER_USER = "PARTNER_USER"
    STAFF = "STAFF"
    RECONCILIATION = "RECONCILIATION"
    SYSTEM = "SYSTEM"


class WebhookDeliveryStatus(str, Enum):
    """PENDING until the first attempt, RETRYING after a failed one, then DELIVERED or FAILED."""

    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    RETRYING = "RETRYING"
    FAILED = "FAILED"


class AuditEvent(Model):
    """One entry of the trail. `changes` is a list of `{"field", "before", "after"}` (text or null);
    `data` is what a webhook says of the subject as it was then; `sequence` grows per partner in
    the order events are written (`EventSequence`)."""

    id = fields.BigIntField(primary_key=True)
    type = fields.CharEnumField(EventType, max_length=32)
    occurred_at = fields.DatetimeField()
    partner_id = fields.BigIntField(null=True)
    sequence = fields.BigIntField(null=True)
    actor_kind = fields.CharEnumField(ActorKind, max_length=16)
    actor_name = fields.CharField(max_length=254)
    actor_user_id = fields.BigIntField(null=True)
    # Which staff member or token acted (`staff:3`, `token:12`), for the admin's eyes.
    actor_ref = fields.CharField(max_length=64, null=True)
    address = fields.CharField(max_length=64, null=True)
    order_id = fields.BigIntField(null=True)
    customer_id = fields.BigIntField(null=True)
    user_id = fields.BigIntField(null=True)
    attachment_id = fields.BigIntField(null=True)
    endpoint_id = fields.BigIntField(null=True)
    changes = fields.JSONField(default=list)
    data = fields.JSONField(null=True)

    class Meta:
        table = "audit_event"
        indexes = (
            ("partner_id", "occurred_at", "id"),
            ("occurred_at", "id"),
            ("order_id", "occurred_at", "id"),
            ("customer_id", "occurred_at", "id"),
            ("user_id", "occurred_at", "id"),
        )


class EventSequence(Model):
    """The last `AuditEvent.sequence` given to a partner's events; taken with an upsert in the
    event's own transaction, so a partner's numbers follow the order its events commit in."""

    partner_id = fields.BigIntField(primary_key=True, generated=False)
    last_value = fields.BigIntField()

    class Meta:
        table = "event_sequence"


class WebhookEndpoint(Model):
    """Where a partner wants its events POSTed. `secret` signs (`whsec_` + base64 of 32 bytes);
    after a rotation `previous_secret` signs beside it until `previous_secret_until`. A deleted
    endpoint keeps its row (`deleted_at`) until its deliveries are pruned."""

    id = fields.BigIntField(primary_key=True)
    partner = fields.ForeignKeyField(
        "models.Partner", related_name="webhook_endpoints", on_delete=fields.CASCADE
    )
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=500, null=True)
    event_types = fields.JSONField(default=list)
    enabled = fields.BooleanField(default=True)
    disabled_reason = fields.TextField(null=True)
    secret = fields.CharField(max_length=64)
    previous_secret = fields.CharField(max_length=64, null=True)
    previous_secret_until = fields.DatetimeField(null=True)
    # The first failure since the last 2xx: five days of nothing but failures disable the endpoint.
    failing_since = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    deleted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "webhook_endpoint"
        indexes = (("partner", "created_at", "id"),)


class WebhookDelivery(Model):
    """One event owed to one endpoint: a durable job of the webhook lane.

    Due when PENDING or RETRYING with `next_attempt_at` passed and no live lease; `attempts`
    counts the POSTs made. A redelivery is a new row for the same event (the same `webhook-id`).
    """

    id = fields.BigIntField(primary_key=True)
    endpoint = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    event = fields.ForeignKeyField("models.AuditEvent", related_name="deliveries", on_delete=fields.CASCADE)
    status = fields.CharEnumField(WebhookDeliveryStatus, max_length=16, default=WebhookDeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    response_status = fields.IntField(null=True)
    last_error = fields.TextField(null=True)
    last_attempt_at = fields.DatetimeField(null=True)
    next_attempt_at = fields.DatetimeField(null=True)
    locked_by = fields.CharField(max_length=128, null=True)
    lease_until = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook_delivery"
        indexes = (("status", "next_attempt_at"), ("endpoint", "created_at", "id"), ("created_at", "id"))
