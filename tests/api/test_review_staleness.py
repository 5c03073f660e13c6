"""UpgradeReview.stale and changedBy: what a review's page can say before Submit is pressed."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from graphql_portal.auth import create_user_token
from graphql_portal.clock import FileClock
from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, PartnerUser
from tests.support.api import Api
from tests.support.environment import make_settings

MON_16 = dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC)
REVIEW = """
mutation($input: UpgradeInput!) { reviewUpgrade(input: $input) { review { id } errors { code } } }
"""
SUBMIT = """
mutation($id: ID!) {
  submitUpgrade(input: {reviewId: $id, confirmMsa: true, confirmAuthorized: true}) {
    order { number } errors { code }
  }
}
"""
STALENESS = """
query($id: ID!) {
  upgradeReview(id: $id) { stale changedBy { number submittedBy { name } customer { name } } }
}
"""


@pytest.fixture
async def dated(db, tmp_path):
    from graphql_portal.app import create_app

    clock = FileClock(tmp_path / "clock")
    clock.set(MON_16)
    settings = make_settings(db.url, tmp_path / "var", clock=clock)
    tokens = {n: (await create_user_token(f"{n}@northwind.example")).token for n in ("alice", "oscar")}
    tokens["carl"] = (await create_user_token("carl@contoso.example")).token
    transport = httpx.ASGITransport(app=create_app(settings, manage_db=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client, tokens), clock


async def review(api, token="oscar", seats=10, **extra) -> str:
    customer = await Customer.get(account_code="FAB-001")
    lead = await PartnerUser.get(email_key="lena@northwind.example")
    upgrade = {
        "customerId": encode_id("Customer", customer.id),
        "implementationLeadId": encode_id("User", lead.id),
        "seatAdjustment": seats,
        "primaryProduct": {"mode": "KEEP_EXISTING"},
        **extra,
    }
    payload = (await api.gql(REVIEW, {"input": upgrade}, token=token))["reviewUpgrade"]
    assert payload["errors"] == []
    return payload["review"]["id"]


async def staleness(api, review_id: str, token="oscar") -> dict:
    return (await api.gql(STALENESS, {"id": review_id}, token=token))["upgradeReview"]


async def submit(api, review_id: str, token="oscar") -> dict:
    return (await api.gql(SUBMIT, {"id": review_id}, token=token))["submitUpgrade"]


async def test_a_fresh_review_is_not_stale(dated):
    api, _clock = dated
    assert await staleness(api, await review(api)) == {"stale": False, "changedBy": None}


async def test_an_order_that_changed_the_customer_is_named(dated):
    api, _clock = dated
    mine = await review(api)
    theirs = await review(api, token="alice", seats=5)
    placed = await submit(api, theirs, token="alice")
    number = placed["order"]["number"]
    assert await staleness(api, mine) == {
        "stale": True,
        "changedBy": {
            "number": number,
            "submittedBy": {"name": "Alice Admin"},
            "customer": {"name": "Fabrikam Dental"},
        },
    }
    # The page says now what Submit would say.
    assert (await submit(api, mine))["errors"] == [{"code": "REVIEW_STALE"}]
    # The review that became the order is not stale: submitting it again shows its order.
    assert await staleness(api, theirs) == {"stale": False, "changedBy": None}
    assert (await submit(api, theirs, token="alice"))["order"]["number"] == number
    # A later review of the changed customer is fresh again.
    assert (await staleness(api, await review(api)))["stale"] is False


async def test_a_change_by_other_means_names_no_order(dated):
    api, _clock = dated
    mine = await review(api)
    customer = await Customer.get(account_code="FAB-001")
    await Customer.filter(id=customer.id).update(seats=55, version=customer.version + 1)
    assert await staleness(api, mine) == {"stale": True, "changedBy": None}
    assert (await submit(api, mine))["errors"] == [{"code": "REVIEW_STALE"}]


async def test_a_review_whose_date_has_passed_is_stale(dated):
    api, clock = dated
    mine = await review(api)
    clock.set(MON_16.replace(hour=23, minute=59))
    assert (await staleness(api, mine))["stale"] is False
    clock.set(MON_16 + dt.timedelta(days=1))
    assert await staleness(api, mine) == {"stale": True, "changedBy": None}


async def test_another_partners_review_is_not_there(dated):
    api, _clock = dated
    assert await staleness(api, await review(api), token="carl") is None
