"""Customers of the caller's partner: the list and one customer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from tortoise.expressions import Q

from ..ids import decode_id
from ..models import Customer
from ..models.paging import after_key
from ..models.rows import customer_rows, partner_customers
from .context import Context
from .errors import bad_input
from .pagination import Page, check_first, encode_cursor, keyed_cursor, name_cursor, storable

CUSTOMERS_CAP = 100
SEARCH_MAX = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class CustomerSortField(Enum):
    NAME = "NAME"
    SEATS = "SEATS"
    MONTHLY_COST = "MONTHLY_COST"


@dataclass(frozen=True)
class CustomerSortValues:
    field: CustomerSortField = CustomerSortField.NAME
    descending: bool = False

    @property
    def cursor_tag(self) -> str | None:
        """What this ordering's cursors name; none for by name, A to Z (its cursors stay as they were)."""
        if self == DEFAULT_CUSTOMER_SORT:
            return None
        return f"{self.field.value}:{'DESC' if self.descending else 'ASC'}"


DEFAULT_CUSTOMER_SORT = CustomerSortValues()


async def customers_page(
    context: Context,
    first: int,
    after: str | None,
    search: str | None,
    sort: CustomerSortValues = DEFAULT_CUSTOMER_SORT,
) -> Page:
    """By name then id, or as `sort` says (ties by id, in the same direction); `search` matches
    a part of the name or account code, any case."""
    partner_id = context.partner_id()
    check_first(first, CUSTOMERS_CAP)
    searching = search is not None and bool(search.strip())
    if not searching and sort == DEFAULT_CUSTOMER_SORT:  # the plain page and its count: one statement
        position = name_cursor(after) if after else None
        rows, total = await partner_customers(partner_id, first + 1 if first else 0, position)
        return Page(
            items=rows[:first],
            has_next_page=len(rows) > first,
            cursor_of=lambda c: encode_cursor(c.name, c.id),
            total_count=total,
            after=after,
        )
    base = Customer.filter(partner_id=partner_id)
    if searching:
        base = base.filter(search_condition(search))
    if sort.field is CustomerSortField.MONTHLY_COST:
        return await _by_monthly_cost(context, base, first, after, sort)
    column = "seats" if sort.field is CustomerSortField.SEATS else "name"
    tag = sort.cursor_tag
    page = base
    if after:
        value, last_id = keyed_cursor(after, tag, int if column == "seats" else str)
        page = page.filter(after_key(column, value, last_id, descending=sort.descending))
    order = (f"-{column}", "-id") if sort.descending else (column, "id")
    rows = await customer_rows(page.order_by(*order).limit(first + 1)) if first else []
    total = await base.count()

    def cursor_of(c) -> str:
        key = (getattr(c, column), c.id)
        return encode_cursor(*key, tag) if tag else encode_cursor(*key)

    return Page(
        items=rows[:first],
        has_next_page=len(rows) > first,
        cursor_of=cursor_of,
        total_count=total,
        after=after,
    )


async def _by_monthly_cost(
    context: Context, base, first: int, after: str | None, sort: CustomerSortValues
) -> Page:
    """Customers by monthly cost, which is priced, not stored: every matching customer is priced
    at the partner's contracted prices (as their pages show it) and the page is cut from that
    order. A cursor holds the cost and id of the last row, so pages neither skip nor repeat."""
    rows = await customer_rows(base.order_by("id"))
    pricing = await context.loaders.pricing.load(context.partner_id())
    held = await context.loaders.holdings.load_all([c.id for c in rows])
    costs = {
        c.id: pricing.monthly_cost(pricing.lines(skus, c.seats)).amount
        for c, skus in zip(rows, held, strict=True)
    }
    tag = sort.cursor_tag

    def key(c) -> tuple[Decimal, int]:
        return (costs[c.id], c.id)

    ordered = sorted(rows, key=key, reverse=sort.descending)
    if after:
        cost, last_id = keyed_cursor(after, tag, Decimal)
        mark = (cost, last_id)
        ordered = [c for c in ordered if (key(c) < mark if sort.descending else key(c) > mark)]
    return Page(
        items=ordered[:first],
        has_next_page=len(ordered) > first,
        cursor_of=lambda c: encode_cursor(str(costs[c.id]), c.id, tag),
        total_count=len(rows),
        after=after,
    )


def search_condition(search: str, name: str = "search") -> Q:
    """Customers whose name or account code contains `search` (trimmed), in any case; the
    argument `name` is refused (BAD_USER_INPUT) when it cannot be searched for."""
    term = search.strip()
    if len(term) > SEARCH_MAX:
        raise bad_input(f"`{name}` may be at most {SEARCH_MAX} characters.")
    if _CONTROL.search(term) or not storable(term):
        raise bad_input(f"`{name}` may not contain control characters or unpaired surrogates.")
    return Q(name__icontains=term) | Q(account_code__icontains=term)


async def customer_by_id(context: Context, customer_id: str) -> Customer | None:
    """Null for an unknown id, a malformed one, or another partner's customer alike."""
    pk = decode_id(customer_id, "Customer")
    if pk is None:
        return None
    return await Customer.filter(id=pk, partner_id=context.partner_id()).first()
