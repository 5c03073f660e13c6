"""Orders, their deliveries and attachments, and reviews (quotes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from strawberry.types import Info

from .. import models
from ..ids import encode_id
from ..resolvers.attachments import attachment_url
from ..resolvers.deferred import then
from ..resolvers.deliveries import public_reason
from ..resolvers.pagination import Page
from .common import DeliveryKind, DeliveryStatus, Money, OrderLine, OrderStatus, PageInfo
from .customers import Customer
from .partners import Partner, User


@strawberry.type(description="A file in a customer's Attachments area.")
class Attachment:
    id: strawberry.ID
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: dt.datetime
    url: str = strawberry.field(
        description="GET with the same bearer token (or a staff session) returns the bytes."
    )

    @classmethod
    def of(cls, row, settings) -> Attachment:
        """`row` is an attachment model or an `AttachmentRow` (the same fields without the bytes)."""
        return cls(
            id=strawberry.ID(encode_id("Attachment", row.id)),
            filename=row.filename,
            content_type=row.content_type,
            size=row.size,
            sha256=row.sha256,
            created_at=row.created_at,
            url=attachment_url(settings, row.id),
        )


@strawberry.type(description="An email the system owes someone for an order.")
class Delivery:
    kind: DeliveryKind
    recipient: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    sent_at: dt.datetime | None


def _partner(info: Info, partner_id: int) -> Partner:
    return then(info.context.loaders.partners.get(partner_id), lambda pa: Partner.of(*pa))


def _user(info: Info, user_id: int) -> User:
    return then(info.context.loaders.users.get(user_id), User.of)


def _customer(info: Info, customer_id: int) -> Customer:
    return then(info.context.loaders.customers.get(customer_id), Customer.of)


def _deliveries(rows: list[models.Delivery]) -> list[Delivery]:
    return [
        Delivery(
            kind=d.kind,
            recipient=d.recipient,
            status=d.status,
            attempts=d.attempts,
            last_error=public_reason(d.last_error),
            sent_at=d.sent_at,
        )
        for d in rows
    ]


def _lines(snapshot: list[dict], currency: str) -> list[OrderLine]:
    return [OrderLine.from_snapshot(line, currency) for line in snapshot]


def _money(amount: Decimal, currency: str) -> Money:
    return Money(amount=amount, currency=currency)


def _summary(change: models.Order | models.Review, cost_change: Decimal) -> dict:
    """The fields an order and the review it came from show alike."""
    return {
        "seats_before": change.seats_before,
        "seats_after": change.seats_after,
        "monthly_cost_before": _money(change.monthly_cost_before, change.currency),
        "monthly_cost_after": _money(change.monthly_cost_after, change.currency),
        "monthly_cost_change": _money(cost_change, change.currency),
        "msa_reference": change.msa_reference,
    }


@strawberry.type(description="A change order: an immutable record of a customer before and after.")
class Order:
    model: strawberry.Private[models.Order]
    id: strawberry.ID
    number: str
    status: OrderStatus
    submitted_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None
    seats_before: int
    seats_after: int
    monthly_cost_before: Money
    monthly_cost_after: Money
    monthly_cost_change: Money
    msa_reference: str

    @classmethod
    def of(cls, o: models.Order) -> Order:
        """Plain fields are set here, so the executor reads attributes instead of calling resolvers."""
        return cls(
            model=o,
            id=strawberry.ID(encode_id("Order", o.id)),
            number=o.number,
            status=o.status,
            submitted_at=o.submitted_at,
            updated_at=o.updated_at,
            completed_at=o.completed_at,
            **_summary(o, o.monthly_cost_change),
        )

    @strawberry.field
    def partner(self, info: Info) -> Partner:
        return _partner(info, self.model.partner_id)

    @strawberry.field
    def customer(self, info: Info) -> Customer:
        return _customer(info, self.model.customer_id)

    @strawberry.field
    def submitted_by(self, info: Info) -> User:
        return _user(info, self.model.submitted_by_id)

    @strawberry.field
    def implementation_lead(self, info: Info) -> User:
        return _user(info, self.model.implementation_lead_id)

    @strawberry.field
    def lines_before(self, info: Info) -> list[OrderLine]:
        return then(self._snapshots(info), lambda lines: _lines(lines[0], self.model.currency))

    @strawberry.field
    def lines_after(self, info: Info) -> list[OrderLine]:
        return then(self._snapshots(info), lambda lines: _lines(lines[1], self.model.currency))

    def _snapshots(self, info: Info):
        """The line snapshots; orders listed under a customer are loaded without them."""
        if "lines_before" in self.model.__dict__:
            return (self.model.lines_before, self.model.lines_after)
        return info.context.loaders.line_snapshots.get(self.model.id)

    @strawberry.field(description="The order addendum PDF, once rendered.")
    def addendum(self, info: Info) -> Attachment | None:
        settings = info.context.settings
        return then(
            info.context.loaders.addenda.get(self.model.id),
            lambda row: Attachment.of(row, settings) if row else None,
        )

    @strawberry.field
    def deliveries(self, info: Info) -> list[Delivery]:
        return then(info.context.loaders.deliveries.get(self.model.id), _deliveries)


@strawberry.type
class OrderEdge:
    cursor: str
    node: Order


@strawberry.type
class OrderConnection:
    page: strawberry.Private[Page]
    nodes: list[Order]
    page_info: PageInfo

    @strawberry.field
    def edges(self) -> list[OrderEdge]:
        cursor_of = self.page.cursor_of
        return [OrderEdge(cursor=cursor_of(n.model), node=n) for n in self.nodes]

    @classmethod
    def of(cls, page: Page) -> OrderConnection:
        return cls(
            page=page,
            nodes=[Order.of(o) for o in page.items],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
        )


@strawberry.input(description="Narrows `orders`; all given conditions apply.")
class OrderFilter:
    status: list[OrderStatus] | None = None
    customer_id: strawberry.ID | None = None
    updated_since: dt.datetime | None = strawberry.field(
        default=None, description="Orders changed at or after this instant."
    )
    submitted_from: dt.datetime | None = strawberry.field(
        default=None, description="Orders submitted at or after this instant."
    )
    submitted_to: dt.datetime | None = strawberry.field(
        default=None, description="Orders submitted before this instant (exclusive)."
    )


@strawberry.type(description="A stored quote: exactly what an order from it will record.")
class UpgradeReview:
    model: strawberry.Private[models.Review]
    id: strawberry.ID
    expires_at: dt.datetime = strawberry.field(
        description="After this instant the review can no longer be submitted."
    )
    seats_before: int
    seats_after: int
    monthly_cost_before: Money
    monthly_cost_after: Money
    monthly_cost_change: Money
    msa_reference: str

    @classmethod
    def of(cls, r: models.Review) -> UpgradeReview:
        return cls(
            model=r,
            id=strawberry.ID(encode_id("Review", r.id)),
            expires_at=r.expires_at,
            **_summary(r, r.monthly_cost_after - r.monthly_cost_before),
        )

    @strawberry.field
    def customer(self, info: Info) -> Customer:
        return _customer(info, self.model.customer_id)

    @strawberry.field
    def lines_before(self) -> list[OrderLine]:
        return _lines(self.model.lines_before, self.model.currency)

    @strawberry.field
    def lines_after(self) -> list[OrderLine]:
        return _lines(self.model.lines_after, self.model.currency)

    @strawberry.field
    def implementation_lead(self, info: Info) -> User:
        return _user(info, self.model.implementation_lead_id)
