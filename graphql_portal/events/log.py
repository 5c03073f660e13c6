"""One call per kind of change: what each records, with its subject, `changes` and webhook data.

Each takes the change's connection (`using_db`) and is called inside the change's transaction,
after the change itself; the actor is whoever the code runs for (`actors.current_actor`) unless
the change knows better (a sign-in).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tortoise.backends.base.client import BaseDBAsyncClient

from ..models import (
    ApiToken,
    Attachment,
    AttachmentKind,
    AuditEvent,
    Customer,
    EventType,
    Order,
    OrderStatus,
    PartnerUser,
    StaffUser,
    UserRole,
    UserStatus,
    WebhookEndpoint,
)
from ..money import format_money
from .actors import Actor, current_actor
from .payloads import attachment_data, order_data, user_data
from .recording import Change, record

Db = BaseDBAsyncClient | None

STATUS_EVENTS = {
    OrderStatus.SCHEDULED: EventType.ORDER_SCHEDULED,
    OrderStatus.COMPLETED: EventType.ORDER_COMPLETED,
    OrderStatus.ATTENTION_NEEDED: EventType.ORDER_NEEDS_ATTENTION,
    OrderStatus.CANCELLED: EventType.ORDER_CANCELLED,
}
ATTACHMENT_COLUMNS = ("id", "customer_id", "order_id", "kind", "filename", "content_type", "size", "sha256",
                      "created_at")  # fmt: skip
CUSTOMER_COLUMNS = ("id", "partner_id", "name", "account_code")


# -- orders -----------------------------------------------------------------------------------------


def _skus(lines: list[dict]) -> list[str]:
    return sorted(line["sku"] for line in lines)


def _submit_changes(order: Order) -> list[Change]:
    currency = order.currency
    changes = [Change("status", None, order.status)]
    if order.seats_before != order.seats_after:
        changes.append(Change("seats", order.seats_before, order.seats_after))
    if _skus(order.lines_before) != _skus(order.lines_after):
        changes.append(Change("products", _skus(order.lines_before), _skus(order.lines_after)))
    changes.append(
        Change(
            "monthlyCost",
            format_money(order.monthly_cost_before, currency),
            format_money(order.monthly_cost_after, currency),
        )
    )
    changes.append(Change("effectiveOn", None, order.effective_on))
    if order.partner_reference:
        changes.append(Change("partnerReference", None, order.partner_reference))
    return changes


async def order_submitted(order: Order, customer: Customer, *, using_db: Db = None) -> AuditEvent:
    """ORDER_SUBMITTED: the order as submitted, and what it changes of the customer."""
    return await record(
        EventType.ORDER_SUBMITTED,
        partner_id=order.partner_id,
        order_id=order.id,
        customer_id=order.customer_id,
        changes=_submit_changes(order),
        data={"order": order_data(order, customer)},
        at=order.submitted_at,
        using_db=using_db,
    )


async def _addendum(order_id: int, conn: Db) -> Attachment | None:
    return (
        await Attachment.filter(order_id=order_id, kind=AttachmentKind.ADDENDUM)
        .only(*ATTACHMENT_COLUMNS)
        .using_db(conn)
        .first()
    )


async def _customer(customer_id: int, conn: Db) -> Customer:
    return await Customer.filter(id=customer_id).only(*CUSTOMER_COLUMNS).using_db(conn).get()


async def order_status_changed(
    order_id: int, before: OrderStatus, *, using_db: Db = None, at: dt.datetime | None = None
) -> AuditEvent | None:
    """The event of an order's new status (read in `using_db`'s transaction): SCHEDULED,
    COMPLETED, NEEDS_ATTENTION or CANCELLED; none for PROCESSING."""
    order = await Order.filter(id=order_id).using_db(using_db).get()
    event_type = STATUS_EVENTS.get(order.status)
    if event_type is None or order.status is before:
        return None
    changes = [Change("status", before, order.status)]
    if order.status is OrderStatus.ATTENTION_NEEDED and order.attention_reason:
        changes.append(Change("attentionReason", None, order.attention_reason))
    if order.status is OrderStatus.CANCELLED:
        changes.append(Change("cancelledAt", None, order.cancelled_at))
    if order.status is OrderStatus.COMPLETED:
        changes.append(Change("completedAt", None, order.completed_at))
    customer = await _customer(order.customer_id, using_db)
    addendum = await _addendum(order.id, using_db)
    return await record(
        event_type,
        partner_id=order.partner_id,
        order_id=order.id,
        customer_id=order.customer_id,
        changes=changes,
        data={"order": order_data(order, customer, addendum)},
        at=at or order.updated_at,
        using_db=using_db,
    )


async def attachment_added(attachment: Attachment, *, using_db: Db = None) -> AuditEvent:
    """ATTACHMENT_ADDED: a file filed in a customer's Attachments area (an addendum or a document)."""
    customer = await _customer(attachment.customer_id, using_db)
    order = None
    if attachment.order_id is not None:
        order = await Order.filter(id=attachment.order_id).only("id").using_db(using_db).get()
    changes = [Change("filename", None, attachment.filename), Change("kind", None, attachment.kind)]
    return await record(
        EventType.ATTACHMENT_ADDED,
        partner_id=customer.partner_id,
        order_id=attachment.order_id,
        customer_id=customer.id,
        attachment_id=attachment.id,
        changes=changes,
        data={"attachment": attachment_data(attachment, order, customer)},
        at=attachment.created_at,
        using_db=using_db,
    )


# -- users, tokens, sign-ins ------------------------------------------------------------------------


async def _user_event(
    event_type: EventType,
    user: PartnerUser,
    changes: Iterable[Change],
    using_db: Db,
    actor: Actor | None = None,
) -> AuditEvent:
    return await record(
        event_type,
        partner_id=user.partner_id,
        user_id=user.id,
        changes=changes,
        data={"user": user_data(user)},
        actor=actor,
        using_db=using_db,
    )


async def user_created(user: PartnerUser, *, using_db: Db = None) -> AuditEvent:
    changes = [
        Change("name", None, user.name),
        Change("email", None, user.email),
        Change("role", None, user.role),
        Change("status", None, user.status),
    ]
    return await _user_event(EventType.USER_CREATED, user, changes, using_db)


async def user_activated(user: PartnerUser, before: UserStatus, *, using_db: Db = None) -> AuditEvent:
    """USER_ACTIVATED: the user chose a password (through their link) and may sign in."""
    actor = current_actor().or_self(user)
    return await _user_event(
        EventType.USER_ACTIVATED, user, [Change("status", before, user.status)], using_db, actor
    )


async def user_role_changed(user: PartnerUser, before: UserRole, *, using_db: Db = None) -> AuditEvent:
    """USER_ROLE_CHANGED: `user` (with its new role) had the role `before`."""
    return await _user_event(EventType.USER_ROLE_CHANGED, user, [Change("role", before, user.role)], using_db)


async def user_deactivated(
    user: PartnerUser, before: UserStatus, *, tokens_revoked: int = 0, using_db: Db = None
) -> AuditEvent:
    changes = [Change("status", before, UserStatus.DEACTIVATED)]
    if tokens_revoked:
        changes.append(Change("apiTokens", f"{tokens_revoked} active", "revoked"))
    return await _user_event(EventType.USER_DEACTIVATED, user, changes, using_db)


async def password_changed(user: PartnerUser, *, using_db: Db = None) -> AuditEvent:
    """PASSWORD_CHANGED: which field changed, never its value."""
    return await record(
        EventType.PASSWORD_CHANGED,
        partner_id=user.partner_id,
        user_id=user.id,
        changes=[Change("password")],
        actor=current_actor().or_self(user),
        using_db=using_db,
    )


async def _token_owner(token: ApiToken, using_db: Db) -> PartnerUser | None:
    if token.user_id is None:
        return None
    return await PartnerUser.filter(id=token.user_id).using_db(using_db).first()


async def token_created(token: ApiToken, *, using_db: Db = None) -> AuditEvent:
    owner = await _token_owner(token, using_db)
    changes = [
        Change("token", None, f"{token.prefix}…"),
        Change("name", None, token.name),
        Change("kind", None, token.kind),
    ]
    return await record(
        EventType.TOKEN_CREATED,
        partner_id=owner.partner_id if owner else None,
        user_id=owner.id if owner else None,
        changes=changes,
        using_db=using_db,
    )


async def token_revoked(token: ApiToken, *, using_db: Db = None) -> AuditEvent:
    owner = await _token_owner(token, using_db)
    return await record(
        EventType.TOKEN_REVOKED,
        partner_id=owner.partner_id if owner else None,
        user_id=owner.id if owner else None,
        changes=[Change("token", f"{token.prefix}…", None), Change("revokedAt", None, token.revoked_at)],
        using_db=using_db,
    )


def _account_actor(account: PartnerUser | StaffUser, address: str | None) -> Actor:
    if isinstance(account, StaffUser):
        return Actor.staff(account, address=address)
    return Actor.partner_user(account, address=address)


async def signed_in(
    account: PartnerUser | StaffUser, address: str | None, *, using_db: Db = None
) -> AuditEvent:
    """SIGNED_IN: a partner user to the portal, or staff to the admin (no partner's trail)."""
    is_user = isinstance(account, PartnerUser)
    return await record(
        EventType.SIGNED_IN,
        partner_id=account.partner_id if is_user else None,
        user_id=account.id if is_user else None,
        actor=_account_actor(account, address),
        using_db=using_db,
    )


async def sign_in_refused(
    account: PartnerUser | StaffUser, address: str | None, reason: str, *, using_db: Db = None
) -> AuditEvent:
    """SIGN_IN_REFUSED: an attempt on `account` that did not sign in, with why (never the password)."""
    is_user = isinstance(account, PartnerUser)
    return await record(
        EventType.SIGN_IN_REFUSED,
        partner_id=account.partner_id if is_user else None,
        user_id=account.id if is_user else None,
        changes=[Change("reason", None, reason)],
        actor=_account_actor(account, address),
        using_db=using_db,
    )


# -- webhook endpoints ------------------------------------------------------------------------------


def endpoint_fields(endpoint: WebhookEndpoint) -> dict[str, object]:
    """What the trail shows of an endpoint's settings (never its secrets)."""
    return {
        "url": endpoint.url,
        "description": endpoint.description,
        "eventTypes": sorted(endpoint.event_types),
        "enabled": endpoint.enabled,
    }


async def endpoint_event(
    event_type: EventType,
    endpoint: WebhookEndpoint,
    changes: Iterable[Change],
    *,
    actor: Actor | None = None,
    using_db: Db = None,
) -> AuditEvent:
    return await record(
        event_type,
        partner_id=endpoint.partner_id,
        endpoint_id=endpoint.id,
        changes=changes,
        actor=actor,
        using_db=using_db,
    )


# -- staff ------------------------------------------------------------------------------------------


async def staff_action(
    action: str,
    *,
    partner_id: int | None,
    order_id: int | None = None,
    customer_id: int | None = None,
    user_id: int | None = None,
    changes: Iterable[Change] = (),
    using_db: Db = None,
) -> AuditEvent:
    """STAFF_ACTION: something staff did in the admin; `changes` starts with the action itself."""
    return await record(
        EventType.STAFF_ACTION,
        partner_id=partner_id,
        order_id=order_id,
        customer_id=customer_id,
        user_id=user_id,
        changes=[Change("action", None, action), *changes],
        using_db=using_db,
    )
