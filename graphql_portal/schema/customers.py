"""Customers: what they hold, at what cost, and what may change.

A customer lists its orders and an order names its customer, so the full `Customer` type is
completed beside `Order` in schema/orders.py; everything else a customer shows is here.
"""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from .. import models
from ..ids import encode_id
from ..models.rows import CustomerRow
from ..resolvers.deferred import Maybe, then
from ..resolvers.loaders import PricedCustomer
from .attachments import Attachment
from .catalog import ChangeOptions, Product, SwitchOption
from .common import CustomerStatus, Money, OrderLine
from .partners import User, user_of


@strawberry.type(description="Whether the customer may be changed now, and if not, why.")
class Eligibility:
    eligible: bool
    reason: str | None


@strawberry.type
class CustomerFields:
    """A customer's fields but its orders."""

    model: strawberry.Private[models.Customer | CustomerRow]
    id: strawberry.ID
    name: str
    account_code: str
    status: CustomerStatus
    seats: int

    # On a customers page whose selection of the orders asks only what a list shows, the `first`
    # those orders were primed with (`priming.prime_customers`): `orders(first:)` with that
    # argument reads them from there. Only the page's own customers carry it.
    listed_orders: strawberry.Private[int | None] = None

    @classmethod
    def of(cls, model: models.Customer | CustomerRow, listed_orders: int | None = None):
        """Plain fields are set here, so the executor reads attributes instead of calling resolvers."""
        return cls(
            listed_orders=listed_orders,
            model=model,
            id=strawberry.ID(encode_id("Customer", model.id)),
            name=model.name,
            account_code=model.account_code,
            status=model.status,
            seats=model.seats,
        )

    # The fields below are synchronous: they answer at once when the page primed their data
    # (see resolvers.priming.prime_customers) and return an awaitable otherwise.

    @strawberry.field(description="What it holds today, priced at the partner's contracted prices.")
    def lines(self, info: Info) -> list[OrderLine]:
        # The priced lines as they are: `pricing.Line` and its `Money` have exactly the fields
        # `OrderLine` and `Money` show (sku, name, kind, seats, unit price and amount; amount
        # and currency), so a page does not copy them into new objects.
        return then(_priced(info, self.model), lambda p: p.lines)

    @strawberry.field(description="Seats times the sum of the contracted unit prices of what it holds.")
    def monthly_cost(self, info: Info) -> Money:
        return then(_priced(info, self.model), lambda p: p.monthly_cost)

    @strawberry.field
    def implementation_lead(self, info: Info) -> User | None:
        if self.model.implementation_lead_id is None:
            return None
        return user_of(info.context, self.model.implementation_lead_id)

    @strawberry.field
    def eligibility(self, info: Info) -> Eligibility:
        return then(
            _priced(info, self.model),
            lambda p: Eligibility(eligible=p.eligibility.eligible, reason=p.eligibility.reason),
        )

    @strawberry.field
    def change_options(self, info: Info) -> ChangeOptions:
        return then(_priced(info, self.model), _change_options)

    @strawberry.field(
        description="The Attachments area: addenda and any other file on the record, newest first."
    )
    def attachments(self, info: Info) -> list[Attachment]:
        context = info.context
        return then(
            context.loaders.attachments.get(self.model.id),
            lambda rows: [Attachment.of(r, context.download_url(r.id)) for r in rows],
        )


def _priced(info: Info, model: models.Customer | CustomerRow) -> Maybe[PricedCustomer]:
    return info.context.loaders.priced_customers.get(model)


def _change_options(p: PricedCustomer) -> ChangeOptions:
    options = p.pricing.change_options(p.skus)
    return ChangeOptions(
        add_to=[Product.of(x, p.pricing) for x in options.add_to],
        select_new=[
            SwitchOption(from_=Product.of(a, p.pricing), to=Product.of(b, p.pricing))
            for a, b in options.select_new
        ],
        addons=[Product.of(x, p.pricing) for x in options.addons],
    )
