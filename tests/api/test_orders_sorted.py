"""`orders(orderBy:)`: newest first (and the other orderings), keyset pages bound to their ordering."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
from tortoise import connections
from tortoise.transactions import in_transaction

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, Order, OrderStatus
from graphql_portal.models.paging import after_key
from tests.support.orders import make_completed_order

LIST = """
query($first: Int, $after: String, $filter: OrderFilter, $orderBy: OrderSort) {
  orders(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    edges { cursor node { id submittedAt updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
NEWEST_FIRST = {"field": "SUBMITTED_AT", "direction": "DESC"}
NOT_A_CURSOR = "`after` is not a cursor returned by this API."
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


async def make_orders() -> list[Order]:
    """Seven Northwind orders, submitted in the order made with three sharing one instant, but
    updated in the reverse order; and one Contoso order submitted last of all."""
    customers = await Customer.filter(account_code__startswith="SMP-").order_by("id").limit(7)
    orders = []
    for n, customer in enumerate(customers):
        at = T0 + dt.timedelta(minutes=min(n, 4))
        orders.append(await make_completed_order(customer, at=at))
    for n, order in enumerate(orders):
        await Order.filter(id=order.id).update(updated_at=T0 + dt.timedelta(hours=1, minutes=len(orders) - n))
    await make_completed_order(await Customer.get(account_code="WWI-001"), at=T0 + dt.timedelta(hours=2))
    return orders


def ids(orders: list[Order]) -> list[str]:
    return [encode_id("Order", o.id) for o in orders]


async def read_all(api, token: str, first: int, order_by: dict | None, flt: dict | None = None) -> list[str]:
    seen, after = [], None
    while True:
        variables = {"first": first, "after": after, "filter": flt, "orderBy": order_by}
        conn = (await api.gql(LIST, variables, token=token))["orders"]
        seen += [e["node"]["id"] for e in conn["edges"]]
        assert all(e["cursor"] for e in conn["edges"])
        if not conn["pageInfo"]["hasNextPage"]:
            return seen
        after = conn["pageInfo"]["endCursor"]


async def refusal(api, variables: dict, token: str = "alice") -> tuple:
    body = (await api.post(LIST, variables, token=token)).json()
    assert body["data"] is None and len(body["errors"]) == 1, body
    error = body["errors"][0]
    return error["extensions"]["code"], error["message"], error["path"]


@pytest.mark.parametrize("first", [1, 2, 3, 7, 500])
async def test_newest_first_pages_every_order_exactly_once_ties_by_id(api, first):
    orders = await make_orders()
    # Submitted T0, T0+1, T0+2, T0+3, then three at T0+4: newest first, the tie by id descending.
    expected = ids([orders[6], orders[5], orders[4], orders[3], orders[2], orders[1], orders[0]])
    assert await read_all(api, "alice", first, NEWEST_FIRST) == expected


async def test_each_ordering_lists_its_column_then_id(api):
    orders = await make_orders()
    oldest_first = ids(orders)
    by_update = ids(list(reversed(orders)))  # updated in the reverse order
    assert await read_all(api, "alice", 2, {"field": "SUBMITTED_AT", "direction": "ASC"}) == oldest_first
    assert await read_all(api, "alice", 2, {"field": "SUBMITTED_AT"}) == oldest_first
    assert await read_all(api, "alice", 2, {"field": "UPDATED_AT", "direction": "DESC"}) == oldest_first
    assert await read_all(api, "alice", 2, {"direction": "DESC"}) == oldest_first
    assert await read_all(api, "alice", 2, None) == by_update
    assert await read_all(api, "alice", 2, {}) == by_update
    assert await read_all(api, "alice", 2, {"field": "UPDATED_AT", "direction": "ASC"}) == by_update


async def test_the_default_ordering_keeps_its_cursors(api):
    """A sync's stored cursor (updatedAt, id) works with `orderBy` left out or given as the default."""
    orders = await make_orders()
    first = (await api.gql(LIST, {"first": 3}, token="alice"))["orders"]
    cursor = first["pageInfo"]["endCursor"]
    key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    assert key == [(T0 + dt.timedelta(hours=1, minutes=3)).isoformat(), orders[4].id]
    explicit = {"field": "UPDATED_AT", "direction": "ASC"}
    rest = await api.gql(LIST, {"first": 10, "after": cursor, "orderBy": explicit}, token="alice")
    assert [e["node"]["id"] for e in rest["orders"]["edges"]] == ids(orders[3::-1])


async def test_filters_apply_in_every_ordering(api):
    orders = await make_orders()
    await Order.filter(id__in=[orders[1].id, orders[4].id, orders[5].id]).update(
        status=OrderStatus.ATTENTION_NEEDED
    )
    await Order.filter(id=orders[4].id).update(partner_reference="PO-77", reference_key="po-77")
    attention = {"status": ["ATTENTION_NEEDED"]}
    assert await read_all(api, "alice", 1, NEWEST_FIRST, attention) == ids([orders[5], orders[4], orders[1]])
    assert await read_all(api, "alice", 1, NEWEST_FIRST, {"partnerReference": " PO-77 "}) == ids([orders[4]])
    assert await read_all(api, "alice", 1, NEWEST_FIRST, {"partnerReference": "PO-7"}) == []
    window = {
        "submittedFrom": (T0 + dt.timedelta(minutes=1)).isoformat(),
        "submittedTo": (T0 + dt.timedelta(minutes=4)).isoformat(),
    }
    assert await read_all(api, "alice", 2, NEWEST_FIRST, window) == ids([orders[3], orders[2], orders[1]])


async def test_other_partners_orders_are_never_included(api):
    orders = await make_orders()
    wwi = await Order.get(customer__account_code="WWI-001")
    assert await read_all(api, "carl", 1, NEWEST_FIRST) == ids([wwi])
    northwind = await read_all(api, "alice", 1, NEWEST_FIRST)
    assert encode_id("Order", wwi.id) not in northwind and len(northwind) == 7
    # Filtering by another partner's customer or reference looks like filtering by a missing one.
    other = {"customerId": encode_id("Customer", wwi.customer_id)}
    assert await read_all(api, "alice", 1, NEWEST_FIRST, other) == []
    # Reconciliation reads every partner's orders, newest first too.
    everything = await read_all(api, "finance", 3, NEWEST_FIRST)
    assert everything == [encode_id("Order", wwi.id), *ids(list(reversed(orders[4:]))), *ids(orders[3::-1])]


async def test_a_cursor_is_refused_by_every_ordering_but_its_own(api):
    await make_orders()
    orderings = [
        None,
        NEWEST_FIRST,
        {"field": "SUBMITTED_AT", "direction": "ASC"},
        {"field": "UPDATED_AT", "direction": "DESC"},
    ]
    cursors = []
    for order_by in orderings:
        conn = (await api.gql(LIST, {"first": 2, "orderBy": order_by}, token="alice"))["orders"]
        cursors.append(conn["pageInfo"]["endCursor"])
    for i, cursor in enumerate(cursors):
        for j, order_by in enumerate(orderings):
            variables = {"first": 2, "after": cursor, "orderBy": order_by}
            if i == j:
                assert "errors" not in (await api.post(LIST, variables, token="alice")).json()
            else:
                assert await refusal(api, variables) == ("BAD_USER_INPUT", NOT_A_CURSOR, ["orders"])


def forged(*key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        forged("2026-01-01T00:00:00+00:00", 1, "SUBMITTED_AT:SIDEWAYS"),
        forged("2026-01-01T00:00:00+00:00", 1, None),
        forged("2026-01-01T00:00:00+00:00", 1, 7),
        forged("2026-01-01T00:00:00+00:00", 2**63, "SUBMITTED_AT:DESC"),
        forged("2026-01-01T00:00:00", 1, "SUBMITTED_AT:DESC"),
        forged("9999-12-31T23:59:59-14:00", 1, "SUBMITTED_AT:DESC"),
        forged("2026-01-01T00:00:00+00:00", 1, "SUBMITTED_AT:DESC", "x"),
        forged("2026-01-01T00:00:00+00:00", 1),
    ],
)
async def test_forged_cursors_of_an_ordering(api, cursor):
    variables = {"first": 2, "after": cursor, "orderBy": NEWEST_FIRST}
    assert await refusal(api, variables, token="finance") == ("BAD_USER_INPUT", NOT_A_CURSOR, ["orders"])


async def test_an_index_serves_newest_first(db):
    """The database reads newest first from an index, a partner's orders or everyone's, first page
    or a later one, without sorting them."""
    later = after_key("submitted_at", T0, 1000, descending=True)
    queries = [
        Order.filter(partner_id=1),
        Order.filter(partner_id=1).filter(later),
        Order.all(),
        Order.filter(later),
    ]
    connection = connections.get("default")
    for query in queries:
        sql = query.order_by("-submitted_at", "-id").limit(51).sql(params_inline=True)
        if db.dialect == "sqlite":
            rows = (await connection.execute_query(f"EXPLAIN QUERY PLAN {sql}"))[1]
            plan = " ".join(str(row[-1]) for row in rows)
            assert "USING INDEX" in plan and "TEMP B-TREE" not in plan, plan
        else:
            # An empty table is cheaper to scan and sort: ask what the plan is when that is not so
            # (a plan that needs a Sort still shows one; these settings only make it costly).
            async with in_transaction() as transaction:  # the settings stay on this one connection
                for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                    await transaction.execute_script(f"SET LOCAL {setting} = off")
                rows = (await transaction.execute_query(f"EXPLAIN {sql}"))[1]
            plan = " ".join(str(row["QUERY PLAN"]) for row in rows)
            assert "Index Scan Backward" in plan and "Sort" not in plan, plan
