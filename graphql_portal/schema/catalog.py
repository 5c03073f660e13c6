"""Products priced for the caller, and the change options of a customer."""

from __future__ import annotations

import strawberry

from .common import Money, ProductKind


@strawberry.type(
    description="A product with its list price and the caller's contracted price, per seat and month."
)
class Product:
    sku: str
    name: str
    kind: ProductKind
    list_unit_price: Money
    contracted_unit_price: Money
    min_seats: int
    max_seats: int

    @classmethod
    def of(cls, product, pricing) -> Product:
        """`product` is a catalog model; prices come from the partner's pricing context."""
        contracted = pricing.unit_price(product.sku)
        listed = pricing.list_price(product.sku) or contracted
        return cls(
            sku=product.sku,
            name=product.name,
            kind=product.kind,
            list_unit_price=Money.of(listed),
            contracted_unit_price=Money.of(contracted),
            min_seats=product.min_seats,
            max_seats=product.max_seats,
        )


@strawberry.type(description="A held primary and a primary it may be replaced by.")
class SwitchOption:
    from_: Product = strawberry.field(name="from")
    to: Product


@strawberry.type(description="What may be ordered for a customer today.")
class ChangeOptions:
    add_to: list[Product] = strawberry.field(
        description="Primaries that may be added beside a held one (mode ADD_TO)."
    )
    select_new: list[SwitchOption] = strawberry.field(
        description="Held primaries and what each may be replaced by (mode SELECT_NEW)."
    )
    addons: list[Product] = strawberry.field(
        description="Add-ons enabled for the partner and attachable to a held primary, not held yet."
    )
