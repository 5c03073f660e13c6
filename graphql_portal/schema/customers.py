"""Customers: what they hold, at what cost, and what may change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from .. import models
from ..ids import encode_id
from ..resolvers.customers import priced
from ..resolvers.orders import customer_orders_page
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

    @strawberry.field
    def id(self) -> strawberry.ID:
        return strawberry.ID(encode_id("Customer", self.model.id))

    @strawberry.field
    def name(self) -> str:
        return self.model.name

    @strawberry.field
    def account_code(self) -> str:
        return self.model.account_code

    @strawberry.field
    def status(self) -> CustomerStatus:
        return self.model.status

    @strawberry.field
    def seats(self) -> int:
        return self.model.seats

    @strawberry.field(description="What it holds today, priced at the partner's contracted prices.")
    async def lines(self, info: Info) -> list[OrderLine]:
        return [OrderLine.of(line) for line in (await priced(info.context, self.model)).lines]

    @strawberry.field(description="Seats times the sum of the contracted unit prices of what it holds.")
    async def monthly_cost(self, info: Info) -> Money:
        return Money.of((await priced(info.context, self.model)).monthly_cost)

    @strawberry.field
    async def implementation_lead(self, info: Info) -> User | None:
        if self.model.implementation_lead_id is None:
            return None
        user = await info.context.loaders.users.load(self.model.implementation_lead_id)
        return User.of(user) if user else None

    @strawberry.field
    async def eligibility(self, info: Info) -> Eligibility:
        result = (await priced(info.context, self.model)).eligibility
        return Eligibility(eligible=result.eligible, reason=result.reason)

    @strawberry.field
    async def change_options(self, info: Info) -> ChangeOptions:
        p = await priced(info.context, self.model)
        options = p.pricing.change_options(p.skus)
        return ChangeOptions(
            add_to=[Product.of(x, p.pricing) for x in options.add_to],
            select_new=[
                SwitchOption(from_=Product.of(a, p.pricing), to=Product.of(b, p.pricing))
                for a, b in options.select_new
            ],
            addons=[Product.of(x, p.pricing) for x in options.addons],
        )

    @strawberry.field(
        description="The Attachments area: addenda and any other file on the record, newest first."
    )
    async def attachments(
        self, info: Info
    ) -> list[Annotated[Attachment, strawberry.lazy("graphql_portal.schema.orders")]]:
        from .orders import Attachment

        rows = await info.context.loaders.attachments.load(self.model.id)
        return [Attachment.of(row, info.context.settings) for row in rows]

    @strawberry.field(description="The customer's orders, newest first.")
    async def orders(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Annotated[OrderConnection, strawberry.lazy("graphql_portal.schema.orders")]:
        first = 20 if first is None else first
        from .orders import OrderConnection

        page = await customer_orders_page(info.context, self.model.id, first, after)
        return OrderConnection.of(page)


@strawberry.type
class CustomerEdge:
    cursor: str
    node: Customer


@strawberry.type
class CustomerConnection:
    edges: list[CustomerEdge]
    nodes: list[Customer]
    page_info: PageInfo
    total_count: int
