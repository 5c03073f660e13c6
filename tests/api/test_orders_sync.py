"""Incremental order sync for finance jobs: keyset pages on (updatedAt, id), filters, visibility."""

from __future__ import annotations

import datetime as dt

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, Order, OrderStatus
from tests.support.orders import make_completed_order

SYNC = """
query($first: Int, $after: String, $filter: OrderFilter) {
  orders(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id number status updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}
"""

T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)


async def make_orders() -> list[Order]:
    """Nine Northwind orders, three sharing one instant (ties broken by id), one Contoso order."""
    customers = await Customer.filter(account_code__startswith="SMP-").order_by("id").limit(9)
    orders = []
    for n, customer in enumerate(customers):
        at = T0 + dt.timedelta(minutes=n if n < 6 else 6)
        orders.append(await make_completed_order(customer, at=at))
    await make_completed_order(await Customer.get(account_code="WWI-001"), at=T0)
    return orders


async def sync(
    api, token: str, first: int, flt: dict | None = None, after: str | None = None
) -> tuple[list[dict], str | None]:
    seen = []
    while True:
        data = await api.gql(SYNC, {"first": first, "after": after, "filter": flt}, token=token)
        conn = data["orders"]
        seen += [e["node"] for e in conn["edges"]]
        if conn["pageInfo"]["endCursor"]:
            after = conn["pageInfo"]["endCursor"]
        if not conn["pageInfo"]["hasNextPage"]:
            return seen, after


async def test_full_sync_one_at_a_time_sees_every_order_once_in_order(api):
    orders = await make_orders()
    seen, _ = await sync(api, "alice", 1)
    assert [n["id"] for n in seen] == [encode_id("Order", o.id) for o in orders]
    stamps = [n["updatedAt"] for n in seen]
    assert stamps == sorted(stamps)
    everything, _ = await sync(api, "finance", 1)
    assert len(everything) == 10 and len({n["id"] for n in everything}) == 10


async def test_updated_since_and_the_last_cursor_pick_up_changes(api):
    orders = await make_orders()
    seen, cursor = await sync(api, "finance", 4)
    assert len(seen) == 10
    last_seen = max(n["updatedAt"] for n in seen)
    # Later: one order completes again after a retry, one new order arrives.
    later = dt.datetime.now(dt.UTC)
    await Order.filter(id=orders[2].id).update(status=OrderStatus.ATTENTION_NEEDED, updated_at=later)
    new = await make_completed_order(
        await Customer.get(account_code="FAB-001"), at=later + dt.timedelta(seconds=1)
    )
    changed, _ = await sync(api, "finance", 500, {"updatedSince": last_seen})
    ids = [n["id"] for n in changed]
    assert encode_id("Order", orders[2].id) in ids and encode_id("Order", new.id) in ids
    assert ids[-2:] == [encode_id("Order", orders[2].id), encode_id("Order", new.id)]
    resumed, _ = await sync(api, "finance", 500, after=cursor)
    assert [n["id"] for n in resumed] == [encode_id("Order", orders[2].id), encode_id("Order", new.id)]
    assert resumed[0]["status"] == "ATTENTION_NEEDED"


async def test_filters(api):
    orders = await make_orders()
    await Order.filter(id=orders[0].id).update(status=OrderStatus.ATTENTION_NEEDED)
    attention, _ = await sync(api, "alice", 50, {"status": ["ATTENTION_NEEDED"]})
    assert [n["id"] for n in attention] == [encode_id("Order", orders[0].id)]
    one_customer, _ = await sync(
        api, "alice", 50, {"customerId": encode_id("Customer", orders[1].customer_id)}
    )
    assert [n["id"] for n in one_customer] == [encode_id("Order", orders[1].id)]
    window = {
        "submittedFrom": (T0 + dt.timedelta(minutes=1)).isoformat(),
        "submittedTo": (T0 + dt.timedelta(minutes=3)).isoformat(),
    }
    in_window, _ = await sync(api, "alice", 50, window)
    assert [n["id"] for n in in_window] == [encode_id("Order", o.id) for o in orders[1:3]]
    nothing, _ = await sync(api, "alice", 50, {"status": []})
    assert nothing == []
    other, _ = await sync(
        api,
        "alice",
        50,
        {"customerId": encode_id("Customer", (await Customer.get(account_code="WWI-001")).id)},
    )
    assert other == []


async def test_contoso_sees_none_of_northwinds_orders(api):
    await make_orders()
    contoso, _ = await sync(api, "carl", 100)
    assert len(contoso) == 1
    wwi = await Order.get(customer__account_code="WWI-001")
    assert contoso[0]["id"] == encode_id("Order", wwi.id)


async def test_first_over_the_cap_and_naive_instants_are_refused(api):
    for variables in (
        {"first": 501},
        {"first": -1},
        {"first": 10, "filter": {"updatedSince": "2026-01-01T00:00:00"}},
        {"first": 10, "after": "bm90LWEtY3Vyc29y"},
    ):
        body = (await api.post(SYNC, variables, token="finance")).json()
        assert body["data"] is None
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", body
    ok = (await api.post(SYNC, {"first": 500}, token="finance")).json()
    assert "errors" not in ok


async def test_a_customers_orders_are_newest_first_and_page_with_a_cursor(api):
    fabrikam = await Customer.get(account_code="FAB-001")
    orders = [await make_completed_order(fabrikam, at=T0 + dt.timedelta(minutes=n)) for n in range(3)]
    query = """
    query($id: ID!, $after: String) {
      customer(id: $id) { orders(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }
    }"""
    variables = {"id": encode_id("Customer", fabrikam.id), "after": None}
    first = (await api.gql(query, variables))["customer"]["orders"]
    assert [n["id"] for n in first["nodes"]] == [encode_id("Order", o.id) for o in (orders[2], orders[1])]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = (await api.gql(query, {**variables, "after": first["pageInfo"]["endCursor"]}))["customer"][
        "orders"
    ]
    assert [n["id"] for n in rest["nodes"]] == [encode_id("Order", orders[0].id)]
    assert rest["pageInfo"]["hasNextPage"] is False
