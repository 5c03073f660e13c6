"""Partner references, effective dates, change lines, proration and scheduled orders over GraphQL.

The app and the worker run on one clock, a file the test moves (`PORTAL_CLOCK_FILE`).
"""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from graphql_portal.auth import create_reconciliation_token, create_user_token
from graphql_portal.clock import FileClock
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, PartnerUser
from tests.support.api import Api
from tests.support.environment import make_settings

MON_16 = dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC)

REVIEW = """
mutation($input: UpgradeInput!) {
  reviewUpgrade(input: $input) {
    review {
      id partnerReference effectiveOn proratedCharge { amount currency }
      monthlyCostChange { amount }
      changes { sku name kind seats unitPrice { amount } monthlyAmount { amount currency } }
      createdBy { email }
    }
    errors { code field message }
  }
}
"""
SUBMIT = """
mutation($id: ID!) {
  submitUpgrade(input: {reviewId: $id, confirmMsa: true, confirmAuthorized: true}) {
    order { id number status partnerReference effectiveOn proratedCharge { amount } cancelledAt
            changes { sku seats monthlyAmount { amount } } customer { seats } }
    errors { code field message }
  }
}
"""
CANCEL = """
mutation($id: ID!) {
  cancelOrder(input: {orderId: $id}) {
    order { id status cancelledAt customer { seats } }
    errors { code field message }
  }
}
"""
PENDING = """
query($id: ID!) { customer(id: $id) { seats pendingOrder { number status effectiveOn partnerReference } } }
"""
BY_REFERENCE = """
query($ref: String, $since: DateTime) {
  orders(first: 50, filter: {partnerReference: $ref, updatedSince: $since}) {
    nodes { number status partnerReference effectiveOn updatedAt cancelledAt proratedCharge { amount } }
  }
}
"""


@pytest.fixture
async def dated(db, tmp_path):
    """The API and a worker on a clock standing on Monday 2026-11-16, 09:30 UTC."""
    from graphql_portal.app import create_app

    clock = FileClock(tmp_path / "clock")
    clock.set(MON_16)
    settings = make_settings(db.url, tmp_path / "var", clock=clock)
    app = create_app(settings, manage_db=False)
    tokens = {
        name: (await create_user_token(f"{name}@northwind.example")).token
        for name in ("alice", "oscar", "vera")
    }
    tokens["carl"] = (await create_user_token("carl@contoso.example")).token
    tokens["finance"] = (await create_reconciliation_token("finance")).token
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        yield Api(client, tokens), clock, Worker(settings, "api-test")


async def upgrade(code="FAB-001", seats=10, primary=None, **extra) -> dict:
    customer = await Customer.get(account_code=code)
    lead = await PartnerUser.get(id=customer.implementation_lead_id)
    return {
        "customerId": encode_id("Customer", customer.id),
        "implementationLeadId": encode_id("User", lead.id),
        "seatAdjustment": seats,
        "primaryProduct": primary or {"mode": "SELECT_NEW", "sku": "SEG-PRO", "addonSkus": ["ADD-IMP"]},
        **extra,
    }


async def review(api, token="oscar", **kwargs) -> dict:
    return (await api.gql(REVIEW, {"input": await upgrade(**kwargs)}, token=token))["reviewUpgrade"]


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def test_the_worked_example_over_the_api(dated):
    api, _clock, _worker = dated
    payload = await review(api, partnerReference=" PO-2026-1187 ")
    assert payload["errors"] == []
    shown = payload["review"]
    assert (shown["partnerReference"], shown["effectiveOn"]) == ("PO-2026-1187", "2026-11-16")
    assert shown["proratedCharge"] == {"amount": "49.40", "currency": "USD"}
    assert shown["createdBy"] == {"email": "oscar@northwind.example"}
    assert [
        (c["sku"], c["kind"], c["seats"], c["unitPrice"]["amount"], c["monthlyAmount"]["amount"])
        for c in shown["changes"]
    ] == [
        ("SEG-PRO", "PRIMARY", 60, "2.50", "150.00"),
        ("ADD-IMP", "ADDON", 60, "0.40", "24.00"),
        ("ADD-URL", "ADDON", 10, "0.48", "4.80"),
        ("SEG-ESS", "PRIMARY", -50, "1.60", "-80.00"),
    ]
    assert shown["monthlyCostChange"] == {"amount": "98.80"}

    order = (await api.gql(SUBMIT, {"id": shown["id"]}, token="oscar"))["submitUpgrade"]["order"]
    assert (order["status"], order["partnerReference"], order["effectiveOn"]) == (
        "PROCESSING",
        "PO-2026-1187",
        "2026-11-16",
    )
    assert order["proratedCharge"] == {"amount": "49.40"}
    assert order["customer"] == {"seats": 60}
    assert [c["monthlyAmount"]["amount"] for c in order["changes"]] == ["150.00", "24.00", "4.80", "-80.00"]


async def test_dates_default_and_are_refused_at_their_field(dated):
    api, _clock, _worker = dated
    keep = {"mode": "KEEP_EXISTING"}
    assert (await review(api, code="TAIL-002", seats=5, primary=keep))["review"][
        "effectiveOn"
    ] == "2026-11-16"
    assert (await review(api, code="SMP-001", seats=-1, primary=keep))["review"][
        "effectiveOn"
    ] == "2026-12-01"
    for seats, on in ((5, "2026-11-15"), (5, "2026-12-18"), (-1, "2026-11-20")):
        payload = await review(api, code="SMP-002", seats=seats, primary=keep, effectiveOn=on)
        assert codes(payload) == [("EFFECTIVE_DATE_NOT_ALLOWED", ["input", "effectiveOn"])], (seats, on)
    payload = await review(api, code="SMP-002", seats=1, primary=keep, partnerReference="x" * 65)
    assert codes(payload) == [("INVALID_INPUT", ["input", "partnerReference"])]
    response = await api.post(REVIEW, {"input": await upgrade(effectiveOn="16.11.2026")}, token="oscar")
    assert response.status_code in (200, 400) and "errors" in response.json()


async def test_a_scheduled_order_from_review_to_completed(dated):
    api, clock, worker = dated
    fabrikam = await Customer.get(account_code="FAB-001")
    customer_id = encode_id("Customer", fabrikam.id)
    shown = (await review(api, partnerReference="PO-4711", effectiveOn="2026-11-20"))["review"]
    assert shown["proratedCharge"]["amount"] == "36.23"
    order = (await api.gql(SUBMIT, {"id": shown["id"]}, token="oscar"))["submitUpgrade"]["order"]
    assert (order["status"], order["effectiveOn"], order["customer"]) == (
        "PROCESSING",
        "2026-11-20",
        {"seats": 50},
    )

    pending = (await api.gql(PENDING, {"id": customer_id}))["customer"]
    assert pending == {
        "seats": 50,
        "pendingOrder": {
            "number": order["number"],
            "status": "PROCESSING",
            "effectiveOn": "2026-11-20",
            "partnerReference": "PO-4711",
        },
    }
    refused = await review(api, seats=1, primary={"mode": "KEEP_EXISTING"})
    assert codes(refused) == [("CHANGE_PENDING", ["input", "customerId"])]
    assert (
        order["number"] in refused["errors"][0]["message"] and "2026-11-20" in refused["errors"][0]["message"]
    )

    since = MON_16.isoformat()
    await worker.run_once()
    synced = (await api.gql(BY_REFERENCE, {"ref": "PO-4711", "since": since}, token="finance"))["orders"][
        "nodes"
    ]
    assert [(o["number"], o["status"]) for o in synced] == [(order["number"], "SCHEDULED")]
    assert (await api.gql(BY_REFERENCE, {"ref": "PO-4712"}, token="finance"))["orders"]["nodes"] == []
    assert (await api.gql(BY_REFERENCE, {"ref": "PO-4711"}, token="carl"))["orders"]["nodes"] == []

    clock.set(dt.datetime(2026, 11, 20, 0, 0, 2, tzinfo=dt.UTC))
    scheduled_at = synced[0]["updatedAt"]
    assert await worker.run_once() == 1
    synced = (await api.gql(BY_REFERENCE, {"ref": "PO-4711", "since": scheduled_at}, token="finance"))[
        "orders"
    ]["nodes"]
    assert [(o["number"], o["status"]) for o in synced] == [(order["number"], "COMPLETED")]
    assert synced[0]["updatedAt"] > scheduled_at
    assert (await api.gql(PENDING, {"id": customer_id}))["customer"] == {"seats": 60, "pendingOrder": None}

    late = (await api.gql(CANCEL, {"id": order["id"]}))["cancelOrder"]
    assert (late["order"], codes(late)) == (None, [("NOT_CANCELLABLE", ["input", "orderId"])])


async def test_cancel_before_the_date_and_what_reconciliation_sees(dated):
    api, clock, worker = dated
    shown = (await review(api, seats=-5, primary={"mode": "KEEP_EXISTING"}, partnerReference="PO-9"))[
        "review"
    ]
    assert shown["effectiveOn"] == "2026-12-01" and shown["proratedCharge"]["amount"] == "0.00"
    order = (await api.gql(SUBMIT, {"id": shown["id"]}, token="oscar"))["submitUpgrade"]["order"]
    await worker.run_once()

    assert codes((await api.gql(CANCEL, {"id": order["id"]}, token="vera"))["cancelOrder"]) == [
        ("FORBIDDEN", None)
    ]
    assert codes((await api.gql(CANCEL, {"id": order["id"]}, token="carl"))["cancelOrder"]) == [
        ("NOT_FOUND", ["input", "orderId"])
    ]
    clock.set(dt.datetime(2026, 11, 30, 23, 59, tzinfo=dt.UTC))
    cancelled = (await api.gql(CANCEL, {"id": order["id"]}, token="alice"))["cancelOrder"]
    assert cancelled["errors"] == []
    assert cancelled["order"] == {
        "id": order["id"],
        "status": "CANCELLED",
        "cancelledAt": "2026-11-30T23:59:00+00:00",
        "customer": {"seats": 50},
    }
    synced = await api.gql(BY_REFERENCE, {"ref": "PO-9", "since": "2026-11-30T00:00:00Z"}, token="finance")
    assert [(o["status"], o["cancelledAt"]) for o in synced["orders"]["nodes"]] == [
        ("CANCELLED", "2026-11-30T23:59:00+00:00")
    ]
    clock.set(dt.datetime(2026, 12, 1, 0, 1, tzinfo=dt.UTC))
    await worker.run_once()
    again = (await api.gql(BY_REFERENCE, {"ref": "PO-9"}, token="finance"))["orders"]["nodes"]
    assert [o["status"] for o in again] == ["CANCELLED"]
    assert (await Customer.get(account_code="FAB-001")).seats == 50


async def test_reconciliation_may_not_read_a_customers_pending_order(dated):
    api, _clock, _worker = dated
    query = "{ orders(first: 1) { nodes { customer { name pendingOrder { number } } } } }"
    shown = (await review(api, effectiveOn="2026-11-20"))["review"]
    await api.gql(SUBMIT, {"id": shown["id"]}, token="oscar")
    body = (await api.post(query, token="finance")).json()
    assert body["data"]["orders"]["nodes"][0]["customer"] in (
        None,
        {"name": "Fabrikam Dental", "pendingOrder": None},
    )
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]


async def test_the_reference_filter_ignores_case_and_surrounding_spaces(dated):
    api, _clock, worker = dated
    for code, reference in (("FAB-001", "PO-4711"), ("SMP-001", "po-4711"), ("SMP-002", "PO-47110")):
        shown = (await review(api, code=code, partnerReference=reference))["review"]
        await api.gql(SUBMIT, {"id": shown["id"]}, token="oscar")
    await worker.run_once()

    async def found(value, token="alice"):
        nodes = (await api.gql(BY_REFERENCE, {"ref": value}, token=token))["orders"]["nodes"]
        return sorted(o["partnerReference"] for o in nodes)

    both = ["PO-4711", "po-4711"]
    assert await found("PO-4711") == both
    assert await found("  pO-4711\t") == both
    assert await found("po-4711") == both
    assert await found("PO-471") == []
    assert await found("PO-471%") == [] and await found("PO-4711_") == []
    assert await found("PO-4711", token="finance") == both
    assert await found("PO-4711", token="carl") == []  # another partner's orders are never matched


ATTENTION = """
query($id: ID!) { order(id: $id) { status statusMessage } }
"""
RESUBMIT = """
mutation($id: ID!) {
  submitUpgrade(input: {reviewId: $id, confirmMsa: true, confirmAuthorized: true}) {
    order { status statusMessage }
    message
  }
}
"""


async def test_an_order_needing_attention_says_why_in_its_submit_message(dated):
    api, clock, worker = dated
    shown = (
        await review(
            api, code="TAIL-002", seats=5, primary={"mode": "KEEP_EXISTING"}, effectiveOn="2026-11-20"
        )
    )["review"]
    order = (await api.gql(SUBMIT, {"id": shown["id"]}, token="oscar"))["submitUpgrade"]["order"]
    while await worker.run_once():
        pass
    scheduled = (await api.gql(ATTENTION, {"id": order["id"]}))["order"]
    assert scheduled == {
        "status": "SCHEDULED",
        "statusMessage": "Your order is scheduled: its addendum was emailed to you, "
        "and the change takes effect at 00:00 UTC of its effective date.",
    }

    # Changed by other means before the date: the order stops, and says so rather than blaming an email.
    tailspin = await Customer.get(account_code="TAIL-002")
    await Customer.filter(id=tailspin.id).update(seats=130, version=tailspin.version + 1)
    clock.set(dt.datetime(2026, 11, 20, 0, 0, 2, tzinfo=dt.UTC))
    assert await worker.run_once() == 1
    changed = (
        "Your order did not take effect: the customer was changed by other means before its effective date, "
        "so the change was not applied. Our staff have been told; review the change again if it is still wanted."
    )
    assert (await api.gql(ATTENTION, {"id": order["id"]}))["order"] == {
        "status": "ATTENTION_NEEDED",
        "statusMessage": changed,
    }
    again = (await api.gql(RESUBMIT, {"id": shown["id"]}, token="oscar"))["submitUpgrade"]
    assert again == {"order": {"status": "ATTENTION_NEEDED", "statusMessage": changed}, "message": changed}
    # Lists say the same: the partner's orders, and the customer's newest orders.
    listed = await api.gql(
        """query($id: ID!) {
             orders(first: 50, filter: {status: [ATTENTION_NEEDED]}) { nodes { id statusMessage } }
             customer(id: $id) { orders(first: 5) { nodes { id statusMessage } } }
           }""",
        {"id": encode_id("Customer", tailspin.id)},
    )
    assert listed["orders"]["nodes"] == [{"id": order["id"], "statusMessage": changed}]
    assert listed["customer"]["orders"]["nodes"] == [{"id": order["id"], "statusMessage": changed}]
    assert (await Customer.get(id=tailspin.id)).seats == 130
