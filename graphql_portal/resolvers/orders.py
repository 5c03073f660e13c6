"""Orders: the incremental-sync list, one order, and a customer's orders (first pages batched)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable
from dataclasses import dataclass
from enum import Enum

from tortoise.expressions import Subquery

from ..ids import decode_id
from ..models import Customer, Order, OrderStatus, Review
from ..models.paging import after_key
from ..models.rows import OrderRow, order_rows
from ..ordering.changes import change_lines
from ..ordering.dates import REFERENCE_MAX_LENGTH, reference_key
from ..ordering.pricing import Line
from ..ordering.review import Staleness, review_staleness
from ..ordering.status_messages import order_status_message
from .context import Context
from .customers import search_condition
from .deferred import Maybe, then
from .errors import bad_input
from .pagination import Page, check_first, encode_cursor, instant_cursor, storable

ORDERS_CAP = 500
CUSTOMER_ORDERS_CAP = 100


@dataclass
class OrderFilterValues:
    status: list[OrderStatus] | None = None
    customer_id: str | None = None
    updated_since: dt.datetime | None = None
    submitted_from: dt.datetime | None = None
    submitted_to: dt.datetime | None = None
    partner_reference: str | None = None
    customer_search: str | None = None


class OrderSortField(Enum):
    UPDATED_AT = "UPDATED_AT"
    SUBMITTED_AT = "SUBMITTED_AT"


class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@dataclass(frozen=True)
class OrderSortValues:
    field: OrderSortField = OrderSortField.UPDATED_AT
    direction: SortDirection = SortDirection.ASC

    @property
    def column(self) -> str:
        return "submitted_at" if self.field is OrderSortField.SUBMITTED_AT else "updated_at"

    @property
    def descending(self) -> bool:
        return self.direction is SortDirection.DESC

    @property
    def cursor_tag(self) -> str | None:
        """What this ordering's cursors name; none for the default (a sync's cursors stay as they were)."""
        if self == DEFAULT_ORDER_SORT:
            return None
        return f"{self.field.value}:{self.direction.value}"


DEFAULT_ORDER_SORT = OrderSortValues()


def _visible(context: Context):
    if context.principal.is_reconciliation:
        return Order.all()
    return Order.filter(partner_id=context.partner_id())


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None:
        raise bad_input(f"`{name}` needs a UTC offset, e.g. 2026-01-31T00:00:00Z.")
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:  # 9999-12-31T23:59:59-14:00 is in year 10000 in UTC
        message = f"`{name}` is outside the range of dates this API can compare: {value.isoformat()}."
        raise bad_input(message) from None


def _filtered(context: Context, flt: OrderFilterValues | None):
    """The caller's orders narrowed by the filter (every condition applies)."""
    query = _visible(context)
    if flt is None:
        return query
    if flt.status is not None:
        query = query.filter(status__in=[s.value for s in flt.status]) if flt.status else query.filter(id=-1)
    if flt.customer_id is not None:
        pk = decode_id(flt.customer_id, "Customer")
        query = query.filter(customer_id=pk if pk is not None else -1)
    if flt.updated_since is not None:
        query = query.filter(updated_at__gte=_aware(flt.updated_since, "updatedSince"))
    if flt.submitted_from is not None:
        query = query.filter(submitted_at__gte=_aware(flt.submitted_from, "submittedFrom"))
    if flt.submitted_to is not None:
        query = query.filter(submitted_at__lt=_aware(flt.submitted_to, "submittedTo"))
    if flt.partner_reference is not None:
        # Trimmed and in any case, as `reference_key` stores it.
        reference = flt.partner_reference.strip()
        if len(reference) > REFERENCE_MAX_LENGTH or not storable(reference):
            raise bad_input(
                f"`partnerReference` is at most {REFERENCE_MAX_LENGTH} characters of text, "
                "as every order's reference is."
            )
        query = query.filter(reference_key=reference_key(reference))
    if flt.customer_search is not None and flt.customer_search.strip():
        customers = Customer.filter(search_condition(flt.customer_search, "customerSearch"))
        if not context.principal.is_reconciliation:
            customers = customers.filter(partner_id=context.partner_id())
        query = query.filter(customer_id__in=Subquery(customers.values("id")))
    return query


async def orders_page(
    context: Context,
    first: int | None,
    after: str | None,
    flt: OrderFilterValues | None,
    sort: OrderSortValues = DEFAULT_ORDER_SORT,
    *,
    last: int | None = None,
    before: str | None = None,
) -> Page:
    """Ordered by (updatedAt, id) unless `sort` says otherwise: a job that keeps its last cursor
    or instant misses nothing. Every ordering pages by its column, then id, over an index.

    `first`/`after` page forwards; `last`/`before` backwards (the `last` rows before the
    cursor, or at the end of the list without one), in the same order; `first` is then not read
    (it has a default).
    """
    if last is not None or before is not None:
        if after is not None:
            raise bad_input("Page forwards with `after` or backwards with `before`, not both.")
        size = check_first(100 if last is None else last, ORDERS_CAP, "last")
        cursor, backwards = before, True
    else:
        size, cursor, backwards = check_first(100 if first is None else first, ORDERS_CAP), after, False
    query = _filtered(context, flt)
    base = query
    column, tag = sort.column, sort.cursor_tag
    descending = sort.descending != backwards  # backwards: read the ordering the other way round
    if cursor:
        at, last_id = instant_cursor(cursor, tag)
        query = query.filter(after_key(column, at, last_id, descending=descending))
    order = (f"-{column}", "-id") if descending else (column, "id")
    rows = await order_rows(query.order_by(*order).limit(size + 1)) if size else []
    more = len(rows) > size
    items = rows[:size]

    def cursor_of(o: OrderRow) -> str:
        key = (getattr(o, column).astimezone(dt.UTC).isoformat(), o.id)
        return encode_cursor(*key, tag) if tag else encode_cursor(*key)

    if backwards:
        items.reverse()
        return Page(
            items=items,
            has_next_page=before is not None,
            cursor_of=cursor_of,
            has_previous_page=more,
            before=before,
            count=base.count,
        )
    return Page(items=items, has_next_page=more, cursor_of=cursor_of, after=after, count=base.count)


async def order_by_id(context: Context, order_id: str) -> Order | None:
    pk = decode_id(order_id, "Order")
    if pk is None:
        return None
    return await _visible(context).filter(id=pk).first()


async def review_by_id(context: Context, review_id: str) -> Review | None:
    """A review of the caller's partner; reconciliation tokens see none (reviews are not orders)."""
    pk = decode_id(review_id, "Review")
    if pk is None or context.principal.is_reconciliation:
        return None
    return await Review.filter(id=pk, partner_id=context.partner_id()).first()


def _page(rows: list[OrderRow], first: int, after: str | None = None, *, count=None) -> Page:
    items = rows[:first]
    return Page(
        items=items,
        has_next_page=len(rows) > first,
        cursor_of=lambda o: encode_cursor(o.submitted_at.astimezone(dt.UTC).isoformat(), o.id),
        after=after,
        count=count,
    )


def customer_orders_page(
    context: Context, customer_id: int, first: int, after: str | None, *, listed: bool = False
) -> Maybe[Page]:
    """A customer's orders, newest first; first pages of a customers page are loaded together
    (`listed`: as the page primed them, with only the columns its selection reads)."""
    check_first(first, CUSTOMER_ORDERS_CAP)

    def count() -> Awaitable[int]:
        return context.loaders.order_counts.load(customer_id)

    if not after:
        loader = context.loaders.first_orders(first, listed=listed)
        return then(loader.get(customer_id), lambda rows: _page(rows, first, count=count))
    at, last_id = instant_cursor(after)

    async def load() -> Page:
        rows = await order_rows(
            Order.filter(customer_id=customer_id)
            .filter(after_key("submitted_at", at, last_id, descending=True))
            .order_by("-submitted_at", "-id")
            .limit(first + 1)
        )
        return _page(rows, first, after, count=count)

    return load()


def change_lines_of(before: list[dict], after: list[dict], currency: str) -> list[Line]:
    """The signed change lines of two line snapshots (see `ordering.changes`)."""
    return change_lines(
        [Line.from_snapshot(line, currency) for line in before],
        [Line.from_snapshot(line, currency) for line in after],
    )


def pending_order_of(context: Context, customer_id: int) -> Maybe[Order | None]:
    """A customer's pending order; partner users only (reconciliation reads no customer records)."""
    context.partner_id()
    return context.loaders.pending_orders.get(customer_id)


def status_message_of(order: Order) -> str:
    """Where the order stands, in the sentence its submitter is told."""
    return order_status_message(order)


def staleness_of(context: Context, review: Review) -> asyncio.Future[Staleness]:
    """Whether the review is stale and which order changed its customer: worked out once per
    request however many of its fields ask."""
    key = ("Staleness", review.id)
    found = context.made.get(key)
    if found is None:
        found = context.keep(
            key, asyncio.ensure_future(review_staleness(review, context.settings.clock.now()))
        )
    return found
