"""The audit trail and webhooks: `AuditEvent` with its actor and changes, `WebhookEndpoint` with its
deliveries, and the endpoint mutations (each: input, payload, resolver)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from .. import models
from ..ids import encode_id
from ..resolvers import events as resolvers
from ..resolvers.deferred import then
from ..resolvers.loaders import DeliveryRow
from .common import Connection, UserError
from .orders import Customer, Order
from .partners import User, user_of

EventType = strawberry.enum(
    models.EventType,
    name="EventType",
    description="What happened. Webhook payloads name the same types in dotted lower case: "
    "ORDER_COMPLETED is order.completed.",
)
ActorKind = strawberry.enum(models.ActorKind, name="ActorKind")
WebhookDeliveryStatus = strawberry.enum(models.WebhookDeliveryStatus, name="WebhookDeliveryStatus")


@strawberry.type(
    description="Who did it: a partner user, a staff member, a reconciliation token, or the service itself."
)
class Actor:
    kind: ActorKind
    name: str
    user_id: strawberry.Private[int | None]

    @strawberry.field
    def user(self, info: Info) -> User | None:
        return user_of(info.context, self.user_id) if self.user_id is not None else None


@strawberry.type(
    description="One field that changed: its values before and after, as text (null where there was none)."
)
class FieldChange:
    field: str
    before: str | None
    after: str | None


@strawberry.type(description="An entry of the audit trail; append-only, never edited.")
class AuditEvent:
    row: strawberry.Private[models.AuditEvent]
    id: strawberry.ID
    type: EventType
    occurred_at: dt.datetime
    address: str | None = strawberry.field(
        description="The client address of the request that caused it (null for the service's own steps)."
    )

    @classmethod
    def of(cls, row: models.AuditEvent) -> AuditEvent:
        return cls(
            row=row,
            id=strawberry.ID(encode_id("AuditEvent", row.id)),
            type=row.type,
            occurred_at=row.occurred_at,
            address=row.address,
        )

    @strawberry.field
    def actor(self) -> Actor:
        row = self.row
        return Actor(kind=row.actor_kind, name=row.actor_name, user_id=row.actor_user_id)

    @strawberry.field
    def order(self, info: Info) -> Order | None:
        order_id = self.row.order_id
        if order_id is None:
            return None
        return then(info.context.loaders.orders.get(order_id), lambda o: Order.of(o) if o else None)

    @strawberry.field
    def customer(self, info: Info) -> Customer | None:
        customer_id = self.row.customer_id
        if customer_id is None:
            return None
        context = info.context
        return context.made_once(
            "Customer", customer_id, context.loaders.customers, lambda c: Customer.of(c) if c else None
        )

    @strawberry.field
    def user(self, info: Info) -> User | None:
        return user_of(info.context, self.row.user_id) if self.row.user_id is not None else None

    @strawberry.field
    def changes(self) -> list[FieldChange]:
        return [FieldChange(field=c["field"], before=c["before"], after=c["after"]) for c in self.row.changes]


@strawberry.input(description="Narrows `auditEvents`; all given conditions apply.")
class AuditEventFilter:
    types: list[EventType] | None = None
    since: dt.datetime | None = strawberry.field(default=None, description="Events at or after this instant.")
    until: dt.datetime | None = strawberry.field(
        default=None, description="Events before this instant (exclusive)."
    )
    order_id: strawberry.ID | None = None
    customer_id: strawberry.ID | None = None
    user_id: strawberry.ID | None = None


@strawberry.type(description="One event owed to one endpoint, with its attempts so far.")
class WebhookDelivery:
    row: strawberry.Private[DeliveryRow]
    id: strawberry.ID
    status: WebhookDeliveryStatus
    attempts: int
    response_status: int | None = strawberry.field(
        description="The endpoint's HTTP status on the last attempt; null when it did not answer."
    )
    last_attempt_at: dt.datetime | None
    next_attempt_at: dt.datetime | None

    @classmethod
    def of(cls, row: DeliveryRow) -> WebhookDelivery:
        return cls(
            row=row,
            id=strawberry.ID(encode_id("WebhookDelivery", row.id)),
            status=row.status,
            attempts=row.attempts,
            response_status=row.response_status,
            last_attempt_at=row.last_attempt_at,
            next_attempt_at=row.next_attempt_at,
        )

    @strawberry.field
    def event(self, info: Info) -> AuditEvent:
        return then(resolvers.event_of(info.context, self.row.event_id), AuditEvent.of)


@strawberry.type(description="Where the partner's events are POSTed, signed as Standard Webhooks 1.0 says.")
class WebhookEndpoint:
    row: strawberry.Private[models.WebhookEndpoint]
    id: strawberry.ID
    url: str
    description: str | None
    event_types: list[EventType]
    enabled: bool
    disabled_reason: str | None = strawberry.field(
        description="Why it was disabled (410 Gone, or failing for 5 days); null while enabled."
    )
    created_at: dt.datetime

    @classmethod
    def of(cls, row: models.WebhookEndpoint) -> WebhookEndpoint:
        return cls(
            row=row,
            id=strawberry.ID(encode_id("WebhookEndpoint", row.id)),
            url=row.url,
            description=row.description,
            event_types=[models.EventType(name) for name in row.event_types],
            enabled=row.enabled,
            disabled_reason=row.disabled_reason,
            created_at=row.created_at,
        )

    @strawberry.field(
        description=f"Newest first; kept 30 days. `first`: default 50, at most {resolvers.DELIVERIES_CAP}."
    )
    def deliveries(
        self, info: Info, first: int | None = 50, after: str | None = None
    ) -> Connection[WebhookDelivery]:
        first = 50 if first is None else first
        return then(
            resolvers.deliveries_page(info.context, self.row.id, first, after),
            lambda page: Connection.of(page, WebhookDelivery.of),
        )


# createWebhookEndpoint ------------------------------------------------------------------------
@strawberry.input
class CreateWebhookEndpointInput:
    url: str
    description: str | None = None
    event_types: list[EventType]


@strawberry.type(description="The signing secret (whsec_...) is shown once, here.")
class CreateWebhookEndpointPayload:
    endpoint: WebhookEndpoint | None
    secret: str | None
    errors: list[UserError]


async def resolve_create_webhook_endpoint(
    info: Info, input: CreateWebhookEndpointInput
) -> CreateWebhookEndpointPayload:
    outcome = await resolvers.create_endpoint(info.context, input.url, input.description, input.event_types)
    return CreateWebhookEndpointPayload(
        endpoint=WebhookEndpoint.of(outcome.endpoint) if outcome.endpoint else None,
        secret=outcome.secret,
        errors=[UserError.of(e) for e in outcome.errors],
    )


# updateWebhookEndpoint ------------------------------------------------------------------------
@strawberry.input(
    description="What to change; a field left null stays as it is, an empty description clears it."
)
class UpdateWebhookEndpointInput:
    id: strawberry.ID
    url: str | None = None
    description: str | None = None
    event_types: list[EventType] | None = None
    enabled: bool | None = None


@strawberry.type
class UpdateWebhookEndpointPayload:
    endpoint: WebhookEndpoint | None
    errors: list[UserError]


async def resolve_update_webhook_endpoint(
    info: Info, input: UpdateWebhookEndpointInput
) -> UpdateWebhookEndpointPayload:
    outcome = await resolvers.update_endpoint(
        info.context,
        input.id,
        url=input.url,
        description=input.description,
        event_types=input.event_types,
        enabled=input.enabled,
    )
    return UpdateWebhookEndpointPayload(
        endpoint=WebhookEndpoint.of(outcome.endpoint) if outcome.endpoint else None,
        errors=[UserError.of(e) for e in outcome.errors],
    )


# deleteWebhookEndpoint ------------------------------------------------------------------------
@strawberry.input
class DeleteWebhookEndpointInput:
    id: strawberry.ID


@strawberry.type
class DeleteWebhookEndpointPayload:
    deleted_id: strawberry.ID | None
    errors: list[UserError]


async def resolve_delete_webhook_endpoint(
    info: Info, input: DeleteWebhookEndpointInput
) -> DeleteWebhookEndpointPayload:
    outcome = await resolvers.delete_endpoint(info.context, input.id)
    deleted = strawberry.ID(encode_id("WebhookEndpoint", outcome.endpoint.id)) if outcome.endpoint else None
    return DeleteWebhookEndpointPayload(deleted_id=deleted, errors=[UserError.of(e) for e in outcome.errors])


# rotateWebhookSecret --------------------------------------------------------------------------
@strawberry.input
class RotateWebhookSecretInput:
    id: strawberry.ID


@strawberry.type(description="The new secret, shown once; the old one keeps signing beside it for 24 hours.")
class RotateWebhookSecretPayload:
    endpoint: WebhookEndpoint | None
    secret: str | None
    errors: list[UserError]


async def resolve_rotate_webhook_secret(
    info: Info, input: RotateWebhookSecretInput
) -> RotateWebhookSecretPayload:
    outcome = await resolvers.rotate_secret(info.context, input.id)
    return RotateWebhookSecretPayload(
        endpoint=WebhookEndpoint.of(outcome.endpoint) if outcome.endpoint else None,
        secret=outcome.secret,
        errors=[UserError.of(e) for e in outcome.errors],
    )


# sendTestWebhook / redeliverWebhook -----------------------------------------------------------
@strawberry.input
class SendTestWebhookInput:
    id: strawberry.ID


@strawberry.type
class SendTestWebhookPayload:
    delivery: WebhookDelivery | None
    errors: list[UserError]


async def resolve_send_test_webhook(info: Info, input: SendTestWebhookInput) -> SendTestWebhookPayload:
    outcome = await resolvers.send_test(info.context, input.id)
    return SendTestWebhookPayload(
        delivery=WebhookDelivery.of(resolvers.delivery_row(outcome.delivery)) if outcome.delivery else None,
        errors=[UserError.of(e) for e in outcome.errors],
    )


@strawberry.input
class RedeliverWebhookInput:
    delivery_id: strawberry.ID


@strawberry.type
class RedeliverWebhookPayload:
    delivery: WebhookDelivery | None
    errors: list[UserError]


async def resolve_redeliver_webhook(info: Info, input: RedeliverWebhookInput) -> RedeliverWebhookPayload:
    outcome = await resolvers.redeliver(info.context, input.delivery_id)
    return RedeliverWebhookPayload(
        delivery=WebhookDelivery.of(resolvers.delivery_row(outcome.delivery)) if outcome.delivery else None,
        errors=[UserError.of(e) for e in outcome.errors],
    )


@strawberry.type
class WebhookMutations:
    """The endpoint mutations, merged into the root `Mutation`."""

    create_webhook_endpoint: CreateWebhookEndpointPayload = strawberry.mutation(
        resolver=resolve_create_webhook_endpoint,
        description="ADMIN: register an endpoint for the partner's events; the secret is shown once.",
    )
    update_webhook_endpoint: UpdateWebhookEndpointPayload = strawberry.mutation(
        resolver=resolve_update_webhook_endpoint,
        description="ADMIN: change an endpoint's URL, description, event types, or enable or disable it.",
    )
    delete_webhook_endpoint: DeleteWebhookEndpointPayload = strawberry.mutation(
        resolver=resolve_delete_webhook_endpoint,
        description="ADMIN: delete an endpoint; its pending deliveries end as FAILED.",
    )
    rotate_webhook_secret: RotateWebhookSecretPayload = strawberry.mutation(
        resolver=resolve_rotate_webhook_secret,
        description="ADMIN: a new signing secret; the previous one keeps signing beside it for 24 hours.",
    )
    send_test_webhook: SendTestWebhookPayload = strawberry.mutation(
        resolver=resolve_send_test_webhook,
        description="ADMIN: deliver a `test` event to the endpoint, whatever it subscribes to.",
    )
    redeliver_webhook: RedeliverWebhookPayload = strawberry.mutation(
        resolver=resolve_redeliver_webhook,
        description="ADMIN: deliver a delivery's event again (the same webhook-id and body).",
    )


@strawberry.type
class EventQueries:
    """The trail and the endpoints, merged into the root `Query`."""

    @strawberry.field(
        description=(
            "ADMIN: the partner's audit trail, newest first. Reconciliation tokens: order events of "
            f"every partner. `first`: default 50, at most {resolvers.AUDIT_EVENTS_CAP}."
        )
    )
    async def audit_events(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        filter: AuditEventFilter | None = None,
    ) -> Connection[AuditEvent]:
        first = 50 if first is None else first
        values = None
        if filter is not None:
            values = resolvers.AuditFilterValues(
                types=filter.types,
                since=filter.since,
                until=filter.until,
                order_id=filter.order_id,
                customer_id=filter.customer_id,
                user_id=filter.user_id,
            )
        page = await resolvers.audit_events_page(info.context, first, after, values)
        return Connection.of(page, AuditEvent.of)

    @strawberry.field(description="ADMIN: the partner's webhook endpoints.")
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        return [WebhookEndpoint.of(row) for row in await resolvers.webhook_endpoints(info.context)]
