"""reviewUpgrade, submitUpgrade and createUser over GraphQL: figures, codes, roles, tenancy."""

from __future__ import annotations

import asyncio

import pytest

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, Job, Order, PartnerUser
from tests.support.upgrades import upgrade_input

REVIEW = """
mutation($input: UpgradeInput!) {
  reviewUpgrade(input: $input) {
    review {
      id expiresAt seatsBefore seatsAfter msaReference
      customer { accountCode }
      implementationLead { email }
      linesBefore { sku seats unitPrice { amount } monthlyAmount { amount currency } }
      linesAfter { sku kind seats unitPrice { amount } monthlyAmount { amount currency } }
      monthlyCostBefore { amount currency } monthlyCostAfter { amount currency } monthlyCostChange { amount currency }
    }
    errors { code field message }
  }
}
"""

SUBMIT = """
mutation($input: SubmitUpgradeInput!) {
  submitUpgrade(input: $input) {
    order {
      id number status seatsBefore seatsAfter msaReference
      submittedBy { email } implementationLead { email } partner { name } customer { accountCode seats }
      linesAfter { sku seats unitPrice { amount } monthlyAmount { amount } }
      monthlyCostBefore { amount } monthlyCostAfter { amount } monthlyCostChange { amount }
    }
    message
    errors { code field message }
  }
}
"""


async def ids(code: str, lead_email: str) -> tuple[str, str]:
    customer = await Customer.get(account_code=code)
    lead = await PartnerUser.get(email_key=lead_email)
    return encode_id("Customer", customer.id), encode_id("User", lead.id)


async def review(api, token="alice", **kwargs) -> dict:
    data = await api.gql(REVIEW, {"input": await upgrade_input(**kwargs)}, token=token)
    return data["reviewUpgrade"]


async def submit(api, review_id: str, token="alice", msa=True, authorized=True) -> dict:
    data = await api.gql(
        SUBMIT,
        {"input": {"reviewId": review_id, "confirmMsa": msa, "confirmAuthorized": authorized}},
        token=token,
    )
    return data["submitUpgrade"]


async def test_worked_example_review_and_order_agree(api):
    result = await review(api)
    assert result["errors"] == []
    r = result["review"]
    assert (r["seatsBefore"], r["seatsAfter"], r["msaReference"]) == (50, 60, "MSA-2019-0042")
    assert r["monthlyCostBefore"] == {"amount": "104.00", "currency": "USD"}
    assert r["monthlyCostAfter"] == {"amount": "202.80", "currency": "USD"}
    assert r["monthlyCostChange"] == {"amount": "98.80", "currency": "USD"}
    assert [
        (x["sku"], x["seats"], x["unitPrice"]["amount"], x["monthlyAmount"]["amount"])
        for x in r["linesAfter"]
    ] == [
        ("SEG-PRO", 60, "2.50", "150.00"),
        ("ADD-IMP", 60, "0.40", "24.00"),
        ("ADD-URL", 60, "0.48", "28.80"),
    ]
    submitted = await submit(api, r["id"])
    assert submitted["errors"] == []
    assert submitted["message"]
    order = submitted["order"]
    assert order["status"] == "PROCESSING"
    assert order["number"].startswith("CO-")
    assert (
        order["monthlyCostBefore"]["amount"],
        order["monthlyCostAfter"]["amount"],
        order["monthlyCostChange"]["amount"],
    ) == (
        "104.00",
        "202.80",
        "98.80",
    )
    assert [(x["sku"], x["seats"]) for x in order["linesAfter"]] == [
        (x["sku"], x["seats"]) for x in r["linesAfter"]
    ]
    assert order["customer"] == {"accountCode": "FAB-001", "seats": 60}
    assert order["submittedBy"] == {"email": "alice@northwind.example"}
    fetched = await api.gql("query($id: ID!) { order(id: $id) { number status } }", {"id": order["id"]})
    assert fetched["order"] == {"number": order["number"], "status": "PROCESSING"}
    lines = await api.gql(
        "query($id: ID!) { customer(id: $id) { monthlyCost { amount } lines { sku } orders { nodes { number } } } }",
        {"id": (await ids("FAB-001", "lena@northwind.example"))[0]},
    )
    assert lines["customer"]["monthlyCost"]["amount"] == "202.80"
    assert [x["sku"] for x in lines["customer"]["lines"]] == ["SEG-PRO", "ADD-IMP", "ADD-URL"]
    assert lines["customer"]["orders"]["nodes"] == [{"number": order["number"]}]


async def test_submitting_twice_returns_the_same_order(api):
    review_id = (await review(api))["review"]["id"]
    first = await submit(api, review_id)
    second = await submit(api, review_id)
    assert first["order"]["id"] == second["order"]["id"]
    assert second["errors"] == []
    assert await Order.all().count() == 1
    assert await Job.all().count() == 3


async def test_submitting_a_completed_order_again_says_it_is_complete(api):
    review_id = (await review(api))["review"]["id"]
    first = await submit(api, review_id)
    assert (first["order"]["status"], first["message"]) == (
        "PROCESSING",
        "Your order is being processed. The addendum will be emailed to you shortly.",
    )
    await Order.all().update(status="COMPLETED")
    again = await submit(api, review_id)
    assert (again["order"]["id"], again["order"]["status"], again["message"], again["errors"]) == (
        first["order"]["id"],
        "COMPLETED",
        "Your order is complete: its addendum is filed and both emails were sent.",
        [],
    )


async def test_concurrent_submits_over_http_give_one_order(api):
    review_id = (await review(api))["review"]["id"]
    results = await asyncio.gather(*(submit(api, review_id) for _ in range(8)))
    assert len({r["order"]["id"] for r in results}) == 1
    assert all(r["errors"] == [] for r in results)
    assert await Order.all().count() == 1
    assert await Job.all().count() == 3


@pytest.mark.parametrize(
    ("kwargs", "code", "field"),
    [
        ({"code": "LIT-003", "seats": 1, "mode": "KEEP_EXISTING"}, "NOT_ELIGIBLE", ["input", "customerId"]),
        ({"code": "ADV-004", "seats": 1, "mode": "KEEP_EXISTING"}, "NOT_ELIGIBLE", ["input", "customerId"]),
        (
            {"seats": 0, "mode": "KEEP_EXISTING", "addonSkus": ["ADD-DLP"]},
            "ADDON_NOT_ENABLED",
            ["input", "primaryProduct", "addonSkus", "0"],
        ),
        (
            {"code": "SMP-001", "seats": 0, "mode": "SELECT_NEW", "sku": "SEG-ENT"},
            "INVALID_SEAT_COUNT",
            ["input", "seatAdjustment"],
        ),
        (
            {"code": "TAIL-002", "seats": 0, "mode": "SELECT_NEW", "sku": "SEG-ENT"},
            "INVALID_INPUT",
            ["input", "primaryProduct", "replacesSku"],
        ),
        (
            {"seats": -5, "mode": "KEEP_EXISTING", "addonSkus": ["ADD-IMP"]},
            "PRODUCT_CHANGE_WITH_SEAT_DOWNGRADE",
            ["input", "seatAdjustment"],
        ),
        ({"seats": 0, "mode": "KEEP_EXISTING"}, "NOTHING_TO_CHANGE", None),
        (
            {"seats": 0, "mode": "ADD_TO", "sku": "SEG-ESS"},
            "ALREADY_HELD",
            ["input", "primaryProduct", "sku"],
        ),
        (
            {"seats": 0, "mode": "KEEP_EXISTING", "addonSkus": ["ADD-URL"]},
            "ALREADY_HELD",
            ["input", "primaryProduct", "addonSkus", "0"],
        ),
        (
            {"seats": 0, "mode": "KEEP_EXISTING", "addonSkus": ["NOPE-1"]},
            "PRODUCT_NOT_AVAILABLE",
            ["input", "primaryProduct", "addonSkus", "0"],
        ),
        (
            {"seats": 0, "mode": "SELECT_NEW", "sku": "LEGACY-S1"},
            "PRODUCT_NOT_AVAILABLE",
            ["input", "primaryProduct", "sku"],
        ),
    ],
)
async def test_rule_violations_come_back_as_typed_errors(api, kwargs, code, field):
    primary = {k: v for k, v in kwargs.items() if k in ("mode", "sku", "addonSkus", "replacesSku")}
    rest = {k: v for k, v in kwargs.items() if k in ("code", "seats")}
    result = await review(api, **rest, **primary)
    assert result["review"] is None
    codes = [(e["code"], e["field"]) for e in result["errors"]]
    assert (code, field) in codes, codes


async def test_roles(api):
    viewer = await review(api, token="vera")
    assert [e["code"] for e in viewer["errors"]] == ["FORBIDDEN"]
    finance = await review(api, token="finance")
    assert [e["code"] for e in finance["errors"]] == ["FORBIDDEN"]
    ordering = await review(api, token="oscar")
    assert ordering["errors"] == []
    create = "mutation($i: CreateUserInput!) { createUser(input: $i) { user { name email role } errors { code field } } }"
    denied = await api.gql(
        create, {"i": {"name": "New Person", "email": "new@northwind.example"}}, token="oscar"
    )
    assert denied["createUser"] == {"user": None, "errors": [{"code": "FORBIDDEN", "field": None}]}
    made = await api.gql(
        create, {"i": {"name": "New Person", "email": "new@northwind.example", "role": "ORDERING"}}
    )
    assert made["createUser"] == {
        "user": {"name": "New Person", "email": "new@northwind.example", "role": "ORDERING"},
        "errors": [],
    }
    taken = await api.gql(create, {"i": {"name": "Copy", "email": "OSCAR@northwind.example"}})
    assert taken["createUser"]["errors"] == [{"code": "EMAIL_TAKEN", "field": ["input", "email"]}]
    elsewhere = await api.gql(create, {"i": {"name": "Copy", "email": "CARL@contoso.example"}})
    assert elsewhere["createUser"]["errors"] == [{"code": "INVALID_INPUT", "field": ["input", "email"]}]


async def test_create_user_validates_the_address_and_answers_it_normalized(api):
    create = "mutation($i: CreateUserInput!) { createUser(input: $i) { user { email } errors { code field message } } }"
    for hostile in ("x<carl@contoso.example>.y", "eve2,bob@evil.example"):
        refused = (await api.gql(create, {"i": {"name": "Eve", "email": hostile}}))["createUser"]
        assert refused == {
            "user": None,
            "errors": [
                {
                    "code": "INVALID_INPUT",
                    "field": ["input", "email"],
                    "message": f"{hostile!r} is not an email address; write it as name@example.com.",
                }
            ],
        }
    made = await api.gql(create, {"i": {"name": "Nora", "email": " Nora.New@NORTHWIND.Example "}})
    assert made["createUser"] == {"user": {"email": "Nora.New@northwind.example"}, "errors": []}
    assert await PartnerUser.filter(email_key="nora.new@northwind.example").count() == 1


async def test_other_partners_ids_behave_as_not_found(api):
    carl = await review(api, token="carl")
    assert sorted((e["code"], tuple(e["field"])) for e in carl["errors"]) == [
        ("NOT_FOUND", ("input", "customerId")),
        ("UNKNOWN_USER", ("input", "implementationLeadId")),
    ]
    northwind_review = (await review(api))["review"]["id"]
    stolen = await submit(api, northwind_review, token="carl")
    assert stolen["order"] is None
    assert [(e["code"], e["field"]) for e in stolen["errors"]] == [("NOT_FOUND", ["input", "reviewId"])]
    order_id = (await submit(api, northwind_review))["order"]["id"]
    assert (await api.gql("query($id: ID!) { order(id: $id) { id } }", {"id": order_id}, token="carl"))[
        "order"
    ] is None
    assert (await api.gql("{ orders { nodes { id } } }", token="carl"))["orders"]["nodes"] == []
    assert (await api.gql("{ orders { nodes { id } } }", token="finance"))["orders"]["nodes"] == [
        {"id": order_id}
    ]


async def test_confirmations_are_both_required(api):
    review_id = (await review(api))["review"]["id"]
    refused = await submit(api, review_id, msa=False, authorized=False)
    assert refused["order"] is None
    assert sorted((e["code"], tuple(e["field"])) for e in refused["errors"]) == [
        ("AUTHORIZATION_NOT_CONFIRMED", ("input", "confirmAuthorized")),
        ("MSA_NOT_CONFIRMED", ("input", "confirmMsa")),
    ]
    assert await Order.all().count() == 0


async def test_hostile_input_gets_typed_errors_never_a_500(api):
    customer_id, lead_id = await ids("FAB-001", "lena@northwind.example")
    cases = [
        {"customerId": lead_id, "implementationLeadId": lead_id},
        {"customerId": "<script>alert(1)</script>", "implementationLeadId": "x" * 10000},
        {"customerId": customer_id, "implementationLeadId": customer_id},
        {
            "customerId": customer_id,
            "implementationLeadId": lead_id,
            "primaryProduct": {"mode": "KEEP_EXISTING", "addonSkus": ["ADD-IMP", "ADD-IMP"]},
        },
        {
            "customerId": customer_id,
            "implementationLeadId": lead_id,
            "primaryProduct": {"mode": "ADD_TO", "sku": "x" * 10000},
        },
        {
            "customerId": customer_id,
            "implementationLeadId": lead_id,
            "primaryProduct": {"mode": "SELECT_NEW", "sku": ""},
        },
        {"customerId": customer_id, "implementationLeadId": lead_id, "seatAdjustment": 2**31 - 1},
        {"customerId": customer_id, "implementationLeadId": lead_id, "seatAdjustment": -(2**31)},
    ]
    for case in cases:
        payload = {"seatAdjustment": 0, "primaryProduct": {"mode": "KEEP_EXISTING"}, **case}
        response = await api.post(REVIEW, {"input": payload})
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body
        result = body["data"]["reviewUpgrade"]
        assert result["review"] is None
        assert result["errors"], case
        assert all(len(e["message"]) < 500 for e in result["errors"])
    too_big = await api.post(REVIEW, {"input": {**await upgrade_input(), "seatAdjustment": 2**31}})
    assert too_big.status_code == 200
    assert too_big.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    wrong_type = await api.post(REVIEW, {"input": {**await upgrade_input(), "seatAdjustment": "ten"}})
    assert wrong_type.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    bad_review = await submit(api, "not-an-id")
    assert [(e["code"], e["field"]) for e in bad_review["errors"]] == [("NOT_FOUND", ["input", "reviewId"])]
    assert await Order.all().count() == 0


async def test_a_review_reads_back_for_its_partner_only(api):
    reviewed = (await review(api, token="oscar"))["review"]
    query = """query($id: ID!) { upgradeReview(id: $id) { id seatsAfter expiresAt
        monthlyCostAfter { amount } linesAfter { sku } implementationLead { email } customer { accountCode } } }"""
    mine = (await api.gql(query, {"id": reviewed["id"]}, token="alice"))["upgradeReview"]
    assert mine == {
        "id": reviewed["id"],
        "seatsAfter": 60,
        "expiresAt": reviewed["expiresAt"],
        "monthlyCostAfter": {"amount": "202.80"},
        "linesAfter": [{"sku": "SEG-PRO"}, {"sku": "ADD-IMP"}, {"sku": "ADD-URL"}],
        "implementationLead": {"email": "lena@northwind.example"},
        "customer": {"accountCode": "FAB-001"},
    }
    assert (await api.gql(query, {"id": reviewed["id"]}, token="carl"))["upgradeReview"] is None
    # A reconciliation token reads orders only.
    refused = (await api.post(query, {"id": reviewed["id"]}, token="finance")).json()
    assert (refused["data"], [(e["path"], e["extensions"]["code"]) for e in refused["errors"]]) == (
        {"upgradeReview": None},
        [(["upgradeReview"], "FORBIDDEN")],
    )
    for other in (encode_id("Order", 1), "nonsense", encode_id("Review", 2**40)):
        assert (await api.gql(query, {"id": other}, token="alice"))["upgradeReview"] is None
