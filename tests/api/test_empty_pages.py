"""A page with no nodes answers the `after` cursor it was given, so a job storing endCursor keeps its place."""

from __future__ import annotations

import datetime as dt

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer
from tests.support.orders import make_completed_order

SYNC = """
query($after: String) {
  orders(first: 2, after: $after) { nodes { number } pageInfo { hasNextPage endCursor } }
}
"""


async def test_a_sync_that_stores_every_end_cursor_picks_up_the_next_order(api):
    fabrikam = await Customer.get(account_code="FAB-001")
    first = await make_completed_order(fabrikam, at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5))
    page = (await api.gql(SYNC, token="finance"))["orders"]
    assert [n["number"] for n in page["nodes"]] == [first.number]
    stored = page["pageInfo"]["endCursor"]
    # Nothing new: the page is empty and hands back the cursor it was given.
    page = (await api.gql(SYNC, {"after": stored}, token="finance"))["orders"]
    assert page == {"nodes": [], "pageInfo": {"hasNextPage": False, "endCursor": stored}}
    stored = page["pageInfo"]["endCursor"]
    later = await make_completed_order(fabrikam)
    page = (await api.gql(SYNC, {"after": stored}, token="finance"))["orders"]
    assert [n["number"] for n in page["nodes"]] == [later.number]


async def test_every_connection_answers_its_after_cursor_on_an_empty_page(api):
    fabrikam = await Customer.get(account_code="FAB-001")
    await make_completed_order(fabrikam)
    queries = {
        "customers": "query($after: String) { customers(first: 500, after: $after) { pageInfo { endCursor } } }",
        "users": "query($after: String) { users(first: 500, after: $after) { pageInfo { endCursor } } }",
        "orders": "query($after: String) { orders(first: 500, after: $after) { pageInfo { endCursor } } }",
    }
    queries["customers"] = queries["customers"].replace("first: 500", "first: 100")
    for name, query in queries.items():
        last = (await api.gql(query))[name]["pageInfo"]["endCursor"]
        assert last is not None
        assert (await api.gql(query, {"after": last}))[name]["pageInfo"]["endCursor"] == last, name
    orders_of = """query($id: ID!, $after: String) { customer(id: $id) { orders(first: 5, after: $after) {
      nodes { id } pageInfo { endCursor } } } }"""
    variables = {"id": encode_id("Customer", fabrikam.id), "after": None}
    last = (await api.gql(orders_of, variables))["customer"]["orders"]["pageInfo"]["endCursor"]
    empty = (await api.gql(orders_of, {**variables, "after": last}))["customer"]["orders"]
    assert empty == {"nodes": [], "pageInfo": {"endCursor": last}}


async def test_a_first_page_with_nothing_on_it_has_no_cursor_to_give(api):
    page = (await api.gql(SYNC, token="finance"))["orders"]
    assert page == {"nodes": [], "pageInfo": {"hasNextPage": False, "endCursor": None}}
