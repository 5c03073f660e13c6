"""Rows for tests that need orders without going through review and submit."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from graphql_portal.models import (
    Attachment,
    AttachmentKind,
    Customer,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Order,
    OrderStatus,
    PartnerUser,
    PriceListVersion,
    Review,
)


async def make_order(
    customer: Customer, *, at: dt.datetime | None = None, with_addendum: bool = True
) -> Order:
    """A completed order of `customer` adding nothing but a seat, with its addendum and deliveries."""
    at = at or dt.datetime.now(dt.UTC)
    user = await PartnerUser.filter(partner_id=customer.partner_id).order_by("id").first()
    version = await PriceListVersion.all().order_by("-effective_on").first()
    line = {"sku": "SEG-ESS", "name": "Secure Email Gateway Essentials", "kind": "PRIMARY"}
    before = [
        {
            **line,
            "seats": customer.seats,
            "unit_price": "1.60",
            "monthly_amount": str(Decimal("1.60") * customer.seats),
        }
    ]
    after = [
        {
            **line,
            "seats": customer.seats + 1,
            "unit_price": "1.60",
            "monthly_amount": str(Decimal("1.60") * (customer.seats + 1)),
        }
    ]
    common = dict(
        partner_id=customer.partner_id,
        customer=customer,
        implementation_lead=user,
        seats_before=customer.seats,
        seats_after=customer.seats + 1,
        lines_before=before,
        lines_after=after,
        monthly_cost_before=Decimal(before[0]["monthly_amount"]),
        monthly_cost_after=Decimal(after[0]["monthly_amount"]),
        currency="USD",
        msa_reference="MSA-TEST",
        effective_on=at.date(),
    )
    review = await Review.create(
        created_by=user,
        seat_adjustment=1,
        primary_mode="KEEP_EXISTING",
        addon_skus=[],
        customer_version=customer.version,
        agreement_revision=1,
        price_list_version=version,
        expires_at=at + dt.timedelta(minutes=30),
        **common,
    )
    order = await Order.create(
        review=review,
        submitted_by=user,
        status=OrderStatus.COMPLETED,
        submitted_at=at,
        updated_at=at,
        completed_at=at,
        applied_at=at,
        monthly_cost_change=Decimal("1.60"),
        **common,
    )
    for kind in (DeliveryKind.SUBMITTER_ADDENDUM, DeliveryKind.IMPLEMENTATION_LEAD):
        await Delivery.create(
            order=order,
            kind=kind,
            recipient=user.email,
            status=DeliveryStatus.SENT,
            attempts=1,
            sent_at=at,
            message_id=f"<{order.id}.{kind.value}@test>",
        )
    if with_addendum:
        data = b"%PDF-1.4 test " + str(order.id).encode()
        await Attachment.create(
            customer=customer,
            order=order,
            kind=AttachmentKind.ADDENDUM,
            filename=f"{order.number}-addendum.pdf",
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            data=data,
        )
    return order
