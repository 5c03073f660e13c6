"""Shared types: money, page info, enums and the error type every mutation payload carries."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from .. import models
from ..models.lines import LineSnapshot
from ..ordering.errors import ErrorCode as DomainErrorCode
from ..ordering.errors import UserError as DomainUserError

ProductKind = strawberry.enum(models.ProductKind, name="ProductKind")
UserRole = strawberry.enum(models.UserRole, name="UserRole")
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
    has_next_page: bool
    end_cursor: str | None


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
            kind=models.ProductKind(line.kind),
            seats=line.seats,
            unit_price=Money.of(line.unit_price),
            monthly_amount=Money.of(line.monthly_amount),
        )

    @classmethod
    def from_snapshot(cls, data: dict, currency: str) -> OrderLine:
        line = LineSnapshot.from_json(data)
        return cls(
            sku=line.sku,
            name=line.name,
            kind=line.kind,
            seats=line.seats,
            unit_price=Money(amount=line.unit_price, currency=currency),
            monthly_amount=Money(amount=line.monthly_amount, currency=currency),
        )


def money(amount: Decimal, currency: str) -> Money:
    return Money(amount=amount, currency=currency)
