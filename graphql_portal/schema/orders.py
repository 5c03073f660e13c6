"""Orders, their deliveries and attachments, and reviews (quotes)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from strawberry.types import Info

from .. import models
from ..ids import encode_id
from ..resolvers.attachments import attachment_url
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
    def of(cls, row: models.Attachment, settings) -> Attachment:
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


async def _partner(info: Info, partner_id: int) -> Partner:
    partner, agreement = await info.context.loaders.partners.load(partner_id)
    return Partner.of(partner, agreement)


async def _user(info: Info, user_id: int) -> User:
    return User.of(await info.context.loaders.users.load(user_id))


async def _customer(info: Info, customer_id: int) -> Customer:
    return Customer(model=await info.context.loaders.customers.load(customer_id))


def _lines(snapshot: list[dict], currency: str) -> list[OrderLine]:
    return [OrderLine.from_snapshot(line, currency) for line in snapshot]


def _money(amount: Decimal, currency: str) -> Money:
    return Money(amount=amount, currency=currency)


@strawberry.type(description="A change order: an immutable record of a customer before and after.")
class Order:
    model: strawberry.Private[models.Order]

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id("Order", self.model.id))

    @strawberry.field
    def number(self) -> str:
        return self.model.number

    @strawberry.field
    def status(self) -> OrderStatus:
        return self.model.status

    @strawberry.field
    async def partner(self, info: Info) -> Partner:
        return await _partner(info, self.model.partner_id)

    @strawberry.field
    async def customer(self, info: Info) -> Customer:
        return await _customer(info, self.model.customer_id)

    @strawberry.field
    async def submitted_by(self, info: Info) -> User:
        return await _user(info, self.model.submitted_by_id)

    @strawberry.field
    async def implementation_lead(self, info: Info) -> User:
        return await _user(info, self.model.implementation_lead_id)

    @strawberry.field
    def submitted_at(self) -> dt.datetime:
        return self.model.submitted_at

    @strawberry.field
    def updated_at(self) -> dt.datetime:
        return self.model.updated_at

    @strawberry.field
    def completed_at(self) -> dt.datetime | None:
        return self.model.completed_at

    @strawberry.field
    def seats_before(self) -> int:
        return self.model.seats_before

    @strawberry.field
    def seats_after(self) -> int:
        return self.model.seats_after

    @strawberry.field
    def lines_before(self) -> list[OrderLine]:
        return _lines(self.model.lines_before, self.model.currency)

    @strawberry.field
    def lines_after(self) -> list[OrderLine]:
        return _lines(self.model.lines_after, self.model.currency)

    @strawberry.field
    def monthly_cost_before(self) -> Money:
        return _money(self.model.monthly_cost_before, self.model.currency)

    @strawberry.field
    def monthly_cost_after(self) -> Money:
        return _money(self.model.monthly_cost_after, self.model.currency)

    @strawberry.field
    def monthly_cost_change(self) -> Money:
        return _money(self.model.monthly_cost_change, self.model.currency)

    @strawberry.field
    def msa_reference(self) -> str:
        return self.model.msa_reference

    @strawberry.field(description="The order addendum PDF, once rendered.")
    async def addendum(self, info: Info) -> Attachment | None:
        row = await info.context.loaders.addenda.load(self.model.id)
        return Attachment.of(row, info.context.settings) if row else None

    @strawberry.field
    async def deliveries(self, info: Info) -> list[Delivery]:
        rows = await info.context.loaders.deliveries.load(self.model.id)
        return [
            Delivery(
                kind=d.kind,
                recipient=d.recipient,
                status=d.status,
                attempts=d.attempts,
                last_error=d.last_error,
                sent_at=d.sent_at,
            )
            for d in rows
        ]


@strawberry.type
class OrderEdge:
    cursor: str
    node: Order


@strawberry.type
class OrderConnection:
    edges: list[OrderEdge]
    nodes: list[Order]
    page_info: PageInfo

    @classmethod
    def of(cls, page: Page) -> OrderConnection:
        nodes = [Order(model=o) for o in page.items]
        return cls(
            edges=[OrderEdge(cursor=c, node=n) for c, n in zip(page.cursors, nodes, strict=True)],
            nodes=nodes,
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

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id("Review", self.model.id))

    @strawberry.field
    async def customer(self, info: Info) -> Customer:
        return await _customer(info, self.model.customer_id)

    @strawberry.field(description="After this instant the review can no longer be submitted.")
    def expires_at(self) -> dt.datetime:
        return self.model.expires_at

    @strawberry.field
    def seats_before(self) -> int:
        return self.model.seats_before

    @strawberry.field
    def seats_after(self) -> int:
        return self.model.seats_after

    @strawberry.field
    def lines_before(self) -> list[OrderLine]:
        return _lines(self.model.lines_before, self.model.currency)

    @strawberry.field
    def lines_after(self) -> list[OrderLine]:
        return _lines(self.model.lines_after, self.model.currency)

    @strawberry.field
    def monthly_cost_before(self) -> Money:
        return _money(self.model.monthly_cost_before, self.model.currency)

    @strawberry.field
    def monthly_cost_after(self) -> Money:
        return _money(self.model.monthly_cost_after, self.model.currency)

    @strawberry.field
    def monthly_cost_change(self) -> Money:
        return _money(self.model.monthly_cost_after - self.model.monthly_cost_before, self.model.currency)

    @strawberry.field
    def msa_reference(self) -> str:
        return self.model.msa_reference

    @strawberry.field
    async def implementation_lead(self, info: Info) -> User:
        return await _user(info, self.model.implementation_lead_id)
