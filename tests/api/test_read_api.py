"""The read API: viewer, customers, customer, users, catalog; tenancy and tokens."""

from graphql_portal.auth import revoke_token
from graphql_portal.ids import encode_id
from graphql_portal.models import ApiToken, Customer
from tests.support.demo import NORTHWIND_PRICES

CUSTOMER_FIELDS = """
  id name accountCode status seats
  lines { sku name kind seats unitPrice { amount currency } monthlyAmount { amount currency } }
  monthlyCost { amount currency }
  implementationLead { name email role }
  eligibility { eligible reason }
"""


async def customer_id(code: str) -> str:
    return encode_id("Customer", (await Customer.get(account_code=code)).id)


async def test_viewer_is_the_token_owner(api):
    data = await api.gql(
        "{ viewer { kind user { name email role } partner { name msaReference currency } } }"
    )
    assert data["viewer"] == {
        "kind": "PARTNER_USER",
        "user": {"name": "Alice Admin", "email": "alice@northwind.example", "role": "ADMIN"},
        "partner": {"name": "Northwind Managed IT", "msaReference": "MSA-2019-0042", "currency": "USD"},
    }


async def test_reconciliation_viewer_has_no_partner(api):
    data = await api.gql("{ viewer { kind user { id } partner { id } } }", token="finance")
    assert data["viewer"] == {"kind": "RECONCILIATION", "user": None, "partner": None}


async def test_catalog_has_all_13_northwind_contracted_prices(api):
    data = await api.gql(
        "{ catalog { sku kind listUnitPrice { amount } contractedUnitPrice { amount currency } minSeats maxSeats } }"
    )
    prices = {p["sku"]: p["contractedUnitPrice"]["amount"] for p in data["catalog"]}
    assert prices == NORTHWIND_PRICES
    assert {p["contractedUnitPrice"]["currency"] for p in data["catalog"]} == {"USD"}
    ent = next(p for p in data["catalog"] if p["sku"] == "SEG-ENT")
    assert (ent["listUnitPrice"]["amount"], ent["minSeats"], ent["maxSeats"]) == ("5.00", 50, 50000)


async def test_fabrikam_costs_104_a_month(api):
    data = await api.gql(
        f"query($id: ID!) {{ customer(id: $id) {{ {CUSTOMER_FIELDS} }} }}",
        {"id": await customer_id("FAB-001")},
    )
    c = data["customer"]
    assert c["monthlyCost"] == {"amount": "104.00", "currency": "USD"}
    assert [
        (line["sku"], line["seats"], line["unitPrice"]["amount"], line["monthlyAmount"]["amount"])
        for line in c["lines"]
    ] == [
        ("SEG-ESS", 50, "1.60", "80.00"),
        ("ADD-URL", 50, "0.48", "24.00"),
    ]
    assert c["implementationLead"] == {
        "name": "Lena Lead",
        "email": "lena@northwind.example",
        "role": "ORDERING",
    }
    assert c["eligibility"] == {"eligible": True, "reason": None}


async def test_legacy_and_suspended_customers_are_not_eligible(api):
    query = "query($id: ID!) { customer(id: $id) { monthlyCost { amount } eligibility { eligible reason } } }"
    litware = (await api.gql(query, {"id": await customer_id("LIT-003")}))["customer"]
    assert litware["monthlyCost"]["amount"] == "36.00"
    assert litware["eligibility"]["eligible"] is False
    assert "LEGACY-S1" in litware["eligibility"]["reason"]
    adventure = (await api.gql(query, {"id": await customer_id("ADV-004")}))["customer"]
    assert adventure["eligibility"]["eligible"] is False
    assert "suspended" in adventure["eligibility"]["reason"].lower()


async def test_sixty_customers_page_through_without_repeat_or_gap(api):
    seen, after, pages = [], None, 0
    while True:
        data = await api.gql(
            "query($after: String) { customers(first: 7, after: $after) { totalCount edges { cursor node { name accountCode } } pageInfo { hasNextPage endCursor } } }",
            {"after": after},
        )
        conn = data["customers"]
        assert conn["totalCount"] == 60
        seen += [e["node"]["accountCode"] for e in conn["edges"]]
        pages += 1
        if not conn["pageInfo"]["hasNextPage"]:
            break
        assert conn["pageInfo"]["endCursor"] == conn["edges"][-1]["cursor"]
        after = conn["pageInfo"]["endCursor"]
    assert pages == 9
    assert len(seen) == 60 and len(set(seen)) == 60
    names = [
        c.name for c in await Customer.filter(partner__name="Northwind Managed IT").order_by("name", "id")
    ]
    assert seen == [
        c.account_code
        for c in await Customer.filter(partner__name="Northwind Managed IT").order_by("name", "id")
    ]
    assert names[0] == "Adventure Works"


async def test_search_matches_name_or_account_code_in_any_case(api):
    query = "query($s: String) { customers(search: $s) { totalCount nodes { accountCode } } }"
    assert (await api.gql(query, {"s": "fab-00"}))["customers"]["nodes"] == [{"accountCode": "FAB-001"}]
    assert (await api.gql(query, {"s": "TRAVEL"}))["customers"]["nodes"] == [{"accountCode": "TAIL-002"}]
    assert (await api.gql(query, {"s": "Sample Customer 0"}))["customers"]["totalCount"] == 9
    assert (await api.gql(query, {"s": "%"}))["customers"]["totalCount"] == 0
    assert (await api.gql(query, {"s": "_"}))["customers"]["totalCount"] == 0
    assert (await api.gql(query, {"s": "Wide World"}))["customers"]["totalCount"] == 0


async def test_another_partners_customer_is_null(api):
    wwi = await customer_id("WWI-001")
    assert (await api.gql("query($id: ID!) { customer(id: $id) { name } }", {"id": wwi}))["customer"] is None
    assert (await api.gql("query($id: ID!) { customer(id: $id) { name } }", {"id": wwi}, token="carl"))[
        "customer"
    ] == {"name": "Wide World Importers"}


async def test_malformed_and_wrong_type_ids_are_null(api):
    query = "query($id: ID!) { customer(id: $id) { name } }"
    user_id = encode_id("User", 1)
    for bad in ["", "x", "Q3VzdG9tZXI6", user_id, "<script>", "9" * 500, encode_id("Customer", 999999)]:
        assert (await api.gql(query, {"id": bad}))["customer"] is None


async def test_users_lists_only_the_callers_partner(api):
    data = await api.gql("{ users { nodes { name role } pageInfo { hasNextPage } } }")
    assert [u["name"] for u in data["users"]["nodes"]] == [
        "Alice Admin",
        "Lena Lead",
        "Oscar Orders",
        "Vera Viewer",
    ]
    data = await api.gql("{ users(first: 2) { nodes { name } pageInfo { hasNextPage endCursor } } }")
    assert data["users"]["pageInfo"]["hasNextPage"] is True
    rest = await api.gql(
        "query($a: String) { users(after: $a) { nodes { name } } }",
        {"a": data["users"]["pageInfo"]["endCursor"]},
    )
    assert [u["name"] for u in rest["users"]["nodes"]] == ["Oscar Orders", "Vera Viewer"]


async def test_missing_unknown_and_revoked_tokens_get_401(api):
    for token in (None, "nonsense", "gpt_deadbeef_" + "a" * 43):
        response = await api.post("{ viewer { kind } }", token=token)
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    record = await ApiToken.get(
        token_hash=__import__("graphql_portal.auth", fromlist=["hash_token"]).hash_token(api.tokens["vera"])
    )
    assert (await api.post("{ viewer { kind } }", token="vera")).status_code == 200
    await revoke_token(record.prefix)
    assert (await api.post("{ viewer { kind } }", token="vera")).status_code == 401


async def test_tokens_are_stored_hashed(api):
    stored = [t.token_hash for t in await ApiToken.all()]
    assert api.tokens["alice"] not in stored
    assert all(len(h) == 64 for h in stored)


async def test_reconciliation_token_cannot_list_customers(api):
    response = await api.post("{ customers { totalCount } }", token="finance")
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_bad_pagination_arguments_are_user_errors(api):
    for query in (
        "{ customers(first: -1) { totalCount } }",
        "{ customers(first: 101) { totalCount } }",
        '{ customers(after: "zzz") { totalCount } }',
    ):
        body = (await api.post(query)).json()
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT", query


async def test_healthz(api):
    response = await api.client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_get_without_debug_serves_no_graphiql(api):
    response = await api.client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 405
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    response = await api.client.get("/graphql", params={"query": "{ viewer { kind } }"})
    assert response.status_code == 405


async def test_graphiql_is_served_in_debug(db, tmp_path):
    import httpx

    from graphql_portal.app import create_app
    from tests.support.environment import make_settings

    app = create_app(make_settings(db.url, tmp_path / "var", debug=True), manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/graphql", headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_form_posts_are_refused(api):
    response = await api.client.post(
        "/graphql",
        data={"query": "{ viewer { kind } }"},
        headers={"Authorization": f"Bearer {api.tokens['alice']}"},
    )
    assert response.status_code == 415
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_healthz_is_503_when_the_database_does_not_answer(tmp_path):
    import httpx

    from graphql_portal.app import create_app
    from graphql_portal.db import close_db, init_db
    from graphql_portal.settings import load_settings

    url = "postgres://postgres@127.0.0.1:1/nothing"
    settings = load_settings(
        {"PORTAL_DATABASE_URL": url, "PORTAL_SECRET_KEY": "k" * 40, "PORTAL_VAR_DIR": str(tmp_path)}
    )
    await init_db(url)
    try:
        app = create_app(settings, manage_db=False)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            response = await client.get("/healthz")
    finally:
        await close_db()
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
