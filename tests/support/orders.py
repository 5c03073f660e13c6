"""Orders for tests, three ways: through review and submit, as submit writes them, or completed."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from tortoise.transactions import in_transaction

from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.models import (
    Attachment,
    AttachmentKind,
    Customer,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Order,
    OrderStatus,
    Partner,
    PartnerUser,
    PriceListVersion,
    PrimaryProductMode,
    Review,
)
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.submit import submit_upgrade

from .demo import FABRIKAM_AFTER, FABRIKAM_BEFORE, LEAD, SUBMITTER, principal
from .upgrades import fabrikam_request


async def place_fabrikam_order(submitter: str = SUBMITTER) -> Order:
    """The demo data's worked example (`fabrikam_request`), reviewed and submitted by `submitter`."""
    who = await principal(submitter)
    reviewed = await review_upgrade(who, await fabrikam_request())
    assert reviewed.errors == [], reviewed.errors
    submitted = await submit_upgrade(
        who, reviewed.review.id, confirm_msa=True, confirm_authorized=True, queue_followups=queue_fulfilment
    )
    assert submitted.errors == [], submitted.errors
    return submitted.order


async def write_fabrikam_order(
    *,
    account_code: str = "FAB-001",
    submitter_email: str = SUBMITTER,
    lead_email: str = LEAD,
    submitted_at: dt.datetime | None = None,
) -> Order:
    """A Fabrikam-style order (review, order, its pending jobs and deliveries) as submit writes it,
    without the rules: for any customer, at any time."""
    customer = await Customer.get(account_code=account_code)
    partner = await Partner.get(id=customer.partner_id).prefetch_related("agreement")
    submitter = await PartnerUser.get(email_key=submitter_email)
    lead = await PartnerUser.get(email_key=lead_email)
    price_list = (
        await PriceListVersion.filter(effective_on__lte=dt.date.today()).order_by("-effective_on").first()
    )
    now = submitted_at or dt.datetime.now(dt.UTC)
    async with in_transaction() as conn:
        review = await Review.create(
            partner=partner,
            customer=customer,
            created_by=submitter,
            implementation_lead=lead,
            seat_adjustment=10,
            primary_mode=PrimaryProductMode.SELECT_NEW,
            primary_sku="SEG-PRO",
            replaces_sku="SEG-ESS",
            addon_skus=["ADD-IMP"],
            seats_before=50,
            seats_after=60,
            lines_before=FABRIKAM_BEFORE,
            lines_after=FABRIKAM_AFTER,
            monthly_cost_before=Decimal("104.00"),
            monthly_cost_after=Decimal("202.80"),
            currency="USD",
            msa_reference=partner.agreement.msa_reference,
            customer_version=customer.version,
            agreement_revision=partner.agreement.revision,
            price_list_version=price_list,
            expires_at=now + dt.timedelta(minutes=30),
            effective_on=now.date(),
            using_db=conn,
        )
        order = await Order.create(
            partner=partner,
            customer=customer,
            review=review,
            submitted_by=submitter,
            implementation_lead=lead,
            submitted_at=now,
            updated_at=now,
            seats_before=50,
            seats_after=60,
            lines_before=FABRIKAM_BEFORE,
            lines_after=FABRIKAM_AFTER,
            monthly_cost_before=Decimal("104.00"),
            monthly_cost_after=Decimal("202.80"),
            monthly_cost_change=Decimal("98.80"),
            currency="USD",
            msa_reference=partner.agreement.msa_reference,
            effective_on=now.date(),
            applied_at=now,
            using_db=conn,
        )
        await queue_fulfilment(order, submitter, lead, using_db=conn)
    return order


async def make_completed_order(
    customer: Customer, *, at: dt.datetime | None = None, with_addendum: bool = True
) -> Order:
    """A COMPLETED order of `customer` adding nothing but a seat, with its addendum and deliveries."""
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
