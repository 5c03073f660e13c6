"""The customers list pages by name then id, with the partner's total on every page, first: 0 too."""

from __future__ import annotations

import datetime as dt

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, Partner
from tests.support.api import count_statements
from tests.support.orders import make_completed_order

PAGE = """
query($first: Int, $after: String, $search: String) {
  customers(first: $first, after: $after, search: $search) {
    totalCount
    nodes { id name }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def test_pages_of_two_walk_every_customer_once_with_the_total_on_each(api):
    northwind = await Partner.get(name__icontains="northwind")
    expected = [
        encode_id("Customer", c.id)
        for c in await Customer.filter(partner_id=northwind.id).order_by("name", "id")
    ]
    assert len(expected) >= 5
    seen, after = [], None
    while True:
        page = (await api.gql(PAGE, {"first": 2, "after": after}))["customers"]
        assert page["totalCount"] == len(expected)
        seen += [n["id"] for n in page["nodes"]]
        assert page["pageInfo"]["hasNextPage"] == (len(seen) < len(expected))
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == expected
    # past the last customer: an empty page, the same total, the cursor it was given
    last = page["pageInfo"]["endCursor"]
    empty = (await api.gql(PAGE, {"first": 2, "after": last}))["customers"]
    assert empty == {
        "totalCount": len(expected),
        "nodes": [],
        "pageInfo": {"hasNextPage": False, "endCursor": last},
    }


async def test_first_zero_gives_the_total_and_no_page(api):
    total = (await api.gql(PAGE, {"first": 100}))["customers"]["totalCount"]
    for search in (None, "   "):
        page = (await api.gql(PAGE, {"first": 0, "search": search}))["customers"]
        assert page == {
            "totalCount": total,
            "nodes": [],
            "pageInfo": {"hasNextPage": False, "endCursor": None},
        }


async def test_a_blank_search_is_the_plain_list_and_a_search_counts_its_matches(api):
    plain = (await api.gql(PAGE, {"first": 100}))["customers"]
    assert (await api.gql(PAGE, {"first": 100, "search": "  "}))["customers"] == plain
    fabrikam = (await api.gql(PAGE, {"first": 1, "search": "fab"}))["customers"]
    names = [n["name"] for n in plain["nodes"] if "fab" in n["name"].lower()]
    assert fabrikam["totalCount"] >= len(names) >= 1
    assert fabrikam["nodes"][0]["name"] == names[0]


async def test_another_partners_customers_are_not_counted_or_listed(api):
    alice = (await api.gql(PAGE, {"first": 100}))["customers"]
    carl = (await api.gql(PAGE, {"first": 100}, token="carl"))["customers"]
    assert {n["id"] for n in alice["nodes"]}.isdisjoint({n["id"] for n in carl["nodes"]})
    contoso = await Partner.get(name__icontains="contoso")
    assert carl["totalCount"] == await Customer.filter(partner_id=contoso.id).count()


LISTED = """
query($first: Int) {
  customers(first: 100) {
    nodes {
      id
      orders(first: $first) {
        nodes { id number status submittedAt monthlyCostChange { amount currency } %s }
        edges { cursor }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
"""


async def test_orders_listed_on_a_customers_page_read_as_the_full_orders_do(api):
    fabrikam = await Customer.get(account_code="FAB-001")
    for minutes in (30, 20, 10):
        await make_completed_order(fabrikam, at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes))
    await api.gql(PAGE, {"first": 1})  # the token's use is recorded once a minute: not below
    for first in (2, 5):
        with count_statements() as narrow:
            listed = (await api.gql(LISTED % "", {"first": first}))["customers"]["nodes"]
        with count_statements() as wide:
            full = (await api.gql(LISTED % "seatsAfter effectiveOn", {"first": first}))["customers"]["nodes"]
        # the listed orders are read without the columns the page does not show
        assert not any("seats_after" in sql for sql in narrow.statements)
        assert any("seats_after" in sql for sql in wide.statements)
        assert len(narrow.statements) == len(wide.statements)
        assert [c["id"] for c in listed] == [c["id"] for c in full]
        for shown, whole in zip(listed, full, strict=True):
            assert shown["orders"]["pageInfo"] == whole["orders"]["pageInfo"]
            assert shown["orders"]["edges"] == whole["orders"]["edges"]
            for node, other in zip(shown["orders"]["nodes"], whole["orders"]["nodes"], strict=True):
                assert node == {k: v for k, v in other.items() if k not in ("seatsAfter", "effectiveOn")}
                assert other["seatsAfter"] is not None and other["effectiveOn"] is not None
        orders = next(c["orders"] for c in listed if c["id"] == encode_id("Customer", fabrikam.id))
        assert len(orders["nodes"]) == first or not orders["pageInfo"]["hasNextPage"]
        assert orders["nodes"][0]["monthlyCostChange"]["currency"] == "USD"


WIDER_SELECTIONS = {
    "a named fragment": (
        "query { customers(first: 100) { nodes { id orders(first: 3) { nodes { ...O } } } } }"
        " fragment O on Order { id status seatsBefore }"
    ),
    "an inline fragment": (
        "query { customers(first: 100) { nodes { id orders(first: 3) { nodes { id"
        " ... on Order { seatsBefore } } } } } }"
    ),
    "a field left out by @include": (
        "query($no: Boolean = false) { customers(first: 100) { nodes { id orders(first: 3) {"
        " nodes { id status seatsBefore @include(if: $no) } } } } }"
    ),
    "a nested fragment": (
        "query { customers(first: 100) { nodes { id orders(first: 3) { nodes { ...A } } } } }"
        " fragment A on Order { id ...B } fragment B on Order { seatsBefore }"
    ),
    "the orders asked twice under aliases": (
        "query { customers(first: 100) { nodes { id a: orders(first: 3) { nodes { id status } }"
        " b: orders(first: 3) { nodes { id seatsBefore } } } } }"
    ),
    "the order's own customer": (
        "query { customers(first: 100) { nodes { id orders(first: 3) { nodes { id customer { name } } } } } }"
    ),
    "the status message": (
        "query { customers(first: 100) { nodes { id orders(first: 3) { nodes { id status statusMessage } } } } }"
    ),
}


async def test_a_selection_beyond_the_listed_fields_reads_whole_orders_however_it_is_written(api):
    """Fragments, directives and aliases cannot smuggle a field past the listed columns."""
    fabrikam = await Customer.get(account_code="FAB-001")
    for minutes in (30, 20):
        await make_completed_order(fabrikam, at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=minutes))
    for name, query in WIDER_SELECTIONS.items():
        customers = (await api.gql(query))["customers"]["nodes"]
        mine = next(c for c in customers if c["id"] == encode_id("Customer", fabrikam.id))
        for field in ("orders", "a", "b"):
            for node in mine.get(field, {"nodes": []})["nodes"]:
                assert all(value is not None for value in node.values()), (name, node)
        assert len((mine.get("orders") or mine["a"])["nodes"]) == 2, name
