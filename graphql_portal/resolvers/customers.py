"""Customers of the caller's partner: the list, one customer, and its priced holdings."""

from __future__ import annotations

from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

from tortoise.expressions import Q

from ..ids import decode_id
from ..models import Customer
from ..models.paging import after_key
from .context import Context, bad_input
from .lookahead import Wanted, int_argument
from .pagination import Page, check_first, decode_cursor, encode_cursor

CUSTOMERS_CAP = 100
SEARCH_MAX = 200


async def customers_page(ctx: Context, first: int, after: str | None, search: str | None) -> Page:
    """By name then id; `search` matches a part of the name or account code, any case."""
    partner_id = ctx.partner_id()
    check_first(first, CUSTOMERS_CAP)
    base = Customer.filter(partner_id=partner_id)
    if search is not None and search.strip():
        term = search.strip()
        if len(term) > SEARCH_MAX:
            raise bad_input(f"`search` may be at most {SEARCH_MAX} characters.")
        base = base.filter(Q(name__icontains=term) | Q(account_code__icontains=term))
    page = base
    if after:
        name, last_id = decode_cursor(after, 2)
        if not isinstance(name, str) or not isinstance(last_id, int):
            raise bad_input("`after` is not a cursor returned by this API.")
        page = page.filter(after_key("name", name, last_id))
    rows = await page.order_by("name", "id").limit(first + 1) if first else []
    total = await base.count()
    items = list(rows[:first])
    return Page(
        items=items,
        has_next_page=len(rows) > first,
        cursor_of=lambda c: encode_cursor(c.name, c.id),
        total_count=total,
    )


async def customer_by_id(ctx: Context, customer_id: str) -> Customer | None:
    """Null for an unknown id, a malformed one, or another partner's customer alike."""
    pk = decode_id(customer_id, "Customer")
    if pk is None:
        return None
    return await Customer.filter(id=pk, partner_id=ctx.partner_id()).first()


@dataclass
class PricedCustomer:
    lines: list[Any]
    monthly_cost: Any
    eligibility: Any
    skus: list[str]
    pricing: Any


PRICED_FIELDS = {"lines", "monthlyCost", "eligibility", "changeOptions"}


def _price(ctx: Context, customer: Customer, pricing: Any, skus: list[str]) -> PricedCustomer:
    holdings = pricing.price_holdings(customer.status, customer.seats, skus)
    result = PricedCustomer(
        lines=holdings.lines,
        monthly_cost=holdings.monthly_cost,
        eligibility=holdings.eligibility,
        skus=skus,
        pricing=pricing,
    )
    ctx.memo[("priced", customer.id)] = result
    return result


def priced(ctx: Context, customer: Customer) -> PricedCustomer | Awaitable[PricedCustomer]:
    """Lines, cost and eligibility of a customer: at once when the page primed them."""
    key = ("priced", customer.id)
    if key in ctx.memo:
        return ctx.memo[key]

    async def load() -> PricedCustomer:
        pricing = await ctx.cached("pricing", customer.partner_id)
        skus = await ctx.cached("holdings", customer.id)
        return _price(ctx, customer, pricing, skus)

    return load()


async def prime_customers(ctx: Context, customers: list[Customer], wanted: Wanted) -> None:
    """Load, in a few batched statements, what the selection asks of a page of customers."""
    if not customers:
        return
    ids = [c.id for c in customers]
    steps = []
    if wanted.names & PRICED_FIELDS:

        async def prices() -> None:
            await ctx.prime("pricing", {c.partner_id for c in customers})
            await ctx.prime("holdings", ids)
            for c in customers:
                _price(ctx, c, ctx.memo[("pricing", c.partner_id)], ctx.memo[("holdings", c.id)])

        steps.append(prices())
    if "implementationLead" in wanted.names:
        steps.append(
            ctx.prime("users", [c.implementation_lead_id for c in customers if c.implementation_lead_id])
        )
    if "attachments" in wanted.names:
        steps.append(ctx.prime("attachments", ids))
    if "orders" in wanted.names:
        steps.append(_prime_orders_of(ctx, ids, wanted))
    for step in steps:
        await step


async def _prime_orders_of(ctx: Context, customer_ids: list[int], wanted: Wanted) -> None:
    from .orders import CUSTOMER_ORDERS_CAP, prime_orders

    args = wanted.only_arguments("orders")
    if args is None or args.get("after") is not None:
        return
    first = int_argument(args, "first", 20)
    if first is None or not 0 <= first <= CUSTOMER_ORDERS_CAP:
        return
    key = f"first_orders_{first}"
    await ctx.prime(key, customer_ids)
    orders = [o for c in customer_ids for o in ctx.memo[(key, c)][:first]]
    below = wanted.below("orders", "nodes")
    edges = wanted.below("orders", "edges", "node")
    below.names |= edges.names
    await prime_orders(ctx, orders, below)
