"""The customers list pages by name then id, with the partner's total on every page, first: 0 too."""

from __future__ import annotations

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, Partner

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
