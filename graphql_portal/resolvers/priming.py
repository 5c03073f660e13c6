"""Page priming: load, in a few batched statements, what a selection asks of a page of rows.

After priming, the fields of every row answer from the loaders' caches without awaiting.
"""

from __future__ import annotations

from ..models import Customer, Order
from .context import Context
from .loaders import LISTED_ORDER_FIELDS
from .lookahead import Wanted, int_argument
from .orders import CUSTOMER_ORDERS_CAP

PRICED_FIELDS = {"lines", "monthlyCost", "eligibility", "changeOptions"}


async def prime_customers(context: Context, customers: list[Customer], wanted: Wanted) -> int | None:
    """What the selection asks of a page of customers. Returns the `first` of the orders page it
    loaded as listed orders (`listed_orders`), for the page's customers to read them from."""
    if not customers:
        return None
    loaders = context.loaders
    ids = [c.id for c in customers]
    if wanted.names & PRICED_FIELDS:
        await loaders.priced_customers.load_all(customers)
    if "implementationLead" in wanted.names:
        await loaders.users.load_all(
            {c.implementation_lead_id for c in customers if c.implementation_lead_id}
        )
    if "attachments" in wanted.names:
        await loaders.attachments.load_all(ids)
    if "orders" in wanted.names:
        return await _prime_orders_of(context, ids, wanted)
    return None


async def _prime_orders_of(context: Context, customer_ids: list[int], wanted: Wanted) -> int | None:
    """The first page of each customer's orders, when every customer asks the same first page;
    only the listed columns when that is all the page asks of them (see `listed_orders`)."""
    args = wanted.only_arguments("orders")
    if args is None or args.get("after") is not None:
        return None
    first = int_argument(args, "first", 20)
    if first is None or not 0 <= first <= CUSTOMER_ORDERS_CAP:
        return None
    below = wanted.below("orders", "nodes")
    edges = wanted.below("orders", "edges", "node")
    below.names |= edges.names
    listed = below.names <= LISTED_ORDER_FIELDS
    pages = await context.loaders.first_orders(first, listed=listed).load_all(customer_ids)
    if not listed:
        await prime_orders(context, [o for rows in pages for o in rows[:first]], below)
    return first if listed else None


async def prime_orders(context: Context, orders: list[Order], wanted: Wanted) -> None:
    """The relations the selection asks of a page of orders."""
    if not orders:
        return
    loaders = context.loaders
    names = wanted.names
    if "partner" in names:
        await loaders.partners.load_all({o.partner_id for o in orders})
    if "customer" in names:
        await loaders.customers.load_all({o.customer_id for o in orders})
    if "submittedBy" in names:
        await loaders.users.load_all({o.submitted_by_id for o in orders})
    if "implementationLead" in names:
        await loaders.users.load_all({o.implementation_lead_id for o in orders})
    if "addendum" in names:
        await loaders.addenda.load_all([o.id for o in orders])
    if "deliveries" in names:
        await loaders.deliveries.load_all([o.id for o in orders])
    if "customer" in names:
        customers = await loaders.customers.load_all({o.customer_id for o in orders})
        unique = list({c.id: c for c in customers if c is not None}.values())
        await prime_customers(context, unique, wanted.below("customer"))
