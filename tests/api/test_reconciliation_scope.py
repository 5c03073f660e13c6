"""A reconciliation token reads orders, not customers' records; anything else answers FORBIDDEN at its field."""

from __future__ import annotations

import pytest
from graphql import get_named_type, is_object_type

from graphql_portal.auth.scopes import RECONCILIATION_READS
from graphql_portal.ids import encode_id
from graphql_portal.models import Customer
from graphql_portal.schema import schema
from tests.support.orders import make_completed_order

EVERYTHING_RECONCILIATION_NEEDS = """
query($id: ID!) {
  viewer { kind user { id } partner { id } }
  order(id: $id) {
    id number status submittedAt updatedAt completedAt seatsBefore seatsAfter msaReference
    monthlyCostBefore { amount currency } monthlyCostAfter { amount currency } monthlyCostChange { amount currency }
    linesBefore { sku name kind seats unitPrice { amount currency } monthlyAmount { amount currency } }
    linesAfter { sku name kind seats unitPrice { amount currency } monthlyAmount { amount currency } }
    partner { id name msaReference currency }
    customer { id name accountCode status }
    submittedBy { id name }
    implementationLead { id name }
    addendum { id filename contentType size sha256 createdAt url }
    deliveries { kind recipient status attempts lastError sentAt }
  }
  orders(first: 10) { nodes { id customer { accountCode } } edges { cursor node { id } } pageInfo { hasNextPage endCursor } }
}
"""

# What a partner user may read of an order's customer and people, and a reconciliation token may not.
FORBIDDEN_THROUGH_AN_ORDER = [
    ("customer", "seats"),
    ("customer", "lines { sku }"),
    ("customer", "monthlyCost { amount }"),
    ("customer", "eligibility { eligible }"),
    ("customer", "changeOptions { addTo { sku } }"),
    ("customer", "attachments { id url }"),
    ("customer", "orders { nodes { id } }"),
    ("submittedBy", "email"),
    ("submittedBy", "role"),
    ("implementationLead", "email"),
]


@pytest.fixture
async def order_id(db):
    order = await make_completed_order(await Customer.get(account_code="FAB-001"))
    return encode_id("Order", order.id)


async def test_a_reconciliation_token_reads_what_reconciliation_needs(api, order_id):
    data = await api.gql(EVERYTHING_RECONCILIATION_NEEDS, {"id": order_id}, token="finance")
    assert data["order"]["customer"] == {
        "id": data["order"]["customer"]["id"],
        "name": "Fabrikam Dental",
        "accountCode": "FAB-001",
        "status": "ACTIVE",
    }
    assert data["order"]["addendum"]["filename"].endswith("-addendum.pdf")
    assert data["viewer"] == {"kind": "RECONCILIATION", "user": None, "partner": None}


@pytest.mark.parametrize(("relation", "selection"), FORBIDDEN_THROUGH_AN_ORDER)
async def test_anything_else_through_an_order_is_forbidden_at_that_field(api, order_id, relation, selection):
    query = f"query($id: ID!) {{ order(id: $id) {{ number {relation} {{ id {selection} }} }} }}"
    type_name = "Customer" if relation == "customer" else "User"
    field = selection.split()[0]
    body = (await api.post(query, {"id": order_id}, token="finance")).json()
    assert body["errors"] == [
        {
            "message": f"A reconciliation token may not read `{type_name}.{field}`.",
            "locations": body["errors"][0]["locations"],
            "path": ["order", relation, field],
            "extensions": {"code": "FORBIDDEN"},
        }
    ]
    # A partner user of the order's partner reads the same fields.
    assert "errors" not in (await api.post(query, {"id": order_id}, token="alice")).json()


async def test_the_rest_of_the_answer_is_given(api, order_id):
    query = """query($id: ID!) { order(id: $id) { number customer { accountCode } submittedBy { name email } }
      orders(first: 5) { nodes { number } } }"""
    body = (await api.post(query, {"id": order_id}, token="finance")).json()
    assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
        (["order", "submittedBy", "email"], "FORBIDDEN")
    ]
    # submittedBy is not nullable, so the order is null; the other root field still answers.
    assert body["data"]["order"] is None
    assert len(body["data"]["orders"]["nodes"]) == 1


async def test_nothing_but_viewer_orders_and_order_at_the_root(api):
    for field in (
        "customers { totalCount }",
        'customer(id: "x") { id }',
        "users { nodes { id } }",
        "catalog { sku }",
    ):
        body = (await api.post(f"{{ viewer {{ kind }} {field} }}", token="finance")).json()
        name = field.split("(")[0].split()[0]
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [([name], "FORBIDDEN")], (
            field
        )


def test_what_a_reconciliation_token_can_reach_is_a_visible_decision():
    """Every type and field a reconciliation token reaches: a new one here must be meant."""
    graphql_schema = schema._schema
    reach: dict[str, set[str]] = {}
    todo = ["Query"]
    while todo:
        type_name = todo.pop()
        if type_name in reach:
            continue
        gql_type = graphql_schema.get_type(type_name)
        allowed = RECONCILIATION_READS.get(type_name)
        reach[type_name] = {name for name in gql_type.fields if allowed is None or name in allowed}
        for name in reach[type_name]:
            child = get_named_type(gql_type.fields[name].type)
            if is_object_type(child):
                todo.append(child.name)
    open_whole = {t for t in reach if t not in RECONCILIATION_READS}
    assert open_whole == {
        "Viewer",
        "Partner",
        "Order",
        "OrderConnection",
        "OrderEdge",
        "PageInfo",
        "Money",
        "OrderLine",
        "Attachment",
        "Delivery",
        "ChangeLine",
        "AuditEventConnection",
        "AuditEventEdge",
    }
    assert reach["Customer"] == {"id", "name", "accountCode", "status"}
    assert reach["User"] == {"id", "name"}
    assert reach["Query"] == {"viewer", "orders", "order", "auditEvents"}
    assert reach["AuditEvent"] == {"id", "type", "occurredAt", "order"}
