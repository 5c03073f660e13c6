"""Upgrade requests: for the domain (`UpgradeRequest`) and for the API (the `UpgradeInput` variables)."""

from __future__ import annotations

import datetime as dt

from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.ids import encode_id
from graphql_portal.models import Order, PrimaryProductMode
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.rules import UpgradeRequest
from graphql_portal.ordering.submit import submit_upgrade

from .demo import LEAD, SUBMITTER, customer, principal, user_id

KEEP = PrimaryProductMode.KEEP_EXISTING
ADD_TO = PrimaryProductMode.ADD_TO
SELECT_NEW = PrimaryProductMode.SELECT_NEW


async def request_for(
    code: str,
    *,
    lead: str | None = None,
    seats: int = 0,
    mode: PrimaryProductMode = KEEP,
    sku: str | None = None,
    replaces: str | None = None,
    addons: tuple[str, ...] = (),
) -> UpgradeRequest:
    """A request for the demo customer `code`; the lead defaults to its current one."""
    target = await customer(code)
    lead_id = await user_id(lead) if lead else target.implementation_lead_id
    return UpgradeRequest(
        customer_id=target.id,
        implementation_lead_id=lead_id,
        seat_adjustment=seats,
        mode=mode,
        sku=sku,
        replaces_sku=replaces,
        addon_skus=addons,
    )


async def fabrikam_request() -> UpgradeRequest:
    """The demo data's worked example: Fabrikam Dental SEG-ESS -> SEG-PRO, + ADD-IMP, seats +10,
    Lena as implementation lead (104.00 -> 202.80 USD a month)."""
    return await request_for(
        "FAB-001", lead=LEAD, seats=10, mode=SELECT_NEW, sku="SEG-PRO", addons=("ADD-IMP",)
    )


async def upgrade_input(code: str = "FAB-001", lead: str = LEAD, seats: int = 10, **primary) -> dict:
    """The API's `UpgradeInput` for customer `code`; by default the Fabrikam example."""
    target = await customer(code)
    choice = primary or {"mode": "SELECT_NEW", "sku": "SEG-PRO", "addonSkus": ["ADD-IMP"]}
    return {
        "customerId": encode_id("Customer", target.id),
        "seatAdjustment": seats,
        "implementationLeadId": encode_id("User", await user_id(lead)),
        "primaryProduct": choice,
    }


def codes(errors) -> list[tuple[str, tuple[str, ...] | None]]:
    """Errors as (code, field) pairs: what clients switch on."""
    return [(error.code.value, error.field) for error in errors]


async def scheduled_fabrikam(now: dt.datetime, effective_on: dt.date) -> Order:
    """Fabrikam's worked example (reference PO-4711) effective on `effective_on`, reviewed and
    submitted by Oscar at `now` with its fulfilment queued."""
    oscar = await principal(SUBMITTER)
    fabrikam = await customer("FAB-001")
    request = UpgradeRequest(
        customer_id=fabrikam.id,
        implementation_lead_id=fabrikam.implementation_lead_id,
        seat_adjustment=10,
        mode=PrimaryProductMode.SELECT_NEW,
        sku="SEG-PRO",
        addon_skus=("ADD-IMP",),
        partner_reference="PO-4711",
        effective_on=effective_on,
    )
    reviewed = await review_upgrade(oscar, request, now=now)
    assert reviewed.errors == []
    submitted = await submit_upgrade(
        oscar,
        reviewed.review.id,
        confirm_msa=True,
        confirm_authorized=True,
        queue_followups=queue_fulfilment,
        now=now,
    )
    assert submitted.errors == []
    return submitted.order
