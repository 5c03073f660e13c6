"""Customers: what they hold, at what cost, and what may change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from .. import models
from ..ids import encode_id
from ..resolvers.deferred import Maybe, then
from ..resolvers.loaders import PricedCustomer
from ..resolvers.orders import customer_orders_page
from ..resolvers.pagination import Page
from .catalog import ChangeOptions, Product, SwitchOption
from .common import CustomerStatus, Money, OrderLine, PageInfo
from .partners import User

if TYPE_CHECKING:
    from .orders import Attachment, OrderConnection


@strawberry.type(description="Whether the customer may be changed now, and if not, why.")
class Eligibility:
    eligible: bool
    reason: str | None


@strawberry.type(description="A customer of the caller's partner.")
class Customer:
    model: strawberry.Private[models.Customer]
    id: strawberry.ID
    name: str
    account_code: str
    status: CustomerStatus
    seats: int

    @classmethod
    def of(cls, model: models.Customer) -> Customer:
        """Plain fields are set here, so the executor reads attributes instead of calling resolvers."""
        return cls(
            model=model,
            id=strawberry.ID(encode_id("Customer", model.id)),
            name=model.name,
            account_code=model.account_code,
            status=model.status,
            seats=model.seats,
        )

    # The fields below are synchronous: they answer at once when the page primed their data
    # (see resolvers.customers.prime_customers) and return an awaitable otherwise.

    @strawberry.field(description="What it holds today, priced at the partner's contracted prices.")
    def lines(self, info: Info) -> list[OrderLine]:
        return then(_priced(info, self.model), lambda p: [OrderLine.of(line) for line in p.lines])

    @strawberry.field(description="Seats times the sum of the contracted unit prices of what it holds.")
    def monthly_cost(self, info: Info) -> Money:
        return then(_priced(info, self.model), lambda p: Money.of(p.monthly_cost))

    @strawberry.field
    def implementation_lead(self, info: Info) -> User | None:
        if self.model.implementation_lead_id is None:
            return None
        return then(
            info.context.loaders.users.get(self.model.implementation_lead_id),
            lambda u: User.of(u) if u else None,
        )

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
    def attachments(
        self, info: Info
    ) -> list[Annotated[Attachment, strawberry.lazy("graphql_portal.schema.orders")]]:
        from .orders import Attachment

        settings = info.context.settings
        return then(
            info.context.loaders.attachments.get(self.model.id),
            lambda rows: [Attachment.of(r, settings) for r in rows],
        )

    @strawberry.field(description="The customer's orders, newest first.")
    def orders(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Annotated[OrderConnection, strawberry.lazy("graphql_portal.schema.orders")]:
        from .orders import OrderConnection

        first = 20 if first is None else first
        return then(customer_orders_page(info.context, self.model.id, first, after), OrderConnection.of)


def _priced(info: Info, model: models.Customer) -> Maybe[PricedCustomer]:
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


@strawberry.type
class CustomerEdge:
    cursor: str
    node: Customer


@strawberry.type
class CustomerConnection:
    page: strawberry.Private[Page]
    nodes: list[Customer]
    page_info: PageInfo
    total_count: int

    @strawberry.field
    def edges(self) -> list[CustomerEdge]:
        cursor_of = self.page.cursor_of
        return [CustomerEdge(cursor=cursor_of(n.model), node=n) for n in self.nodes]

    @classmethod
    def of(cls, page: Page) -> CustomerConnection:
        return cls(
            page=page,
            nodes=[Customer.of(c) for c in page.items],
            page_info=PageInfo(has_next_page=page.has_next_page, end_cursor=page.end_cursor),
            total_count=page.total_count or 0,
        )
