"""customers(orderBy:): by name, seats or monthly cost, either way, each customer once across pages."""

from __future__ import annotations

import base64
import json
from decimal import Decimal

import pytest

LIST = """
query($first: Int, $after: String, $search: String, $orderBy: CustomerSort) {
  customers(first: $first, after: $after, search: $search, orderBy: $orderBy) {
    totalCount
    nodes { id name seats monthlyCost { amount } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


async def read_all(
    api, first: int, order_by: dict | None, search: str | None = None, token="alice"
) -> list[dict]:
    seen, after = [], None
    while True:
        variables = {"first": first, "after": after, "orderBy": order_by, "search": search}
        page = (await api.gql(LIST, variables, token=token))["customers"]
        seen += page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


def key_of(field: str):
    if field == "NAME":
        return lambda c: c["name"]
    if field == "SEATS":
        return lambda c: c["seats"]
    return lambda c: Decimal(c["monthlyCost"]["amount"])


@pytest.mark.parametrize("field", ["NAME", "SEATS", "MONTHLY_COST"])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_every_customer_once_in_order_ties_by_id(api, field, direction):
    every = await read_all(api, 100, None)
    assert len(every) == 60
    shown = await read_all(api, 7, {"field": field, "direction": direction})
    assert sorted(c["id"] for c in shown) == sorted(c["id"] for c in every)
    key = key_of(field)
    # The same order as sorting the whole list by the value, then by id (ids grow with creation).
    ids = {c["id"]: n for n, c in enumerate(sorted(every, key=lambda c: c["id"]))}
    expected = sorted(
        every, key=lambda c: (key(c), int.from_bytes(c["id"].encode())), reverse=direction == "DESC"
    )
    assert [key(c) for c in shown] == [key(c) for c in expected]
    assert len(ids) == 60


async def test_the_dearest_customers_and_a_search(api):
    dearest = (await api.gql(LIST, {"first": 3, "orderBy": {"field": "MONTHLY_COST", "direction": "DESC"}}))[
        "customers"
    ]
    costs = [Decimal(c["monthlyCost"]["amount"]) for c in dearest["nodes"]]
    assert costs == sorted(costs, reverse=True) and dearest["totalCount"] == 60
    everyone = await read_all(api, 100, None)
    assert costs[0] == max(Decimal(c["monthlyCost"]["amount"]) for c in everyone)
    smp = await read_all(api, 4, {"field": "SEATS"}, search="smp-0")
    assert [c["seats"] for c in smp] == sorted(c["seats"] for c in smp)
    assert all(c["name"] for c in smp) and len(smp) == len(await read_all(api, 100, None, search="smp-0"))
    assert (await api.gql(LIST, {"first": 1, "search": "smp-0", "orderBy": {"field": "SEATS"}}))["customers"][
        "totalCount"
    ] == len(smp)
    # Another partner's customers are its own.
    assert len(await read_all(api, 50, {"field": "MONTHLY_COST"}, token="carl")) < 60


async def test_a_cursor_belongs_to_its_ordering(api):
    by_name = (await api.gql(LIST, {"first": 2}))["customers"]["pageInfo"]["endCursor"]
    by_cost = (await api.gql(LIST, {"first": 2, "orderBy": {"field": "MONTHLY_COST"}}))["customers"][
        "pageInfo"
    ]["endCursor"]
    for cursor, order_by in (
        (by_name, {"field": "MONTHLY_COST"}),
        (by_cost, None),
        (by_cost, {"field": "MONTHLY_COST", "direction": "DESC"}),
        (by_name, {"field": "SEATS"}),
    ):
        body = (await api.post(LIST, {"first": 2, "after": cursor, "orderBy": order_by})).json()
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], order_by
    for forged in (
        ["NaN", 1, "MONTHLY_COST:ASC"],
        ["x", 1, "MONTHLY_COST:ASC"],
        [1.5, 1, "MONTHLY_COST:ASC"],
    ):
        cursor = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
        body = (
            await api.post(LIST, {"first": 2, "after": cursor, "orderBy": {"field": "MONTHLY_COST"}})
        ).json()
        assert [e["extensions"]["code"] for e in body["errors"]] == ["BAD_USER_INPUT"], forged
