"""Webhook endpoints: where a partner's ADMIN has its events POSTed (Standard Webhooks 1.0).

An endpoint has an https URL (see `events.targets` for which addresses are accepted), the event
types it wants and a description. Its signing secret (`whsec_` + base64 of 32 random bytes) is
shown once, when it is made; a rotation keeps the previous secret signing beside the new one for
24 hours, and a second rotation within that window ends the older secret at once. A disabled or
deleted endpoint's pending deliveries end as FAILED with the reason. Every change is recorded in
the trail (never a secret).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from ..auth import Principal
from ..events import WEBHOOK_TYPES, Change, record
from ..events import log as events
from ..events.targets import check_url
from ..ids import db_id, encode_id
from ..models import (
    AuditEvent,
    EventType,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)
from .errors import ErrorCode, UserError, quote

F_ID = ("input", "id")
F_URL = ("input", "url")
F_DESCRIPTION = ("input", "description")
F_EVENT_TYPES = ("input", "eventTypes")
F_DELIVERY = ("input", "deliveryId")
MAX_ENDPOINTS = 20
MAX_DESCRIPTION = 500
ROTATION_OVERLAP = dt.timedelta(hours=24)
SUBSCRIBABLE = ", ".join(sorted(t.value for t in WEBHOOK_TYPES))
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
ONLY_ADMIN = "Only an ADMIN of the partner manages its webhook endpoints."
NO_ENDPOINT = "There is no such webhook endpoint."
LIVE = (WebhookDeliveryStatus.PENDING, WebhookDeliveryStatus.RETRYING)
NO_DELIVERY = UserError(ErrorCode.NOT_FOUND, "There is no such delivery.", F_DELIVERY)


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes them: `whsec_` and base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode("ascii")


def may_manage(principal: Principal) -> bool:
    """Only a partner's ADMIN (never a reconciliation token) reads and manages its endpoints."""
    return not principal.is_reconciliation and principal.user is not None and principal.can_manage_users()


@dataclass
class EndpointOutcome:
    endpoint: WebhookEndpoint | None
    errors: list[UserError]
    secret: str | None = None


@dataclass
class DeliveryOutcome:
    delivery: WebhookDelivery | None
    errors: list[UserError]


def _forbidden() -> list[UserError]:
    return [UserError(ErrorCode.FORBIDDEN, ONLY_ADMIN, None)]


async def partner_endpoints(partner_id: int) -> list[WebhookEndpoint]:
    """The partner's endpoints (not deleted), oldest first."""
    return await WebhookEndpoint.filter(partner_id=partner_id, deleted_at=None).order_by("created_at", "id")


async def _endpoint(principal: Principal, endpoint_id: int | None, conn=None) -> WebhookEndpoint | None:
    pk = db_id(endpoint_id)
    if pk is None:
        return None
    query = WebhookEndpoint.filter(id=pk, partner_id=principal.partner_id, deleted_at=None)
    return await query.using_db(conn).first()


# -- reading the input ------------------------------------------------------------------------------


async def _read_url(url: object, allow_private: bool, errors: list[UserError]) -> str | None:
    refused = await check_url(url.strip() if isinstance(url, str) else url, allow_private)
    if refused is not None:
        errors.append(UserError(ErrorCode(refused.reason.value), refused.message, F_URL))
        return None
    return url.strip()


def _read_description(description: object, errors: list[UserError]) -> str | None:
    if description is None:
        return None
    value = description.strip() if isinstance(description, str) else ""
    if len(value) > MAX_DESCRIPTION or _CONTROL.search(value):
        message = f"A description has at most {MAX_DESCRIPTION} characters, without control characters."
        errors.append(UserError(ErrorCode.INVALID_INPUT, message, F_DESCRIPTION))
        return None
    return value or None


def _read_types(event_types: object, errors: list[UserError]) -> list[str] | None:
    names = []
    for item in event_types if isinstance(event_types, list | tuple) else []:
        value = getattr(item, "value", item)
        member = EventType._value2member_map_.get(value) if isinstance(value, str) else None
        if member not in WEBHOOK_TYPES:
            message = f"{quote(value)} cannot be subscribed to; endpoints take {SUBSCRIBABLE}."
            errors.append(UserError(ErrorCode.INVALID_INPUT, message, F_EVENT_TYPES))
            return None
        if value not in names:
            names.append(value)
    if not names:
        message = f"Choose at least one event type ({SUBSCRIBABLE})."
        errors.append(UserError(ErrorCode.INVALID_INPUT, message, F_EVENT_TYPES))
        return None
    return sorted(names)


# -- creating, changing, deleting -------------------------------------------------------------------


async def create_endpoint(
    principal: Principal,
    url: str,
    description: str | None,
    event_types: Iterable[object],
    *,
    allow_private: bool,
    now: dt.datetime | None = None,
) -> EndpointOutcome:
    """`createWebhookEndpoint`: a new endpoint of the caller's partner, and its secret (shown once)."""
    if not may_manage(principal):
        return EndpointOutcome(None, _forbidden())
    now = now or dt.datetime.now(dt.UTC)
    errors: list[UserError] = []
    clean_url = await _read_url(url, allow_private, errors)
    clean_description = _read_description(description, errors)
    types = _read_types(list(event_types or []), errors)
    if not errors and await partner_endpoint_count(principal.partner_id) >= MAX_ENDPOINTS:
        message = f"A partner has at most {MAX_ENDPOINTS} webhook endpoints; delete one first."
        errors.append(UserError(ErrorCode.INVALID_INPUT, message, F_URL))
    if errors:
        return EndpointOutcome(None, errors)
    secret = new_secret()
    async with in_transaction() as conn:
        endpoint = await WebhookEndpoint.create(
            partner_id=principal.partner_id,
            url=clean_url,
            description=clean_description,
            event_types=types,
            secret=secret,
            created_at=now,
            updated_at=now,
            using_db=conn,
        )
        changes = [Change(name, None, value) for name, value in events.endpoint_fields(endpoint).items()]
        await events.endpoint_event(EventType.WEBHOOK_ENDPOINT_CREATED, endpoint, changes, using_db=conn)
    return EndpointOutcome(endpoint, [], secret)


async def partner_endpoint_count(partner_id: int) -> int:
    return await WebhookEndpoint.filter(partner_id=partner_id, deleted_at=None).count()


async def fail_live_deliveries(endpoint_id: int, reason: str, conn: BaseDBAsyncClient) -> int:
    """End the endpoint's deliveries still to be made as FAILED, saying why."""
    return await (
        WebhookDelivery.filter(endpoint_id=endpoint_id, status__in=LIVE)
        .using_db(conn)
        .update(status=WebhookDeliveryStatus.FAILED, last_error=reason, next_attempt_at=None)
    )


async def update_endpoint(
    principal: Principal,
    endpoint_id: int | None,
    *,
    url: str | None = None,
    description: str | None = None,
    event_types: Iterable[object] | None = None,
    enabled: bool | None = None,
    allow_private: bool,
    now: dt.datetime | None = None,
) -> EndpointOutcome:
    """`updateWebhookEndpoint`: what is given changes (null leaves it); an empty description
    clears it. Disabling ends its pending deliveries; enabling clears why it was disabled."""
    if not may_manage(principal):
        return EndpointOutcome(None, _forbidden())
    now = now or dt.datetime.now(dt.UTC)
    endpoint = await _endpoint(principal, endpoint_id)
    if endpoint is None:
        return EndpointOutcome(None, [UserError(ErrorCode.NOT_FOUND, NO_ENDPOINT, F_ID)])
    errors: list[UserError] = []
    wanted: dict[str, object] = {}
    if url is not None:
        wanted["url"] = await _read_url(url, allow_private, errors)
    if description is not None:
        wanted["description"] = _read_description(description, errors)
    if event_types is not None:
        wanted["event_types"] = _read_types(list(event_types), errors)
    if enabled is not None:
        wanted["enabled"] = bool(enabled)
    if errors:
        return EndpointOutcome(None, errors)
    async with in_transaction() as conn:
        endpoint = await _endpoint(principal, endpoint.id, conn)
        if endpoint is None:
            return EndpointOutcome(None, [UserError(ErrorCode.NOT_FOUND, NO_ENDPOINT, F_ID)])
        before = events.endpoint_fields(endpoint)
        reason_before = endpoint.disabled_reason
        for name, value in wanted.items():
            setattr(endpoint, name, value)
        if wanted.get("enabled") is False and before["enabled"]:
            endpoint.disabled_reason = f"Disabled by {principal.user.name} on {now:%Y-%m-%d %H:%M} UTC."
            await fail_live_deliveries(endpoint.id, "the endpoint was disabled", conn)
        elif wanted.get("enabled") is True:
            endpoint.disabled_reason = None
            endpoint.failing_since = None
        after = events.endpoint_fields(endpoint)
        changes = [Change(name, before[name], after[name]) for name in after if before[name] != after[name]]
        if endpoint.disabled_reason != reason_before:
            changes.append(Change("disabledReason", reason_before, endpoint.disabled_reason))
        if changes:
            endpoint.updated_at = now
            await endpoint.save(using_db=conn)
            await events.endpoint_event(EventType.WEBHOOK_ENDPOINT_CHANGED, endpoint, changes, using_db=conn)
    return EndpointOutcome(endpoint, [])


async def delete_endpoint(
    principal: Principal, endpoint_id: int | None, *, now: dt.datetime | None = None
) -> EndpointOutcome:
    """`deleteWebhookEndpoint`: nothing more is sent to it; its pending deliveries end as FAILED."""
    if not may_manage(principal):
        return EndpointOutcome(None, _forbidden())
    now = now or dt.datetime.now(dt.UTC)
    async with in_transaction() as conn:
        endpoint = await _endpoint(principal, endpoint_id, conn)
        if endpoint is None:
            return EndpointOutcome(None, [UserError(ErrorCode.NOT_FOUND, NO_ENDPOINT, F_ID)])
        before = events.endpoint_fields(endpoint)
        await (
            WebhookEndpoint.filter(id=endpoint.id)
            .using_db(conn)
            .update(deleted_at=now, updated_at=now, enabled=False, previous_secret=None)
        )
        await fail_live_deliveries(endpoint.id, "the endpoint was deleted", conn)
        changes = [Change(name, value, None) for name, value in before.items()]
        await events.endpoint_event(EventType.WEBHOOK_ENDPOINT_DELETED, endpoint, changes, using_db=conn)
    return EndpointOutcome(endpoint, [])


async def rotate_secret(
    principal: Principal, endpoint_id: int | None, *, now: dt.datetime | None = None
) -> EndpointOutcome:
    """`rotateWebhookSecret`: a new secret (shown once); the one it replaces signs beside it for 24
    hours, and any older one stops at once."""
    if not may_manage(principal):
        return EndpointOutcome(None, _forbidden())
    now = now or dt.datetime.now(dt.UTC)
    secret = new_secret()
    async with in_transaction() as conn:
        endpoint = await _endpoint(principal, endpoint_id, conn)
        if endpoint is None:
            return EndpointOutcome(None, [UserError(ErrorCode.NOT_FOUND, NO_ENDPOINT, F_ID)])
        ended_older = endpoint.previous_secret is not None and endpoint.previous_secret_until > now
        until = now + ROTATION_OVERLAP
        endpoint.previous_secret, endpoint.previous_secret_until = endpoint.secret, until
        endpoint.secret, endpoint.updated_at = secret, now
        await endpoint.save(using_db=conn)
        changes = [Change("secret", "current", "new"), Change("previousSecretSignsUntil", None, until)]
        if ended_older:
            changes.append(Change("olderSecret", "signing", "ended"))
        await events.endpoint_event(EventType.WEBHOOK_SECRET_ROTATED, endpoint, changes, using_db=conn)
    return EndpointOutcome(endpoint, [], secret)


# -- sending ----------------------------------------------------------------------------------------


def _disabled(endpoint: WebhookEndpoint) -> list[UserError]:
    message = "The endpoint is disabled; enable it first."
    return [UserError(ErrorCode.INVALID_INPUT, message, F_ID)]


async def _queue(endpoint: WebhookEndpoint, event: AuditEvent, now: dt.datetime, conn) -> WebhookDelivery:
    return await WebhookDelivery.create(
        endpoint_id=endpoint.id,
        event_id=event.id,
        status=WebhookDeliveryStatus.PENDING,
        next_attempt_at=now,
        created_at=now,
        using_db=conn,
    )


async def send_test(
    principal: Principal, endpoint_id: int | None, *, now: dt.datetime | None = None
) -> DeliveryOutcome:
    """`sendTestWebhook`: a `test` event to this endpoint, whatever it subscribes to. It takes a
    sequence number; it is not part of the trail."""
    if not may_manage(principal):
        return DeliveryOutcome(None, _forbidden())
    now = now or dt.datetime.now(dt.UTC)
    async with in_transaction() as conn:
        endpoint = await _endpoint(principal, endpoint_id, conn)
        if endpoint is None:
            return DeliveryOutcome(None, [UserError(ErrorCode.NOT_FOUND, NO_ENDPOINT, F_ID)])
        if not endpoint.enabled:
            return DeliveryOutcome(None, _disabled(endpoint))
        event = await record(
            EventType.TEST,
            partner_id=endpoint.partner_id,
            endpoint_id=endpoint.id,
            data={"test": {"endpoint": {"id": endpoint_api_id(endpoint.id), "url": endpoint.url}}},
            at=now,
            using_db=conn,
        )
        delivery = await _queue(endpoint, event, now, conn)
    return DeliveryOutcome(delivery, [])


def endpoint_api_id(endpoint_id: int) -> str:
    return encode_id("WebhookEndpoint", endpoint_id)


async def redeliver(
    principal: Principal, delivery_id: int | None, *, now: dt.datetime | None = None
) -> DeliveryOutcome:
    """`redeliverWebhook`: the same event (the same `webhook-id` and body) to the same endpoint
    again, as a new delivery, whatever became of the first."""
    if not may_manage(principal):
        return DeliveryOutcome(None, _forbidden())
    now = now or dt.datetime.now(dt.UTC)
    pk = db_id(delivery_id)
    original = None
    if pk is not None:
        original = await WebhookDelivery.filter(
            id=pk, endpoint__partner_id=principal.partner_id, endpoint__deleted_at=None
        ).first()
    if original is None:
        return DeliveryOutcome(
            None, [UserError(ErrorCode.NOT_FOUND, "There is no such delivery.", F_DELIVERY)]
        )
    async with in_transaction() as conn:
        endpoint = await _endpoint(principal, original.endpoint_id, conn)
        if endpoint is None:
            return DeliveryOutcome(
                None, [UserError(ErrorCode.NOT_FOUND, "There is no such delivery.", F_DELIVERY)]
            )
        if not endpoint.enabled:
            return DeliveryOutcome(None, _disabled(endpoint))
        event = await AuditEvent.filter(id=original.event_id).using_db(conn).get()
        delivery = await _queue(endpoint, event, now, conn)
    return DeliveryOutcome(delivery, [])
