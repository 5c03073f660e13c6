"""Changing a customer: the one write that a submit effective today and a scheduled order on its
date both make.

It is a compare-and-set on the customer's version (the version its review was made from), so a
customer changed meanwhile by any other means is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tortoise.backends.base.client import BaseDBAsyncClient

from ..models import Customer, CustomerProduct


async def change_customer(
    customer_id: int,
    *,
    from_version: int,
    seats: int,
    lead_id: int,
    remove: Iterable[int],
    add: Iterable[int],
    now: dt.datetime,
    conn: BaseDBAsyncClient,
) -> bool:
    """Set the seats and the implementation lead, drop the products `remove`, take the products
    `add` (ids), and move the version on, if the customer is still at `from_version`; whether it was."""
    updated = (
        await Customer.filter(id=customer_id, version=from_version)
        .using_db(conn)
        .update(seats=seats, implementation_lead_id=lead_id, version=from_version + 1, updated_at=now)
    )
    if updated != 1:
        return False
    remove = list(remove)
    if remove:
        await CustomerProduct.filter(customer_id=customer_id, product_id__in=remove).using_db(conn).delete()
    for product_id in add:
        await CustomerProduct.create(customer_id=customer_id, product_id=product_id, using_db=conn)
    return True
