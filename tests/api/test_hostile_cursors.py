"""Forged cursors and out-of-range instants are the client's mistake: BAD_USER_INPUT, never INTERNAL."""

from __future__ import annotations

import base64
import json

import pytest

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer
from tests.support.orders import make_completed_order

NOT_A_CURSOR = "`after` is not a cursor returned by this API."


def cursor(*key) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


FORGED_INSTANT_CURSORS = [
    cursor("2026-01-01T00:00:00+00:00", 2**70),
    cursor("2026-01-01T00:00:00+00:00", 2**63),
    cursor("2026-01-01T00:00:00+00:00", 0),
    cursor("2026-01-01T00:00:00+00:00", -1),
    cursor("2026-01-01T00:00:00+00:00", 1.5),
    cursor("2026-01-01T00:00:00+00:00", True),
    cursor("9999-12-31T23:59:59-14:00", 1),
    cursor("0001-01-01T00:00:00+14:00", 1),
    cursor("2026-01-01T00:00:00", 1),
    cursor("2026-01-01", 1),
    cursor("x" * 300, 1),
    cursor(None, 1),
]
FORGED_NAME_CURSORS = [
    cursor("Fabrikam", 2**70),
    cursor("Fabrikam", 2**63),
    cursor("Fabrikam", 0),
    cursor("Fab\u0000rikam", 1),
    cursor("Fab\ud800rikam", 1),
    cursor(12, 1),
]


async def refusal(api, query: str, variables: dict, token: str = "alice") -> dict:
    response = await api.post(query, variables, token=token)
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["errors"]) == 1, body
    return body["errors"][0]


@pytest.mark.parametrize("forged", FORGED_INSTANT_CURSORS)
async def test_forged_order_cursors(api, forged):
    query = "query($after: String) { orders(first: 5, after: $after) { nodes { id } } }"
    error = await refusal(api, query, {"after": forged}, token="finance")
    assert (error["extensions"]["code"], error["message"], error["path"]) == (
        "BAD_USER_INPUT",
        NOT_A_CURSOR,
        ["orders"],
    )


async def test_forged_cursors_of_a_customers_orders(api):
    fabrikam = await Customer.get(account_code="FAB-001")
    await make_completed_order(fabrikam)
    query = "query($id: ID!, $after: String) { customer(id: $id) { orders(first: 2, after: $after) { nodes { id } } } }"
    for forged in FORGED_INSTANT_CURSORS:
        error = await refusal(api, query, {"id": encode_id("Customer", fabrikam.id), "after": forged})
        assert (error["extensions"]["code"], error["message"]) == ("BAD_USER_INPUT", NOT_A_CURSOR), forged


async def test_forged_customer_and_user_cursors(api):
    for field in ("customers", "users"):
        query = f"query($after: String) {{ {field}(first: 5, after: $after) {{ nodes {{ id }} }} }}"
        for forged in FORGED_NAME_CURSORS:
            error = await refusal(api, query, {"after": forged})
            assert (error["extensions"]["code"], error["message"]) == ("BAD_USER_INPUT", NOT_A_CURSOR), (
                field,
                forged,
            )


@pytest.mark.parametrize("name", ["updatedSince", "submittedFrom", "submittedTo"])
@pytest.mark.parametrize("instant", ["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00"])
async def test_instants_that_are_not_in_utcs_range(api, name, instant):
    query = "query($f: OrderFilter) { orders(first: 5, filter: $f) { nodes { id } } }"
    error = await refusal(api, query, {"f": {name: instant}}, token="finance")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == f"`{name}` is outside the range of dates this API can compare: {instant}."


async def test_the_latest_and_earliest_instants_that_can_be_compared_are_fine(api):
    query = "query($f: OrderFilter) { orders(first: 5, filter: $f) { nodes { id } } }"
    for since in ("9999-12-31T23:59:59+00:00", "0001-01-01T00:00:00-14:00", "0001-01-01T00:00:00Z"):
        await api.gql(query, {"f": {"updatedSince": since}}, token="finance")


@pytest.mark.parametrize("search", ["Fab\\u0000", "Fab\\ud800", "Fab\\u001b[31m"])
async def test_a_search_with_characters_no_name_has(api, search):
    # Sent as JSON text: an unpaired surrogate cannot be encoded by the client, only escaped.
    query = json.dumps("query($s: String) { customers(search: $s) { totalCount } }")
    body = f'{{"query": {query}, "variables": {{"s": "{search}"}}}}'
    response = await api.client.post(
        "/graphql",
        content=body.encode(),
        headers={"Authorization": f"Bearer {api.tokens['alice']}", "Content-Type": "application/json"},
    )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    if "ud800" not in search:  # an unpaired surrogate is already refused as JSON
        assert error["message"] == "`search` may not contain control characters or unpaired surrogates."


async def test_cursors_naming_ids_beyond_32_bits_are_pages_like_any_other(api):
    """Every key is 64-bit: 2**31 and 2**63-1 are ids a cursor may name (an empty page after them)."""
    for last_id in (2**31, 2**63 - 1):
        orders = "query($after: String) { orders(first: 5, after: $after) { nodes { id } } }"
        body = await api.gql(orders, {"after": cursor("2026-01-01T00:00:00+00:00", last_id)}, token="finance")
        assert body["orders"]["nodes"] == []
        customers = "query($after: String) { customers(first: 5, after: $after) { nodes { id } } }"
        body = await api.gql(customers, {"after": cursor("\uffff", last_id)})
        assert body["customers"]["nodes"] == []
        missing = await api.gql(
            "query($id: ID!) { customer(id: $id) { id } }", {"id": encode_id("Customer", last_id)}
        )
        assert missing == {"customer": None}
        missing = await api.gql(
            "query($id: ID!) { order(id: $id) { id } }", {"id": encode_id("Order", last_id)}, token="finance"
        )
        assert missing == {"order": None}
