"""Shared types: money, connections, enums and the error type every mutation payload carries."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Generic, Self, TypeVar

import strawberry

from .. import models
from ..models.lines import LineSnapshot
from ..ordering.errors import ErrorCode as DomainErrorCode
from ..ordering.errors import UserError as DomainUserError
from ..resolvers.pagination import Page

ProductKind = strawberry.enum(models.ProductKind, name="ProductKind")
_KINDS = {kind.value: kind for kind in models.ProductKind}  # a member or its value: its member
UserRole = strawberry.enum(models.UserRole, name="UserRole")
UserStatus = strawberry.enum(
    models.UserStatus,
    name="UserStatus",
    description="INVITED until the user chooses a password; DEACTIVATED users have no access.",
)
CustomerStatus = strawberry.enum(models.CustomerStatus, name="CustomerStatus")
OrderStatus = strawberry.enum(models.OrderStatus, name="OrderStatus")
DeliveryKind = strawberry.enum(models.DeliveryKind, name="DeliveryKind")
DeliveryStatus = strawberry.enum(models.DeliveryStatus, name="DeliveryStatus")
PrimaryProductMode = strawberry.enum(models.PrimaryProductMode, name="PrimaryProductMode")
ErrorCode = strawberry.enum(
    DomainErrorCode, name="ErrorCode", description="What went wrong, for clients to switch on."
)


@strawberry.type(description="An amount of money in a currency; the amount is a decimal string.")
class Money:
    amount: Decimal
    currency: str

    @classmethod
    def of(cls, money) -> Money:
        return cls(amount=money.amount, currency=money.currency)


@strawberry.type
class PageInfo:
    page: strawberry.Private[Page]
    has_next_page: bool
    has_previous_page: bool = strawberry.field(
        description=(
            "Rows come before this page: it was asked for `after` a cursor, or with `last` and more remain."
        )
    )

    # made only when asked: the orders listed under each customer of a page rarely are
    @strawberry.field
    def end_cursor(self) -> str | None:
        return self.page.end_cursor

    @strawberry.field(description="The first row's cursor: `before` it is the page in front of this one.")
    def start_cursor(self) -> str | None:
        return self.page.start_cursor


T = TypeVar("T")


@strawberry.type
class Edge(Generic[T]):
    cursor: str
    node: T


@strawberry.type
class Connection(Generic[T]):
    """A page of nodes; `Connection[Customer]` is the schema's `CustomerConnection`."""

    page: strawberry.Private[Page]
    nodes: list[T]
    page_info: PageInfo

    @strawberry.field
    def edges(self) -> list[Edge[T]]:
        cursor_of = self.page.cursor_of
        return [
            Edge(cursor=cursor_of(row), node=n) for row, n in zip(self.page.items, self.nodes, strict=True)
        ]

    @classmethod
    def of(cls, page: Page, node_of: Callable[[Any], T], **more: Any) -> Self:
        """The page's rows as nodes, each made by `node_of`; `more` fills a subclass's own fields."""
        return cls(
            page=page,
            nodes=[node_of(row) for row in page.items],
            page_info=PageInfo(
                page=page, has_next_page=page.has_next_page, has_previous_page=bool(page.has_previous_page)
            ),
            **more,
        )


@strawberry.type(description="A problem with the input that the caller can fix.")
class UserError:
    code: ErrorCode
    message: str
    field: list[str] | None = strawberry.field(
        description='Path to the input field at fault, e.g. ["input", "seatAdjustment"].'
    )

    @classmethod
    def of(cls, error: DomainUserError) -> UserError:
        return cls(code=error.code, message=error.message, field=list(error.field) if error.field else None)


@strawberry.type(description="A product line: seats at a contracted unit price, and the monthly amount.")
class OrderLine:
    sku: str
    name: str
    kind: ProductKind
    seats: int
    unit_price: Money
    monthly_amount: Money

    @classmethod
    def of(cls, line) -> OrderLine:
        return cls(
            sku=line.sku,
            name=line.name,
            kind=_KINDS.get(line.kind) or models.ProductKind(line.kind),
            seats=line.seats,
            unit_price=Money.of(line.unit_price),
            monthly_amount=Money.of(line.monthly_amount),
        )

    @classmethod
    def from_snapshot(cls, data: dict, currency: str) -> OrderLine:
        sku, name, kind, seats, unit_price, monthly_amount = LineSnapshot.read(data)
        return cls(
            sku=sku,
            name=name,
            kind=kind,
            seats=seats,
            unit_price=Money(amount=unit_price, currency=currency),
            monthly_amount=Money(amount=monthly_amount, currency=currency),
        )


@strawberry.type(
    description="One change to an existing product or a new one: negative seats for what is given up."
)
class ChangeLine(OrderLine):
    """An `OrderLine` with signed seats and amount, made with `ChangeLine.of(pricing.Line)`."""

    monthly_amount: Money = strawberry.field(
        description="Signed; the change lines of a review or order add up to its monthlyCostChange."
    )
