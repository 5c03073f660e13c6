"""One typed DataLoader per relation, created per request so nothing leaks between callers.

Each loader's cache is the only cache of a request: `get` answers at once with what a page
primed, so resolvers stay synchronous and the executor is spared hundreds of coroutines on a
page of 50 customers; only what was not primed costs an awaitable.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Generic, NamedTuple, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.functions import Count

from ..models import (
    Attachment,
    AttachmentKind,
    AuditEvent,
    Customer,
    Delivery,
    Order,
    WebhookDelivery,
)
from ..models.rows import (
    ORDER_SUMMARY_COLUMNS,
    CustomerRow,
    OrderRow,
    PartnerRow,
    UserRow,
    customers_by_id,
    dialect,
    fetch_by_id,
    fetch_sql,
    fetch_values,
    held_skus,
    order_rows,
    partners_by_id,
    users_by_id,
)
from ..ordering.pricing import PricingContext, load_pricing_many
from .deferred import Maybe

K = TypeVar("K")
V = TypeVar("V")


class Loader(DataLoader[K, V], Generic[K, V]):
    """A DataLoader whose loaded values can be read without awaiting.

    A page primes its rows' relations with `load_all`: one batch for the keys not loaded yet,
    its values kept in a plain dict (`loaded`), with no future or task per key. `load` remains
    for whatever was not primed.
    """

    def __init__(self) -> None:
        super().__init__(self.batch_load, cache_key_fn=self.cache_key)
        self.loaded: dict[Hashable, V] = {}

    async def batch_load(self, keys: list[K]) -> list[V]:
        raise NotImplementedError

    @staticmethod
    def cache_key(key: K) -> Hashable:
        return key

    def get(self, key: K) -> Maybe[V]:
        """The value for `key`: at once when it is loaded (primed), else an awaitable of it."""
        try:
            return self.loaded[self.cache_key(key)]
        except KeyError:
            pass
        future = self.cache_map.get(key)
        if future is not None and future.done() and not future.cancelled():
            return future.result()
        return self.load(key)

    async def load_all(self, keys: Iterable[K]) -> list[V]:
        """The values of `keys`, in order; those not loaded yet are loaded in one batch."""
        keys = list(keys)
        cache_key = self.cache_key
        loaded = self.loaded
        missing: dict[Hashable, K] = {}
        for key in keys:
            ck = cache_key(key)
            if ck in loaded or ck in missing:
                continue
            future = self.cache_map.get(key)
            if future is not None and future.done() and not future.cancelled():
                loaded[ck] = future.result()
            else:
                missing[ck] = key
        if missing:
            for ck, value in zip(missing, await self.batch_load(list(missing.values())), strict=True):
                loaded.setdefault(ck, value)
        return [loaded[cache_key(key)] for key in keys]


class UserById(Loader[int, UserRow | None]):
    async def batch_load(self, keys: list[int]) -> list[UserRow | None]:
        rows = {row.id: row for row in await users_by_id(set(keys))}
        return [rows.get(i) for i in keys]


class CustomerById(Loader[int, CustomerRow | None]):
    async def batch_load(self, keys: list[int]) -> list[CustomerRow | None]:
        rows = {row.id: row for row in await customers_by_id(set(keys))}
        return [rows.get(i) for i in keys]


class PartnerById(Loader[int, PartnerRow | None]):
    """Each partner with its agreement's terms."""

    async def batch_load(self, keys: list[int]) -> list[PartnerRow | None]:
        rows = {row.id: row for row in await partners_by_id(set(keys))}
        return [rows.get(i) for i in keys]


class PricingByPartnerId(Loader[int, PricingContext]):
    async def batch_load(self, keys: list[int]) -> list[PricingContext]:
        pricings = await load_pricing_many(keys)
        return [pricings[partner_id] for partner_id in keys]


class HoldingsByCustomerId(Loader[int, list[str]]):
    """The SKUs a customer holds, sorted."""

    async def batch_load(self, keys: list[int]) -> list[list[str]]:
        found: dict[int, list[str]] = defaultdict(list)
        for customer_id, sku in await held_skus(set(keys)):
            found[customer_id].append(sku)
        return [sorted(found[i]) for i in keys]


@dataclass
class PricedCustomer:
    """A customer's holdings priced at its partner's contracted prices."""

    lines: list[Any]
    monthly_cost: Any
    eligibility: Any
    skus: list[str]
    pricing: PricingContext


def price_customer(
    customer: Customer | CustomerRow, pricing: PricingContext, skus: list[str]
) -> PricedCustomer:
    holdings = pricing.price_holdings(customer.status, customer.seats, skus)
    return PricedCustomer(
        lines=holdings.lines,
        monthly_cost=holdings.monthly_cost,
        eligibility=holdings.eligibility,
        skus=skus,
        pricing=pricing,
    )


class PricedCustomerOf(Loader[Customer | CustomerRow, PricedCustomer]):
    """Lines, cost and eligibility of customers: their partners' pricing and holdings, batched."""

    def __init__(self, pricing: PricingByPartnerId, holdings: HoldingsByCustomerId) -> None:
        super().__init__()
        self.pricing = pricing
        self.holdings = holdings

    @staticmethod
    def cache_key(key: Customer | CustomerRow) -> Hashable:
        return key.id

    async def batch_load(self, keys: list[Customer | CustomerRow]) -> list[PricedCustomer]:
        pricings = await self.pricing.load_all([c.partner_id for c in keys])
        holdings = await self.holdings.load_all([c.id for c in keys])
        return [price_customer(*args) for args in zip(keys, pricings, holdings, strict=True)]


class AttachmentRow(NamedTuple):
    """An attachment without its bytes: what the API shows of it."""

    id: int
    customer_id: int
    order_id: int | None
    kind: AttachmentKind
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: Any


async def _attachment_rows(query) -> list[AttachmentRow]:
    return [AttachmentRow(*row) for row in await fetch_values(query, AttachmentRow._fields)]


class AttachmentsByCustomerId(Loader[int, list[AttachmentRow]]):
    """A customer's attachments, newest first."""

    async def batch_load(self, keys: list[int]) -> list[list[AttachmentRow]]:
        found: dict[int, list[AttachmentRow]] = defaultdict(list)
        fields = AttachmentRow._fields
        order = "created_at DESC, id DESC"
        for values in await fetch_by_id(Attachment, fields, set(keys), column="customer_id", order_by=order):
            row = AttachmentRow(*values)
            found[row.customer_id].append(row)
        return [found[i] for i in keys]


class AddendumByOrderId(Loader[int, AttachmentRow | None]):
    async def batch_load(self, keys: list[int]) -> list[AttachmentRow | None]:
        query = Attachment.filter(order_id__in=set(keys), kind=AttachmentKind.ADDENDUM)
        by_order = {row.order_id: row for row in await _attachment_rows(query)}
        return [by_order.get(i) for i in keys]


class DeliveriesByOrderId(Loader[int, list[Delivery]]):
    async def batch_load(self, keys: list[int]) -> list[list[Delivery]]:
        found: dict[int, list[Delivery]] = defaultdict(list)
        for row in await Delivery.filter(order_id__in=set(keys)).order_by("id"):
            found[row.order_id].append(row)
        return [found[i] for i in keys]


class CancelledAtByOrderId(Loader[int, Any]):
    """When each order was cancelled (None while it stands): its documents are void from then."""

    async def batch_load(self, keys: list[int]) -> list[Any]:
        rows = dict(await Order.filter(id__in=set(keys)).values_list("id", "cancelled_at"))
        return [rows.get(i) for i in keys]


class OrderCountByCustomerId(Loader[int, int]):
    """How many orders each customer has (a customer's `orders.totalCount`)."""

    async def batch_load(self, keys: list[int]) -> list[int]:
        rows = (
            await Order.filter(customer_id__in=set(keys))
            .annotate(n=Count("id"))
            .group_by("customer_id")
            .values_list("customer_id", "n")
        )
        counts = dict(rows)
        return [counts.get(i, 0) for i in keys]


class PendingOrderByCustomerId(Loader[int, Order | None]):
    """Each customer's order that waits for its effective date (see `ordering.pending`)."""

    async def batch_load(self, keys: list[int]) -> list[Order | None]:
        rows = await Order.filter(
            customer_id__in=set(keys), applied_at=None, cancelled_at=None, attention_reason=None
        ).order_by("-effective_on", "-id")
        by_customer = {row.customer_id: row for row in rows}  # the earliest wins: written last
        return [by_customer.get(i) for i in keys]


class LineSnapshotsByOrderId(Loader[int, tuple[list, list] | None]):
    """Line snapshots `(before, after)` of orders loaded without them."""

    async def batch_load(self, keys: list[int]) -> list[tuple[list, list] | None]:
        rows = await Order.filter(id__in=set(keys)).values_list("id", "lines_before", "lines_after")
        by_id = {order_id: (before, after) for order_id, before, after in rows}
        return [by_id.get(i) for i in keys]


# PostgreSQL reads each customer's newest N straight off the (customer_id, submitted_at, id) index
# (a LATERAL top-N); ROW_NUMBER() over all of a customer's orders reads and sorts every one of them,
# which is the form SQLite understands. Either way one statement reads the orders' summary columns
# (the line snapshots, JSON, load only when asked for).
LATEST_POSTGRES = (
    "SELECT {outer} FROM unnest($1::int[]) AS c(id) CROSS JOIN LATERAL ("
    " SELECT {columns} FROM change_order WHERE customer_id = c.id"
    " ORDER BY submitted_at DESC, id DESC LIMIT $2) o"
    " ORDER BY o.customer_id, o.submitted_at DESC, o.id DESC"
)
LATEST_SQLITE = (
    "SELECT {columns} FROM ("
    " SELECT {columns}, ROW_NUMBER() OVER ("
    "  PARTITION BY customer_id ORDER BY submitted_at DESC, id DESC) AS rn"
    " FROM change_order WHERE customer_id IN ({marks})"
    ") ranked WHERE rn <= ? ORDER BY customer_id, rn"
)
# What a customers page shows of each customer's orders when it asks for no more than
# `LISTED_ORDER_FIELDS`: a fraction of the columns to read and decode (see `priming`).
LISTED_ORDER_COLUMNS = ("id", "customer_id", "status", "submitted_at", "monthly_cost_change", "currency")
LISTED_ORDER_FIELDS = frozenset({"id", "number", "status", "submittedAt", "monthlyCostChange", "__typename"})


def _listed_order(values: list) -> OrderRow:
    """An `OrderRow` of the `LISTED_ORDER_COLUMNS`; the columns not read are None (spelled out:
    a page builds hundreds; tests/test_rows.py checks each column lands in its field)."""
    order_id, customer_id, status, submitted_at, cost_change, currency = values
    n = None
    return OrderRow(
        order_id, n, customer_id, n, n, status, submitted_at, n, n, n, n, n, n, n, cost_change, currency,
        n, n, n, n, n, n, n,
    )  # fmt: skip


async def _latest_orders(customer_ids: list[int], limit: int, *, listed: bool) -> dict[int, list[OrderRow]]:
    """The newest `limit` orders of each customer, newest first, in one statement: their summary
    columns, or with `listed` only the `LISTED_ORDER_COLUMNS`."""
    names = LISTED_ORDER_COLUMNS if listed else ORDER_SUMMARY_COLUMNS
    columns = ", ".join(names)
    if dialect() == "postgres":
        outer = ", ".join(f"o.{name}" for name in names)
        sql, params = LATEST_POSTGRES.format(outer=outer, columns=columns), [customer_ids, limit]
    else:
        marks = ", ".join("?" for _ in customer_ids)
        sql, params = LATEST_SQLITE.format(columns=columns, marks=marks), [*customer_ids, limit]
    found: dict[int, list[OrderRow]] = {}
    for values in await fetch_sql(Order, sql, params, names):
        row = _listed_order(values) if listed else OrderRow(*values, None, None)
        found.setdefault(row.customer_id, []).append(row)
    return found


class FirstOrdersByCustomerId(Loader[int, list[OrderRow]]):
    """The newest `first + 1` orders of each customer (one more tells whether a next page exists);
    with `listed`, only what a customers page lists of them (`LISTED_ORDER_COLUMNS`)."""

    def __init__(self, first: int, *, listed: bool = False) -> None:
        super().__init__()
        self.first = first
        self.listed = listed

    async def batch_load(self, keys: list[int]) -> list[list[OrderRow]]:
        if self.first == 0:
            return [[] for _ in keys]
        found = await _latest_orders(keys, self.first + 1, listed=self.listed)
        return [found.get(c, []) for c in keys]


class OrderById(Loader[int, OrderRow | None]):
    async def batch_load(self, keys: list[int]) -> list[OrderRow | None]:
        rows = {row.id: row for row in await order_rows(Order.filter(id__in=set(keys)))}
        return [rows.get(i) for i in keys]


class AuditEventById(Loader[int, AuditEvent | None]):
    async def batch_load(self, keys: list[int]) -> list[AuditEvent | None]:
        rows = {row.id: row for row in await AuditEvent.filter(id__in=set(keys))}
        return [rows.get(i) for i in keys]


DELIVERY_COLUMNS = (
    "id", "endpoint_id", "event_id", "status", "attempts", "response_status", "last_attempt_at",
    "next_attempt_at", "created_at",
)  # fmt: skip
# Each endpoint's newest deliveries in one statement (both databases know ROW_NUMBER).
LATEST_DELIVERIES = (
    "SELECT {columns} FROM ("
    " SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY endpoint_id ORDER BY created_at DESC, id DESC) AS rn"
    " FROM webhook_delivery WHERE endpoint_id IN ({marks})"
    ") ranked WHERE rn <= {limit} ORDER BY endpoint_id, rn"
)


class DeliveryRow(NamedTuple):
    """A webhook delivery as the API shows it."""

    id: int
    endpoint_id: int
    event_id: int
    status: Any
    attempts: int
    response_status: int | None
    last_attempt_at: Any
    next_attempt_at: Any
    created_at: Any


class FirstDeliveriesByEndpointId(Loader[int, list[DeliveryRow]]):
    """The newest `first + 1` deliveries of each endpoint (one more tells whether more follow)."""

    def __init__(self, first: int) -> None:
        super().__init__()
        self.first = first

    async def batch_load(self, keys: list[int]) -> list[list[DeliveryRow]]:
        ids = sorted(set(keys))
        if self.first == 0 or not ids:
            return [[] for _ in keys]
        marks = ", ".join(f"${i + 1}" if dialect() == "postgres" else "?" for i in range(len(ids)))
        sql = LATEST_DELIVERIES.format(
            columns=", ".join(DELIVERY_COLUMNS), marks=marks, limit=int(self.first + 1)
        )
        found: dict[int, list[DeliveryRow]] = defaultdict(list)
        for values in await fetch_sql(WebhookDelivery, sql, ids, DELIVERY_COLUMNS):
            row = DeliveryRow(*values)
            found[row.endpoint_id].append(row)
        return [found.get(k, []) for k in keys]


class Loaders:
    """The loaders of one request; each is made the first time it is asked for."""

    @cached_property
    def users(self) -> UserById:
        return UserById()

    @cached_property
    def customers(self) -> CustomerById:
        return CustomerById()

    @cached_property
    def partners(self) -> PartnerById:
        return PartnerById()

    @cached_property
    def pricing(self) -> PricingByPartnerId:
        return PricingByPartnerId()

    @cached_property
    def holdings(self) -> HoldingsByCustomerId:
        return HoldingsByCustomerId()

    @cached_property
    def priced_customers(self) -> PricedCustomerOf:
        return PricedCustomerOf(self.pricing, self.holdings)

    @cached_property
    def attachments(self) -> AttachmentsByCustomerId:
        return AttachmentsByCustomerId()

    @cached_property
    def addenda(self) -> AddendumByOrderId:
        return AddendumByOrderId()

    @cached_property
    def deliveries(self) -> DeliveriesByOrderId:
        return DeliveriesByOrderId()

    @cached_property
    def cancelled_at(self) -> CancelledAtByOrderId:
        return CancelledAtByOrderId()

    @cached_property
    def order_counts(self) -> OrderCountByCustomerId:
        return OrderCountByCustomerId()

    @cached_property
    def pending_orders(self) -> PendingOrderByCustomerId:
        return PendingOrderByCustomerId()

    @cached_property
    def line_snapshots(self) -> LineSnapshotsByOrderId:
        return LineSnapshotsByOrderId()

    @cached_property
    def orders(self) -> OrderById:
        return OrderById()

    @cached_property
    def audit_events(self) -> AuditEventById:
        return AuditEventById()

    @cached_property
    def _first_deliveries(self) -> dict[int, FirstDeliveriesByEndpointId]:
        return {}

    def first_deliveries(self, first: int) -> FirstDeliveriesByEndpointId:
        """Each webhook endpoint's newest deliveries for a page of `first`."""
        loader = self._first_deliveries.get(first)
        if loader is None:
            loader = self._first_deliveries[first] = FirstDeliveriesByEndpointId(first)
        return loader

    @cached_property
    def _first_orders(self) -> dict[tuple[int, bool], FirstOrdersByCustomerId]:
        return {}

    def first_orders(self, first: int, *, listed: bool = False) -> FirstOrdersByCustomerId:
        """Each customer's newest orders for a page of `first` (one loader per page size), with
        `listed` only what a customers page lists of them."""
        loader = self._first_orders.get((first, listed))
        if loader is None:
            loader = self._first_orders[first, listed] = FirstOrdersByCustomerId(first, listed=listed)
        return loader
