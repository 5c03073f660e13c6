"""Orders and reviews (quotes), their deliveries, and the customer type that lists its orders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import strawberry
from strawberry.types import Info

from .. import models
from ..ids import encode_id
from ..models.rows import OrderRow
from ..resolvers import customers as customer_lists
from ..resolvers import orders as order_lists
from ..resolvers.deferred import Maybe, then
from ..resolvers.deliveries import order_deliveries
from ..resolvers.orders import (
    CUSTOMER_ORDERS_CAP,
    change_lines_of,
    customer_orders_page,
    pending_order_of,
    staleness_of,
    status_message_of,
)
from .attachments import Attachment
from .common import (
    ChangeLine,
    Connection,
    DeliveryKind,
    DeliveryStatus,
    Money,
    OrderLine,
    OrderStatus,
    UserError,
)
from .customers import CustomerFields
from .partners import Partner, User, user_of


@strawberry.type(description="An email the system owes someone for an order.")
class Delivery:
    kind: DeliveryKind
    recipient: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    sent_at: dt.datetime | None


def _deliveries(deliveries: list[tuple[models.Delivery, str | None]]) -> list[Delivery]:
    return [
        Delivery(
            kind=d.kind,
            recipient=d.recipient,
            status=d.status,
            attempts=d.attempts,
            last_error=reason,
            sent_at=d.sent_at,
        )
        for d, reason in deliveries
    ]


def _lines(snapshot: list[dict], currency: str) -> list[OrderLine]:
    return [OrderLine.from_snapshot(line, currency) for line in snapshot]


def _user(info: Info, user_id: int) -> User:
    return user_of(info.context, user_id)


@strawberry.type
class ChangeRecord:
    """What an order and the review it came from show alike: a customer before and after."""

    model: strawberry.Private[models.Order | OrderRow | models.Review]
    id: strawberry.ID
    seats_before: int
    seats_after: int
    monthly_cost_before: Money
    monthly_cost_after: Money
    monthly_cost_change: Money
    msa_reference: str
    partner_reference: str | None
    effective_on: dt.date
    prorated_charge: Money = strawberry.field(
        description=(
            "The change for the rest of effectiveOn's month, prorated by days; "
            "zero when effective on the 1st."
        )
    )

    @staticmethod
    def figures(change: models.Order | OrderRow | models.Review, cost_change: Decimal) -> dict:
        """The plain shared fields, set once so the executor reads attributes."""
        currency = change.currency
        return {
            "seats_before": change.seats_before,
            "seats_after": change.seats_after,
            "monthly_cost_before": Money(amount=change.monthly_cost_before, currency=currency),
            "monthly_cost_after": Money(amount=change.monthly_cost_after, currency=currency),
            "monthly_cost_change": Money(amount=cost_change, currency=currency),
            "msa_reference": change.msa_reference,
            "partner_reference": change.partner_reference,
            "effective_on": change.effective_on,
            "prorated_charge": Money(amount=change.prorated_charge, currency=currency),
        }

    @strawberry.field
    def customer(self, info: Info) -> Customer:
        context = info.context
        return context.made_once("Customer", self.model.customer_id, context.loaders.customers, Customer.of)

    @strawberry.field
    def implementation_lead(self, info: Info) -> User:
        return _user(info, self.model.implementation_lead_id)

    @strawberry.field
    def lines_before(self, info: Info) -> list[OrderLine]:
        return then(self._snapshots(info), lambda lines: _lines(lines[0], self.model.currency))

    @strawberry.field
    def lines_after(self, info: Info) -> list[OrderLine]:
        return then(self._snapshots(info), lambda lines: _lines(lines[1], self.model.currency))

    @strawberry.field(description="Signed change lines; they add up to monthlyCostChange.")
    def changes(self, info: Info) -> list[ChangeLine]:
        currency = self.model.currency
        return then(
            self._snapshots(info),
            lambda lines: [ChangeLine.of(line) for line in change_lines_of(lines[0], lines[1], currency)],
        )

    def _snapshots(self, info: Info) -> Maybe[tuple[list, list]]:
        """The line snapshots; orders listed under a customer are loaded without them."""
        model = self.model
        if isinstance(model, OrderRow):
            if model.lines_before is not None:
                return (model.lines_before, model.lines_after)
        elif "lines_before" in model.__dict__:
            return (model.lines_before, model.lines_after)
        return info.context.loaders.line_snapshots.get(model.id)


@strawberry.type(description="A change order: an immutable record of a customer before and after.")
class Order(ChangeRecord):
    model: strawberry.Private[models.Order | OrderRow]
    number: str
    status: OrderStatus
    submitted_at: dt.datetime
    updated_at: dt.datetime
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None

    @classmethod
    def of(cls, o: models.Order | OrderRow) -> Order:
        currency = o.currency
        return cls(
            model=o,
            id=strawberry.ID(encode_id("Order", o.id)),
            number=o.number,
            status=o.status,
            submitted_at=o.submitted_at,
            updated_at=o.updated_at,
            completed_at=o.completed_at,
            cancelled_at=o.cancelled_at,
            # the figures spelled out here rather than through `figures`: a page makes hundreds
            seats_before=o.seats_before,
            seats_after=o.seats_after,
            monthly_cost_before=Money(amount=o.monthly_cost_before, currency=currency),
            monthly_cost_after=Money(amount=o.monthly_cost_after, currency=currency),
            monthly_cost_change=Money(amount=o.monthly_cost_change, currency=currency),
            msa_reference=o.msa_reference,
            partner_reference=o.partner_reference,
            effective_on=o.effective_on,
            prorated_charge=Money(amount=o.prorated_charge, currency=currency),
        )

    @classmethod
    def listed(cls, o: OrderRow) -> Order:
        """An order read with only the listed columns (`loaders.LISTED_ORDER_COLUMNS`): the
        fields its selection does not ask for (`LISTED_ORDER_FIELDS`) are left None."""
        n = None
        return cls(
            model=o,
            id=strawberry.ID(encode_id("Order", o.id)),
            number=o.number,
            status=o.status,
            submitted_at=o.submitted_at,
            monthly_cost_change=Money(amount=o.monthly_cost_change, currency=o.currency),
            updated_at=n, completed_at=n, cancelled_at=n, seats_before=n, seats_after=n,
            monthly_cost_before=n, monthly_cost_after=n, msa_reference=n, partner_reference=n,
            effective_on=n, prorated_charge=n,
        )  # fmt: skip

    @strawberry.field(
        description=(
            "Where the order stands now, in a sentence (submitUpgrade's message): "
            "when it needs attention, it says why."
        )
    )
    def status_message(self) -> str:
        return status_message_of(self.model)

    @strawberry.field
    def partner(self, info: Info) -> Partner:
        context = info.context
        return context.made_once("Partner", self.model.partner_id, context.loaders.partners, Partner.of)

    @strawberry.field
    def submitted_by(self, info: Info) -> User:
        return _user(info, self.model.submitted_by_id)

    @strawberry.field(description="The order addendum PDF, once rendered.")
    def addendum(self, info: Info) -> Attachment | None:
        context = info.context
        return then(
            context.loaders.addenda.get(self.model.id),
            lambda row: (
                Attachment.of(row, context.download_url(row.id), voided_at=self.model.cancelled_at)
                if row
                else None
            ),
        )

    @strawberry.field
    def deliveries(self, info: Info) -> list[Delivery]:
        return then(order_deliveries(info.context, self.model.id), _deliveries)


@strawberry.type(description="A stored quote: exactly what an order from it will record.")
class UpgradeReview(ChangeRecord):
    model: strawberry.Private[models.Review]
    expires_at: dt.datetime = strawberry.field(
        description="After this instant the review can no longer be submitted."
    )

    @classmethod
    def of(cls, r: models.Review) -> UpgradeReview:
        return cls(
            model=r,
            id=strawberry.ID(encode_id("Review", r.id)),
            expires_at=r.expires_at,
            **cls.figures(r, r.monthly_cost_after - r.monthly_cost_before),
        )

    @strawberry.field(description="The partner user who asked for the review.")
    def created_by(self, info: Info) -> User:
        return _user(info, self.model.created_by_id)

    @strawberry.field(
        description="The customer changed after this review was priced: submitting it would be REVIEW_STALE."
    )
    async def stale(self, info: Info) -> bool:
        return (await staleness_of(info.context, self.model)).stale

    @strawberry.field(
        description="The order that changed the customer since, when an order did; null otherwise."
    )
    async def changed_by(self, info: Info) -> Order | None:
        order = (await staleness_of(info.context, self.model)).changed_by
        return Order.of(order) if order else None


@strawberry.type(description="A customer of the caller's partner.")
class Customer(CustomerFields):
    @strawberry.field(
        description=(
            f"The customer's orders, newest first. `first`: default 20, at most {CUSTOMER_ORDERS_CAP}."
        )
    )
    def orders(self, info: Info, first: int | None = 20, after: str | None = None) -> OrderConnection:
        first = 20 if first is None else first
        listed = self.listed_orders == first and not after
        return then(
            customer_orders_page(info.context, self.model.id, first, after, listed=listed),
            lambda page: OrderConnection.of(page, Order.listed if listed else Order.of),
        )

    @strawberry.field(
        description=(
            "A submitted order whose effective date has not come yet; no other change is reviewed meanwhile."
        )
    )
    def pending_order(self, info: Info) -> Order | None:
        return then(pending_order_of(info.context, self.model.id), lambda o: Order.of(o) if o else None)


@strawberry.type
class CustomerConnection(Connection[Customer]):
    total_count: int


@strawberry.type
class OrderConnection(Connection[Order]):
    @strawberry.field(description="All orders that match the filter, across pages.")
    async def total_count(self) -> int:
        return await self.page.count()


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
    partner_reference: str | None = strawberry.field(
        default=None, description="The partner's reference, ignoring case and surrounding spaces."
    )
    customer_search: str | None = strawberry.field(
        default=None, description="Customer name or account code, as customers(search:) matches them."
    )


OrderSortField = strawberry.enum(
    order_lists.OrderSortField,
    name="OrderSortField",
    description="What `orders` is sorted by; ties are broken by the order's id, in the same direction.",
)
SortDirection = strawberry.enum(
    order_lists.SortDirection, name="SortDirection", description="Ascending (oldest first) or descending."
)


@strawberry.input(
    description="How `orders` is sorted: `{field: SUBMITTED_AT, direction: DESC}` is newest first."
)
class OrderSort:
    field: OrderSortField = order_lists.OrderSortField.UPDATED_AT
    direction: SortDirection = order_lists.SortDirection.ASC


@strawberry.type(
    description="The figures and errors that reviewUpgrade would give for this input, stored nowhere."
)
class UpgradePreview:
    seats_before: int | None
    seats_after: int | None
    monthly_cost_before: Money | None
    monthly_cost_after: Money | None
    monthly_cost_change: Money | None
    prorated_charge: Money | None
    effective_on: dt.date | None
    changes: list[ChangeLine]
    errors: list[UserError]

    @classmethod
    def of(cls, quote) -> UpgradePreview:
        """`quote` is the domain's `Quote`. What can be worked out is given even beside errors
        (a change priced while its lead or date is still wrong); the errors are reviewUpgrade's own."""
        plan = quote.plan
        prorated = quote.prorated_charge
        return cls(
            seats_before=quote.seats_before,
            seats_after=plan.seats_after if plan else None,
            monthly_cost_before=Money.of(quote.cost_before) if quote.cost_before else None,
            monthly_cost_after=Money.of(plan.cost_after) if plan else None,
            monthly_cost_change=Money.of(plan.cost_change) if plan else None,
            prorated_charge=Money.of(prorated) if prorated else None,
            effective_on=quote.effective_on if plan else None,
            changes=[ChangeLine.of(line) for line in quote.change_lines],
            errors=[UserError.of(e) for e in quote.errors],
        )


CustomerSortField = strawberry.enum(
    customer_lists.CustomerSortField,
    name="CustomerSortField",
    description=(
        "What `customers` is sorted by: NAME, SEATS, or MONTHLY_COST at contracted prices; "
        "ties are broken by the customer's id, in the same direction."
    ),
)


@strawberry.input(
    description="How `customers` is sorted: `{field: MONTHLY_COST, direction: DESC}` is dearest first."
)
class CustomerSort:
    field: CustomerSortField = customer_lists.CustomerSortField.NAME
    direction: SortDirection = order_lists.SortDirection.ASC
