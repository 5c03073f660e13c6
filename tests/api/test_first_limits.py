"""Each connection's `first` limit is in the schema's description, and is the limit enforced."""

from __future__ import annotations

import pytest
from graphql import GraphQLObjectType

from graphql_portal.models import Partner
from graphql_portal.schema import schema
from tests.support.events import make_endpoint

# Every field with a `first` argument, and the query that asks it for `first: $n`.
CONNECTIONS = {
    ("Query", "customers"): "query($n: Int) { customers(first: $n) { totalCount } }",
    ("Query", "users"): "query($n: Int) { users(first: $n) { nodes { id } } }",
    ("Query", "orders"): "query($n: Int) { orders(first: $n) { nodes { id } } }",
    (
        "Customer",
        "orders",
    ): "query($n: Int) { customers(first: 1) { nodes { orders(first: $n) { nodes { id } } } } }",
    ("Query", "auditEvents"): "query($n: Int) { auditEvents(first: $n) { nodes { id } } }",
    (
        "WebhookEndpoint",
        "deliveries",
    ): "query($n: Int) { webhookEndpoints { deliveries(first: $n) { nodes { id } } } }",
}


def connection_fields():
    for type_ in schema._schema.type_map.values():
        if isinstance(type_, GraphQLObjectType) and not type_.name.startswith("__"):
            for name, field in type_.fields.items():
                if "first" in field.args:
                    yield (type_.name, name), field


def documented_cap(field) -> tuple[int, int]:
    """The default and the maximum a field's description states: "`first`: default D, at most M."."""
    description = field.description or ""
    marker = "`first`: default "
    assert marker in description, description
    default, _, rest = description.split(marker, 1)[1].partition(", at most ")
    return int(default), int(rest.rstrip("."))


def test_every_connection_documents_its_first_limit():
    found = dict(connection_fields())
    assert set(found) == set(CONNECTIONS)
    for key, field in found.items():
        default, _ = documented_cap(field)
        assert default == field.args["first"].default_value, key


@pytest.mark.parametrize("key", sorted(CONNECTIONS))
async def test_the_documented_limit_is_the_one_enforced(api, key):
    _, cap = documented_cap(dict(connection_fields())[key])
    query = CONNECTIONS[key]
    if key == ("WebhookEndpoint", "deliveries"):  # an endpoint whose deliveries are asked for
        await make_endpoint((await Partner.get(name="Northwind Managed IT")).id, ["ORDER_COMPLETED"])
    assert "errors" not in (await api.post(query, {"n": cap})).json()
    over = (await api.post(query, {"n": cap + 1})).json()
    assert over["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert over["errors"][0]["message"] == f"`first` may be at most {cap}."
