"""Change orders: review a requested change (a stored quote), and submit a review as an order."""

from __future__ import annotations

from ..fulfilment.followups import queue_fulfilment
from ..ids import decode_id
from ..models import PrimaryProductMode
from ..ordering.review import ReviewOutcome, UpgradeRequest, review_upgrade
from ..ordering.submit import SubmitOutcome, submit_upgrade
from .context import Context


async def review_requested_upgrade(
    context: Context,
    *,
    customer_id: str,
    implementation_lead_id: str,
    seat_adjustment: int,
    mode: PrimaryProductMode,
    sku: str | None,
    replaces_sku: str | None,
    addon_skus: list[str],
) -> ReviewOutcome:
    """`reviewUpgrade`: undecodable ids reach the domain as None and come back as its errors."""
    request = UpgradeRequest(
        customer_id=decode_id(customer_id, "Customer"),
        implementation_lead_id=decode_id(implementation_lead_id, "User"),
        seat_adjustment=seat_adjustment,
        mode=PrimaryProductMode(mode),
        sku=sku,
        replaces_sku=replaces_sku,
        addon_skus=tuple(addon_skus),
    )
    return await review_upgrade(context.principal, request, ttl_seconds=context.settings.review_ttl_seconds)


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
    )
