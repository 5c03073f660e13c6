"""Change orders: review a requested change (a stored quote), submit a review as an order, cancel one.

The domain's "now" is the settings' clock, so the API and the worker agree on what day it is.
"""

from __future__ import annotations

import datetime as dt

from ..fulfilment.followups import queue_cancellation, queue_fulfilment
from ..ids import decode_id
from ..models import PrimaryProductMode
from ..ordering.review import Quote, ReviewOutcome, UpgradeRequest, quote_upgrade, review_upgrade
from ..ordering.schedule import CancelOutcome, cancel_order
from ..ordering.submit import SubmitOutcome, submit_upgrade
from .context import Context


def upgrade_request(
    *,
    customer_id: str,
    implementation_lead_id: str,
    seat_adjustment: int,
    mode: PrimaryProductMode,
    sku: str | None,
    replaces_sku: str | None,
    addon_skus: list[str],
    partner_reference: str | None = None,
    effective_on: dt.date | None = None,
) -> UpgradeRequest:
    """An `UpgradeInput` as the domain reads it: undecodable ids reach it as None and come back
    as its errors."""
    return UpgradeRequest(
        customer_id=decode_id(customer_id, "Customer"),
        implementation_lead_id=decode_id(implementation_lead_id, "User"),
        seat_adjustment=seat_adjustment,
        mode=PrimaryProductMode(mode),
        sku=sku,
        replaces_sku=replaces_sku,
        addon_skus=tuple(addon_skus),
        partner_reference=partner_reference,
        effective_on=effective_on,
    )


async def review_requested_upgrade(context: Context, request: UpgradeRequest) -> ReviewOutcome:
    """`reviewUpgrade`: the rules applied and the result stored as a review."""
    return await review_upgrade(
        context.principal,
        request,
        ttl_seconds=context.settings.review_ttl_seconds,
        now=context.settings.clock.now(),
    )


async def preview_requested_upgrade(context: Context, request: UpgradeRequest) -> Quote:
    """`upgradePreview`: the same rules and figures as `reviewUpgrade`, stored nowhere."""
    return await quote_upgrade(context.principal, request, context.settings.clock.now().astimezone(dt.UTC))


async def submit_review(
    context: Context, review_id: str, *, confirm_msa: bool, confirm_authorized: bool
) -> SubmitOutcome:
    """`submitUpgrade`: the review becomes an order exactly once, with the jobs it owes queued."""
    return await submit_upgrade(
        context.principal,
        decode_id(review_id, "Review"),
        confirm_msa=confirm_msa,
        confirm_authorized=confirm_authorized,
        queue_followups=queue_fulfilment,
        now=context.settings.clock.now(),
    )


async def cancel_requested_order(context: Context, order_id: str) -> CancelOutcome:
    """`cancelOrder`: before its effective date only; the submitter's email is queued with it."""
    return await cancel_order(
        context.principal,
        decode_id(order_id, "Order"),
        queue_cancellation=queue_cancellation,
        now=context.settings.clock.now(),
    )
