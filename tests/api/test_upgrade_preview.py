"""upgradePreview: reviewUpgrade's figures and errors for the same input, with nothing stored."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from graphql_portal.auth import create_reconciliation_token, create_user_token
from graphql_portal.clock import FixedClock
from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, PartnerUser, Review
from tests.support.api import Api
from tests.support.environment import make_settings

MON_16 = dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC)
FIGURES = """
  seatsBefore seatsAfter
  monthlyCostBefore { amount currency } monthlyCostAfter { amount currency }
  monthlyCostChange { amount currency } proratedCharge { amount currency } effectiveOn
  changes { sku name kind seats unitPrice { amount } monthlyAmount { amount currency } }
"""
PREVIEW = f"""
query($input: UpgradeInput!) {{
  upgradePreview(input: $input) {{ {FIGURES} errors {{ code field message }} }}
}}
"""
REVIEW = f"""
mutation($input: UpgradeInput!) {{
  reviewUpgrade(input: $input) {{ review {{ {FIGURES} }} errors {{ code field message }} }}
}}
"""


@pytest.fixture
async def api(db, tmp_path):
    """The API on a clock standing on Monday 2026-11-16, 09:30 UTC."""
    from graphql_portal.app import create_app

    settings = make_settings(db.url, tmp_path / "var", clock=FixedClock(MON_16))
    tokens = {
        name: (await create_user_token(f"{name}@northwind.example")).token
        for name in ("alice", "oscar", "vera")
    }
    tokens["carl"] = (await create_user_token("carl@contoso.example")).token
    tokens["finance"] = (await create_reconciliation_token("finance")).token
    transport = httpx.ASGITransport(app=create_app(settings, manage_db=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client, tokens)


async def fabrikam(seats=10, primary=None, lead="lena@northwind.example", **extra) -> dict:
    customer = await Customer.get(account_code="FAB-001")
    lead_id = (await PartnerUser.get(email_key=lead)).id if lead else 10**6
    return {
        "customerId": encode_id("Customer", customer.id),
        "implementationLeadId": encode_id("User", lead_id),
        "seatAdjustment": seats,
        "primaryProduct": primary or {"mode": "SELECT_NEW", "sku": "SEG-PRO", "addonSkus": ["ADD-IMP"]},
        **extra,
    }


async def preview(api, upgrade: dict, token="oscar") -> dict:
    return (await api.gql(PREVIEW, {"input": upgrade}, token=token))["upgradePreview"]


async def reviewed(api, upgrade: dict, token="oscar") -> dict:
    return (await api.gql(REVIEW, {"input": upgrade}, token=token))["reviewUpgrade"]


async def test_the_worked_example_previews_as_it_reviews_and_stores_nothing(api):
    upgrade = await fabrikam()
    shown = await preview(api, upgrade)
    assert await Review.all().count() == 0
    assert shown["errors"] == []
    assert (shown["seatsBefore"], shown["seatsAfter"], shown["effectiveOn"]) == (50, 60, "2026-11-16")
    assert shown["monthlyCostBefore"] == {"amount": "104.00", "currency": "USD"}
    assert shown["monthlyCostAfter"] == {"amount": "202.80", "currency": "USD"}
    assert shown["monthlyCostChange"] == {"amount": "98.80", "currency": "USD"}
    assert shown["proratedCharge"] == {"amount": "49.40", "currency": "USD"}
    assert [(c["sku"], c["seats"], c["monthlyAmount"]["amount"]) for c in shown["changes"]] == [
        ("SEG-PRO", 60, "150.00"),
        ("ADD-IMP", 60, "24.00"),
        ("ADD-URL", 10, "4.80"),
        ("SEG-ESS", -50, "-80.00"),
    ]
    stored = await reviewed(api, upgrade)
    assert stored["errors"] == []
    assert {key: value for key, value in shown.items() if key != "errors"} == stored["review"]


async def test_a_later_date_prices_the_charge_on_that_date(api):
    shown = await preview(api, await fabrikam(effectiveOn="2026-12-01"))
    assert (shown["effectiveOn"], shown["proratedCharge"]["amount"]) == ("2026-12-01", "0.00")
    shown = await preview(api, await fabrikam(effectiveOn="2026-11-30"))
    assert (shown["effectiveOn"], shown["proratedCharge"]["amount"]) == ("2026-11-30", "3.29")


@pytest.mark.parametrize(
    "change",
    [
        {"seats": -5},
        {"seats": -5, "primary": {"mode": "ADD_TO", "sku": "ARC-STD"}},
        {"seats": -51},
        {"seats": 0, "primary": {"mode": "SELECT_NEW", "sku": "SEG-ENT"}},
        {"primary": {"mode": "ADD_TO", "sku": "NOPE"}},
        {"primary": {"mode": "KEEP_EXISTING", "addonSkus": ["ADD-URL", "ADD-URL"]}},
        {"partnerReference": "x" * 65},
        {"partnerReference": "   "},
        {"effectiveOn": "2026-11-15"},
        {"effectiveOn": "2027-01-30"},
        {"seats": -5, "effectiveOn": "2026-11-20"},
        {"lead": None},
        {"seats": 0, "primary": {"mode": "KEEP_EXISTING"}, "lead": "oscar@northwind.example"},
    ],
)
async def test_errors_are_the_reviews_own(api, change):
    upgrade = await fabrikam(**change)
    before = await Review.all().count()
    shown = await preview(api, upgrade)
    assert await Review.all().count() == before
    stored = await reviewed(api, upgrade)
    if stored["review"] is None:
        assert shown["errors"] == stored["errors"] != []
    else:
        assert shown["errors"] == [] and shown["seatsAfter"] == stored["review"]["seatsAfter"]


async def test_figures_are_given_beside_a_missing_lead_or_a_bad_date(api):
    shown = await preview(api, await fabrikam(lead=None, effectiveOn="2026-11-15"))
    assert [e["code"] for e in shown["errors"]] == ["UNKNOWN_USER", "EFFECTIVE_DATE_NOT_ALLOWED"]
    assert (shown["seatsBefore"], shown["seatsAfter"]) == (50, 60)
    assert shown["monthlyCostAfter"]["amount"] == "202.80"
    # Without a date there is no charge to work out.
    assert (shown["effectiveOn"], shown["proratedCharge"]) == (None, None)


async def test_nothing_changed_yet_shows_what_the_customer_has(api):
    customer = await Customer.get(account_code="FAB-001")
    upgrade = await fabrikam(seats=0, primary={"mode": "KEEP_EXISTING"}, lead=None)
    upgrade["implementationLeadId"] = encode_id("User", customer.implementation_lead_id)
    shown = await preview(api, upgrade)
    assert [e["code"] for e in shown["errors"]] == ["NOTHING_TO_CHANGE"]
    assert (shown["seatsBefore"], shown["monthlyCostBefore"]["amount"]) == (50, "104.00")
    assert (shown["seatsAfter"], shown["monthlyCostAfter"], shown["changes"]) == (None, None, [])


async def test_who_may_preview(api):
    upgrade = await fabrikam()
    for token in ("vera", "carl"):
        shown = await preview(api, upgrade, token=token)
        assert shown["seatsBefore"] is None and shown["monthlyCostBefore"] is None, token
        assert [e["code"] for e in shown["errors"]][:1] == [
            "FORBIDDEN" if token == "vera" else "NOT_FOUND"
        ], token
    response = await api.post(PREVIEW, {"input": upgrade}, token="finance")
    body = response.json()
    assert body["data"] is None
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert await Review.all().count() == 0
