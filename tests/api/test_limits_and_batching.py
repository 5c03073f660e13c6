"""A page costs a fixed number of statements; hostile queries are refused before execution."""

from graphql_portal.models import Customer
from tests.api.support import count_statements
from tests.factories import make_order

PAGE = """
query($first: Int!) {
  customers(first: $first) {
    totalCount
    nodes {
      id name accountCode status seats
      lines { sku seats unitPrice { amount } monthlyAmount { amount currency } }
      monthlyCost { amount }
      implementationLead { name email }
      eligibility { eligible reason }
      changeOptions { addTo { sku } addons { sku contractedUnitPrice { amount } } selectNew { from { sku } to { sku } } }
      attachments { filename size url }
      orders(first: 3) {
        nodes { number status submittedBy { name } implementationLead { name } partner { msaReference }
                deliveries { kind status } addendum { filename url } linesAfter { sku } }
      }
    }
  }
}
"""


async def test_fifty_customers_cost_the_same_statements_as_five(api):
    for customer in (
        await Customer.filter(partner__name="Northwind Managed IT").order_by("name", "id").limit(50)
    ):
        await make_order(customer)
        await make_order(customer)
    # Records the token's use (once a minute at most) and reads the catalog (cached for a minute).
    await api.gql(PAGE, {"first": 1})
    with count_statements() as five:
        small = await api.gql(PAGE, {"first": 5})
    with count_statements() as fifty:
        large = await api.gql(PAGE, {"first": 50})
    assert len(small["customers"]["nodes"]) == 5
    assert len(large["customers"]["nodes"]) == 50
    assert all(len(c["orders"]["nodes"]) == 2 for c in large["customers"]["nodes"])
    assert all(len(c["attachments"]) == 2 for c in large["customers"]["nodes"])
    assert len(fifty.statements) == len(five.statements), "\n".join(
        s[:150] for s in ["--5", *five.statements, "--50", *fifty.statements]
    )
    assert len(five.statements) <= 22, five.statements


async def test_three_hundred_aliases_are_too_complex(api):
    query = "{ " + " ".join(f"a{i}: viewer {{ kind }}" for i in range(300)) + " }"
    body = (await api.post(query)).json()
    assert body.get("data") is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {"QUERY_TOO_COMPLEX"}


async def test_ten_levels_of_nesting_are_too_complex(api):
    query = "{ customers { nodes { orders { nodes { customer { orders { nodes { customer { orders { nodes { customer { name } } } } } } } } } } } }"
    body = (await api.post(query)).json()
    assert body.get("data") is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {"QUERY_TOO_COMPLEX"}


async def test_a_huge_document_is_too_complex(api):
    query = "{ viewer { " + " ".join("kind" for _ in range(5000)) + " } }"
    body = (await api.post(query)).json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_introspection_is_allowed_but_limited(api):
    body = (await api.post("{ __schema { queryType { name } types { name } } }")).json()
    assert body["data"]["__schema"]["queryType"]["name"] == "Query"
    deep = "{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { name } } } } } } } } } } } }"
    body = (await api.post(deep)).json()
    assert body["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"


async def test_validation_errors_are_bad_user_input_without_internals(api):
    body = (await api.post("{ customers { nope } }")).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    body = (await api.post("query { customers(first: 99999999999) { totalCount } }")).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "Traceback" not in str(body)


ORDERS_PAGE = """
query($first: Int!) {
  orders(first: $first) {
    nodes {
      id number status updatedAt submittedAt
      partner { id msaReference } customer { id accountCode monthlyCost { amount } implementationLead { name } }
      submittedBy { email } implementationLead { email }
      monthlyCostAfter { amount currency } linesAfter { sku seats unitPrice { amount } }
      addendum { url } deliveries { kind status }
    }
  }
}
"""


async def test_an_orders_page_costs_the_same_statements_for_5_and_50_orders(api):
    customers = [*await Customer.filter(partner__name="Northwind Managed IT").order_by("id").limit(24)]
    customers.append(await Customer.get(account_code="WWI-001"))
    for customer in customers:
        await make_order(customer)
        await make_order(customer)
    await api.gql(ORDERS_PAGE, {"first": 1}, token="finance")
    with count_statements() as five:
        small = await api.gql(ORDERS_PAGE, {"first": 5}, token="finance")
    with count_statements() as fifty:
        large = await api.gql(ORDERS_PAGE, {"first": 50}, token="finance")
    assert len(small["orders"]["nodes"]) == 5
    assert len(large["orders"]["nodes"]) == 50
    assert len({n["partner"]["id"] for n in large["orders"]["nodes"]}) == 2
    assert len(fifty.statements) == len(five.statements), "\n".join(
        s[:150] for s in ["--5", *five.statements, "--50", *fifty.statements]
    )


async def test_bad_variable_values_are_bad_user_input_with_a_readable_message(api):
    query = "query($since: DateTime) { orders(filter: { updatedSince: $since }) { nodes { id } } }"
    body = (await api.post(query, {"since": "last tuesday"})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "since" in body["errors"][0]["message"]


async def test_a_failure_while_resolving_is_masked_as_internal(api, monkeypatch):
    import graphql_portal.schema.query as query_module

    async def broken(*args, **kwargs):
        raise RuntimeError('relation "customer" does not exist: SELECT secret FROM customer')

    monkeypatch.setattr(query_module, "customers_page", broken)
    body = (await api.post("{ customers { totalCount } }")).json()
    assert body["data"] is None
    assert body["errors"] == [
        {
            "message": "Internal server error.",
            "locations": [{"line": 1, "column": 3}],
            "path": ["customers"],
            "extensions": {"code": "INTERNAL"},
        }
    ]
