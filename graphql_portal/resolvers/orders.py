"""Orders: the incremental-sync list, one order, and a customer's orders (batched)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable
from dataclasses import dataclass

from tortoise import connections

from ..ids import decode_id
from ..models import Order, OrderStatus, Review
from ..models.paging import after_key
from .context import Context, bad_input, then
from .lookahead import Wanted
from .pagination import Page, check_first, decode_cursor, encode_cursor

ORDERS_CAP = 500
CUSTOMER_ORDERS_CAP = 100


@dataclass
class OrderFilterValues:
    status: list[OrderStatus] | None = None
    customer_id: str | None = None
    updated_since: dt.datetime | None = None
    submitted_from: dt.datetime | None = None
    submitted_to: dt.datetime | None = None


def _visible(ctx: Context):
    if ctx.principal.is_reconciliation:
        return Order.all()
    return Order.filter(partner_id=ctx.partner_id())


def _aware(value: dt.datetime, name: str) -> dt.datetime:
    if value.tzinfo is None:
        raise bad_input(f"`{name}` needs a UTC offset, e.g. 2026-01-31T00:00:00Z.")
    return value.astimezone(dt.UTC)


def _parse_instant(text: object) -> dt.datetime:
    if not isinstance(text, str):
        raise bad_input("`after` is not a cursor returned by this API.")
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise bad_input("`after` is not a cursor returned by this API.") from None


async def orders_page(ctx: Context, first: int, after: str | None, flt: OrderFilterValues | None) -> Page:
    """Ordered by (updatedAt, id): a job that keeps its last cursor or instant misses nothing."""
    check_first(first, ORDERS_CAP)
    query = _visible(ctx)
    if flt is not None:
        if flt.status is not None:
            query = (
                query.filter(status__in=[s.value for s in flt.status]) if flt.status else query.filter(id=-1)
            )
        if flt.customer_id is not None:
            pk = decode_id(flt.customer_id, "Customer")
            query = query.filter(customer_id=pk if pk is not None else -1)
        if flt.updated_since is not None:
            query = query.filter(updated_at__gte=_aware(flt.updated_since, "updatedSince"))
        if flt.submitted_from is not None:
            query = query.filter(submitted_at__gte=_aware(flt.submitted_from, "submittedFrom"))
        if flt.submitted_to is not None:
            query = query.filter(submitted_at__lt=_aware(flt.submitted_to, "submittedTo"))
    if after:
        instant, last_id = decode_cursor(after, 2)
        if not isinstance(last_id, int):
            raise bad_input("`after` is not a cursor returned by this API.")
        at = _parse_instant(instant)
        query = query.filter(after_key("updated_at", at, last_id))
    rows = await query.order_by("updated_at", "id").limit(first + 1) if first else []
    items = list(rows[:first])
    return Page(
        items=items,
        has_next_page=len(rows) > first,
        cursor_of=lambda o: encode_cursor(o.updated_at.astimezone(dt.UTC).isoformat(), o.id),
    )


async def order_by_id(ctx: Context, order_id: str) -> Order | None:
    pk = decode_id(order_id, "Order")
    if pk is None:
        return None
    return await _visible(ctx).filter(id=pk).first()


async def review_by_id(ctx: Context, review_id: str) -> Review | None:
    """A review of the caller's partner; reconciliation tokens see none (reviews are not orders)."""
    pk = decode_id(review_id, "Review")
    if pk is None or ctx.principal.is_reconciliation:
        return None
    return await Review.filter(id=pk, partner_id=ctx.partner_id()).first()


# PostgreSQL reads each customer's newest N straight off the (customer_id, submitted_at, id) index
# (a LATERAL top-N); ROW_NUMBER() over all of a customer's orders reads and sorts every one of them,
# which is the form SQLite understands.
LATEST_POSTGRES = (
    "SELECT o.id, o.customer_id FROM unnest($1::int[]) AS c(id) CROSS JOIN LATERAL ("
    " SELECT id, customer_id, submitted_at FROM change_order WHERE customer_id = c.id"
    " ORDER BY submitted_at DESC, id DESC LIMIT $2) o"
    " ORDER BY o.customer_id, o.submitted_at DESC, o.id DESC"
)
LATEST_SQLITE = (
    "SELECT id, customer_id FROM ("
    " SELECT id, customer_id, ROW_NUMBER() OVER ("
    "  PARTITION BY customer_id ORDER BY submitted_at DESC, id DESC) AS rn"
    " FROM change_order WHERE customer_id IN ({marks})"
    ") ranked WHERE rn <= ? ORDER BY customer_id, rn"
)


async def _latest_order_ids(customer_ids: list[int], limit: int) -> dict[int, list[int]]:
    """The newest `limit` order ids of each customer, newest first, in one statement."""
    client = connections.get("default")
    if client.capabilities.dialect == "postgres":
        rows = await client.execute_query_dict(LATEST_POSTGRES, [customer_ids, limit])
    else:
        sql = LATEST_SQLITE.format(marks=", ".join("?" for _ in customer_ids))
        rows = await client.execute_query_dict(sql, [*customer_ids, limit])
    found: dict[int, list[int]] = {}
    for row in rows:
        found.setdefault(row["customer_id"], []).append(row["id"])
    return found


def _page(rows: list[Order], first: int) -> Page:
    items = list(rows[:first])
    return Page(
        items=items,
        has_next_page=len(rows) > first,
        cursor_of=lambda o: encode_cursor(o.submitted_at.astimezone(dt.UTC).isoformat(), o.id),
    )


def customer_orders_page(
    ctx: Context, customer_id: int, first: int, after: str | None
) -> Page | Awaitable[Page]:
    """A customer's orders, newest first; first pages of a customers page are loaded together."""
    check_first(first, CUSTOMER_ORDERS_CAP)
    if not after:
        return then(ctx.cached(f"first_orders_{first}", customer_id), lambda rows: _page(rows, first))
    submitted, last_id = decode_cursor(after, 2)
    if not isinstance(last_id, int):
        raise bad_input("`after` is not a cursor returned by this API.")
    at = _parse_instant(submitted)

    async def load() -> Page:
        rows = (
            await Order.filter(customer_id=customer_id)
            .filter(after_key("submitted_at", at, last_id, descending=True))
            .order_by("-submitted_at", "-id")
            .limit(first + 1)
        )
        return _page(rows, first)

    return load()


# What a customer's order list shows; the line snapshots (JSON) load only when asked for.
ORDER_SUMMARY_FIELDS = (
    *(name for name in sorted(Order._meta.db_fields) if name not in ("lines_before", "lines_after")),
    *(f"{fk}_id" for fk in sorted(Order._meta.fk_fields | Order._meta.o2o_fields)),
)


async def first_order_pages(customer_ids: list[int], first: int) -> list[list[Order]]:
    """The newest `first + 1` orders of each customer, in two statements."""
    if first == 0:
        return [[] for _ in customer_ids]
    ids = await _latest_order_ids(customer_ids, first + 1)
    wanted = [i for group in ids.values() for i in group]
    rows = await Order.filter(id__in=wanted).only(*ORDER_SUMMARY_FIELDS) if wanted else []
    orders = {o.id: o for o in rows}
    return [[orders[i] for i in ids.get(c, [])] for c in customer_ids]


ORDER_RELATIONS = {
    "partner": ("partners", "partner_id"),
    "customer": ("customers", "customer_id"),
    "submittedBy": ("users", "submitted_by_id"),
    "implementationLead": ("users", "implementation_lead_id"),
    "addendum": ("addenda", "id"),
    "deliveries": ("deliveries", "id"),
}


async def prime_orders(ctx: Context, orders: list[Order], wanted: Wanted) -> None:
    """Load, batched, the relations the selection asks of a page of orders."""
    if not orders:
        return
    for name, (loader, attribute) in ORDER_RELATIONS.items():
        if name in wanted.names:
            await ctx.prime(loader, [getattr(o, attribute) for o in orders])
    if "customer" in wanted.names:
        from .customers import prime_customers

        customers = [ctx.memo[("customers", o.customer_id)] for o in orders]
        unique = list({c.id: c for c in customers if c is not None}.values())
        await prime_customers(ctx, unique, wanted.below("customer"))
