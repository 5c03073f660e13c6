"""A query's worst-case size (connections' `first` times their parents') is bounded before execution."""

from __future__ import annotations

import pytest
from graphql import parse

from graphql_portal.schema import schema
from graphql_portal.schema.complexity import MAX_NODES, worst_case_nodes
from tests.support.api import count_statements

NESTED = "customers(first: 100) { nodes { orders(first: 100) { nodes { id } } } }"
THIRTY = "{ " + " ".join(f"a{i}: {NESTED}" for i in range(30)) + " }"
FRAGMENTS = """
query($n: Int = 100) { a: customers(first: $n) { nodes { ...Latest ...Latest } edges { node { ...Latest } } } }
fragment Latest on Customer { orders(first: $n) { nodes { id customer { name } } } }
"""


def nodes(query: str, variables: dict | None = None, operation: str | None = None) -> int:
    return worst_case_nodes(schema._schema, parse(query), operation, variables)


@pytest.mark.parametrize(
    ("query", "variables", "expected"),
    [
        ("{ viewer { kind } catalog { sku } }", None, 0),
        (NESTED.join("{}"), None, 100 + 100 * 100),
        (THIRTY, None, 30 * 10_100),
        # Defaults: customers 50, a customer's orders 20, orders 100.
        ("{ customers { nodes { orders { nodes { id } } } } }", None, 50 + 50 * 20),
        (
            "{ orders { nodes { customer { orders(first: null) { totalCount: pageInfo { hasNextPage } } } } } }",
            None,
            100 + 100 * 20,
        ),
        # Variables, their defaults, and values the executor will refuse (the default stands in).
        ("query($n: Int) { customers(first: $n) { nodes { id } } }", {"n": 7}, 7),
        ("query($n: Int = 9) { customers(first: $n) { nodes { id } } }", {}, 9),
        ("query($n: Int = 9) { customers(first: $n) { nodes { id } } }", {"n": None}, 50),
        ("query($n: Int) { customers(first: $n) { nodes { id } } }", {"n": "7"}, 50),
        ("query($n: Int) { customers(first: $n) { nodes { id } } }", {"n": 2**40}, 50),
        ("query($n: Int) { customers(first: $n) { nodes { id } } }", {"n": -5}, 0),
        # A fragment spread twice at one level merges; under `edges` it is selected again.
        (FRAGMENTS, {"n": 10}, 10 + 10 * (10 + 10)),
        (FRAGMENTS, None, 100 + 100 * 200),
        # The same response key selected twice is one field.
        ("{ orders(first: 5) { nodes { id } } orders(first: 5) { pageInfo { hasNextPage } } }", None, 5),
    ],
)
def test_worst_case_counts(query, variables, expected):
    assert nodes(query, variables) == expected


def test_the_named_operation_is_the_one_counted():
    document = "query Small { viewer { kind } } query Big { orders(first: 500) { nodes { id } } }"
    assert (nodes(document, operation="Small"), nodes(document, operation="Big")) == (0, 500)
    assert nodes(document) == 0  # no name given: the executor refuses the ambiguity


async def test_thirty_aliases_of_a_nested_page_are_refused_before_any_resolver_runs(api):
    with count_statements() as counted:
        body = (await api.post(THIRTY)).json()
    assert body["data"] is None
    assert body["errors"] == [
        {
            "message": "This query may return up to 303000 nodes, more than the limit of 50000: "
            "ask for fewer nodes per page (`first`) or fewer connections per query.",
            "extensions": {"code": "QUERY_TOO_COMPLEX"},
        }
    ]
    assert not [s for s in counted.statements if "customer" in s], counted.statements


async def test_variables_decide_the_size(api):
    query = (
        "query($n: Int!) { "
        + " ".join(
            f"a{i}: customers(first: $n) {{ nodes {{ orders(first: $n) {{ nodes {{ id }} }} }} }}"
            for i in range(5)
        )
        + " }"
    )
    refused = (await api.post(query, {"n": 100})).json()
    assert refused["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "up to 50500 nodes, more than the limit of 50000" in refused["errors"][0]["message"]
    accepted = await api.gql(query, {"n": 2})
    assert [len(accepted[f"a{i}"]["nodes"]) for i in range(5)] == [2] * 5


async def test_a_customers_page_with_their_latest_orders_and_a_reconciliation_page_are_served(api):
    page = "{ customers(first: 50) { nodes { name orders(first: 3) { nodes { number } } } } }"
    assert len((await api.gql(page))["customers"]["nodes"]) == 50
    sync = "{ orders(first: 500) { nodes { id number customer { name } } pageInfo { endCursor } } }"
    assert (await api.gql(sync, token="finance"))["orders"]["nodes"] == []
    assert nodes(sync) == 500 and nodes(page) == 200 and MAX_NODES == 50_000
