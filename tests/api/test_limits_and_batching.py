"""A page costs a fixed number of statements; hostile queries are refused before execution."""

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, Partner, UserRole
from graphql_portal.ordering.users import add_partner_user
from tests.support.api import count_statements
from tests.support.orders import make_completed_order

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
        await make_completed_order(customer)
        await make_completed_order(customer)
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
      partner { id msaReference } customer { id name accountCode status }
      submittedBy { id name } implementationLead { id name }
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
        await make_completed_order(customer)
        await make_completed_order(customer)
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


CUSTOMER = """
query($id: ID!) {
  customer(id: $id) {
    id name lines { sku unitPrice { amount } } monthlyCost { amount } eligibility { eligible }
    implementationLead { name } changeOptions { addTo { sku } addons { sku } selectNew { from { sku } to { sku } } }
    attachments { filename url }
    orders(first: 5) {
      nodes { number submittedBy { name } implementationLead { name } partner { msaReference }
              customer { name } deliveries { kind } addendum { url } linesBefore { sku } linesAfter { sku } }
    }
  }
}
"""


async def test_one_customer_costs_the_same_statements_with_one_order_as_with_five(api):
    few, many = await Customer.filter(partner__name="Northwind Managed IT").order_by("id").limit(2)
    await make_completed_order(few)
    for _ in range(5):
        await make_completed_order(many)
    await api.gql(CUSTOMER, {"id": encode_id("Customer", few.id)})
    with count_statements() as one:
        small = await api.gql(CUSTOMER, {"id": encode_id("Customer", few.id)})
    with count_statements() as five:
        large = await api.gql(CUSTOMER, {"id": encode_id("Customer", many.id)})
    assert len(small["customer"]["orders"]["nodes"]) == 1
    assert len(large["customer"]["orders"]["nodes"]) == 5
    assert all(len(o["deliveries"]) == 2 and o["addendum"] for o in large["customer"]["orders"]["nodes"])
    assert len(five.statements) == len(one.statements), "\n".join(
        s[:150] for s in ["--1", *one.statements, "--5", *five.statements]
    )


USERS = "query($first: Int!) { users(first: $first) { nodes { id name email role } edges { cursor } pageInfo { hasNextPage } } }"


async def test_a_users_page_costs_the_same_statements_for_2_and_40_users(api):
    northwind = await Partner.get(name="Northwind Managed IT")
    for i in range(40):
        _, errors = await add_partner_user(
            northwind.id, f"Extra User {i:02}", f"extra{i}@northwind.example", UserRole.VIEWER
        )
        assert errors == []
    await api.gql(USERS, {"first": 1})
    with count_statements() as two:
        small = await api.gql(USERS, {"first": 2})
    with count_statements() as forty:
        large = await api.gql(USERS, {"first": 40})
    assert len(small["users"]["nodes"]) == 2
    assert len(large["users"]["nodes"]) == len(large["users"]["edges"]) == 40
    assert len(forty.statements) == len(two.statements), forty.statements


CATALOG = "{ catalog { sku name kind listUnitPrice { amount } contractedUnitPrice { amount currency } minSeats maxSeats } }"


async def test_the_catalog_costs_the_same_statements_for_every_partner(api):
    await api.gql(CATALOG)
    await api.gql(CATALOG, token="carl")
    with count_statements() as northwind:
        alice = await api.gql(CATALOG)
    with count_statements() as contoso:
        carl = await api.gql(CATALOG, token="carl")
    assert len(alice["catalog"]) == 13
    prices = {p["sku"]: p["contractedUnitPrice"]["amount"] for p in alice["catalog"]}
    assert {p["sku"]: p["contractedUnitPrice"]["amount"] for p in carl["catalog"]} != prices
    assert len(northwind.statements) == len(contoso.statements), "\n".join(
        s[:150] for s in ["--northwind", *northwind.statements, "--contoso", *contoso.statements]
    )
