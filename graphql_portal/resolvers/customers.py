"""Customers of the caller's partner: the list and one customer."""

from __future__ import annotations

import re

from tortoise.expressions import Q

from ..ids import decode_id
from ..models import Customer
from ..models.paging import after_key
from ..models.rows import customer_rows, partner_customers
from .context import Context
from .errors import bad_input
from .pagination import Page, check_first, encode_cursor, name_cursor, storable

CUSTOMERS_CAP = 100
SEARCH_MAX = 200
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


async def customers_page(context: Context, first: int, after: str | None, search: str | None) -> Page:
    """By name then id; `search` matches a part of the name or account code, any case."""
    partner_id = context.partner_id()
    check_first(first, CUSTOMERS_CAP)
    if search is None or not search.strip():  # the plain page and its count: one statement
        position = name_cursor(after) if after else None
        rows, total = await partner_customers(partner_id, first + 1 if first else 0, position)
        return Page(
            items=rows[:first],
            has_next_page=len(rows) > first,
            cursor_of=lambda c: encode_cursor(c.name, c.id),
            total_count=total,
            after=after,
        )
    base = Customer.filter(partner_id=partner_id).filter(search_condition(search))
    page = base
    if after:
        name, last_id = name_cursor(after)
        page = page.filter(after_key("name", name, last_id))
    rows = await customer_rows(page.order_by("name", "id").limit(first + 1)) if first else []
    total = await base.count()
    items = rows[:first]
    return Page(
        items=items,
        has_next_page=len(rows) > first,
        cursor_of=lambda c: encode_cursor(c.name, c.id),
        total_count=total,
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
