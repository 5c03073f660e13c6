"""The root query."""

from __future__ import annotations

from functools import partial

import strawberry
from strawberry.types import Info

from ..resolvers.customers import (
    CUSTOMERS_CAP,
    DEFAULT_CUSTOMER_SORT,
    CustomerSortValues,
    customer_by_id,
    customers_page,
)
from ..resolvers.lookahead import connection_nodes
from ..resolvers.orders import (
    ORDERS_CAP,
    OrderFilterValues,
    OrderSortValues,
    SortDirection,
    order_by_id,
    orders_page,
    review_by_id,
)
from ..resolvers.priming import prime_customers, prime_orders
from ..resolvers.upgrades import preview_requested_upgrade
from ..resolvers.users import USERS_CAP, users_page
from .catalog import Product
from .common import Connection
from .events import EventQueries
from .mutations import UpgradeInput, upgrade_request
from .orders import (
    Customer,
    CustomerConnection,
    CustomerSort,
    Order,
    OrderConnection,
    OrderFilter,
    OrderSort,
    UpgradePreview,
    UpgradeReview,
)
from .partners import Partner, User, Viewer, ViewerKind


@strawberry.type
class Query(EventQueries):
    @strawberry.field(description="Who the token belongs to.")
    async def viewer(self, info: Info) -> Viewer:
        principal = info.context.principal
        if principal.is_reconciliation:
            return Viewer(kind=ViewerKind.RECONCILIATION, user=None, partner=None)
        partner = await info.context.loaders.partners.load(principal.partner_id)
        return Viewer(kind=ViewerKind.PARTNER_USER, user=User.of(principal.user), partner=Partner.of(partner))

    @strawberry.field(
        description=(
            "The caller's partner's customers, by name then id, or as `orderBy` says (a cursor belongs "
            "to its ordering); search matches name or account code. "
            f"`first`: default 50, at most {CUSTOMERS_CAP}."
        )
    )
    async def customers(
        self,
        info: Info,
        first: int | None = 50,
        after: str | None = None,
        search: str | None = None,
        order_by: CustomerSort | None = None,
    ) -> CustomerConnection:
        first = 50 if first is None else first
        sort = DEFAULT_CUSTOMER_SORT
        if order_by is not None:
            sort = CustomerSortValues(order_by.field, order_by.direction is SortDirection.DESC)
        page = await customers_page(info.context, first, after, search, sort)
        listed = await prime_customers(info.context, page.items, connection_nodes(info))
        node_of = Customer.of if listed is None else partial(Customer.of, listed_orders=listed)
        return CustomerConnection.of(page, node_of, total_count=page.total_count or 0)

    @strawberry.field(description="Null when it does not exist or belongs to another partner.")
    async def customer(self, info: Info, id: strawberry.ID) -> Customer | None:
        model = await customer_by_id(info.context, id)
        return Customer.of(model) if model else None

    @strawberry.field(
        description=(
            "Users of the caller's partner: the choices for implementation lead. "
            f"`first`: default 100, at most {USERS_CAP}."
        )
    )
    async def users(self, info: Info, first: int | None = 100, after: str | None = None) -> Connection[User]:
        first = 100 if first is None else first
        return Connection.of(await users_page(info.context, first, after), User.of)

    @strawberry.field(description="Products of the current price list with the caller's contracted prices.")
    async def catalog(self, info: Info) -> list[Product]:
        pricing = await info.context.loaders.pricing.load(info.context.partner_id())
        return [Product.of(p.product, pricing) for p in pricing.catalog()]

    @strawberry.field(
        description=(
            "Orders visible to the caller, ordered by updatedAt, then id (stable for incremental sync), "
            "or as `orderBy` says: `{field: SUBMITTED_AT, direction: DESC}` lists newest first, ties in "
            "submittedAt by id, descending. A cursor belongs to its ordering: `after` from another "
            "ordering is refused (BAD_USER_INPUT). `last` and `before` page backwards in the same "
            "ordering: the `last` orders before the cursor, or at the end of the list without one "
            f"(`first` is then not read; `last` at most {ORDERS_CAP}). "
            f"`first`: default 100, at most {ORDERS_CAP}."
        )
    )
    async def orders(
        self,
        info: Info,
        first: int | None = 100,
        after: str | None = None,
        filter: OrderFilter | None = None,
        order_by: OrderSort | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> OrderConnection:
        first = 100 if first is None else first
        sort = OrderSortValues() if order_by is None else OrderSortValues(order_by.field, order_by.direction)
        values = None
        if filter is not None:
            values = OrderFilterValues(
                status=filter.status,
                customer_id=filter.customer_id,
                updated_since=filter.updated_since,
                submitted_from=filter.submitted_from,
                submitted_to=filter.submitted_to,
                partner_reference=filter.partner_reference,
                customer_search=filter.customer_search,
            )
        page = await orders_page(info.context, first, after, values, sort, last=last, before=before)
        await prime_orders(info.context, page.items, connection_nodes(info))
        return OrderConnection.of(page, Order.of)

    @strawberry.field(description="Null when it does not exist or is not visible to the caller.")
    async def order(self, info: Info, id: strawberry.ID) -> Order | None:
        model = await order_by_id(info.context, id)
        return Order.of(model) if model else None

    @strawberry.field(
        description=(
            "A review of the caller's partner, expired or not, to show again before submitting; "
            "null when it does not exist or belongs to another partner."
        )
    )
    async def upgrade_review(self, info: Info, id: strawberry.ID) -> UpgradeReview | None:
        model = await review_by_id(info.context, id)
        return UpgradeReview.of(model) if model else None

    @strawberry.field(
        description=(
            "Price a change without storing anything (roles ADMIN, ORDERING): "
            "the running total while editing."
        )
    )
    async def upgrade_preview(self, info: Info, input: UpgradeInput) -> UpgradePreview:
        return UpgradePreview.of(await preview_requested_upgrade(info.context, upgrade_request(input)))
