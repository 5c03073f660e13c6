"""From `submit_upgrade` to the emails: the worked example of the demo data, end to end."""

from __future__ import annotations

import io

from fulfilment_support import LEAD, make_settings
from pypdf import PdfReader

from graphql_portal.auth import Principal
from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import (
    Attachment,
    Customer,
    Order,
    OrderStatus,
    PartnerUser,
    PrimaryProductMode,
    TokenKind,
)
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.rules import UpgradeRequest
from graphql_portal.ordering.submit import submit_upgrade

ALICE = "alice@northwind.example"


async def test_a_submitted_upgrade_is_filed_and_mailed_then_completed(db, smtp, tmp_path):
    alice = Principal(kind=TokenKind.PARTNER_USER, token_id=0, user=await PartnerUser.get(email_key=ALICE))
    fabrikam = await Customer.get(account_code="FAB-001")
    request = UpgradeRequest(
        customer_id=fabrikam.id,
        implementation_lead_id=fabrikam.implementation_lead_id,
        seat_adjustment=10,
        mode=PrimaryProductMode.SELECT_NEW,
        sku="SEG-PRO",
        addon_skus=("ADD-IMP",),
    )
    reviewed = await review_upgrade(alice, request)
    assert reviewed.errors == []
    submitted = await submit_upgrade(
        alice, reviewed.review.id, confirm_msa=True, confirm_authorized=True, queue_followups=queue_fulfilment
    )
    assert submitted.errors == []
    assert submitted.order.status is OrderStatus.PROCESSING

    assert await Worker(make_settings(db.url, tmp_path, smtp_port=smtp.port), "w1").run_once() == 3

    order = await Order.get(id=submitted.order.id)
    assert order.status is OrderStatus.COMPLETED
    (to_alice,) = smtp.mailbox.to(ALICE)
    (to_lena,) = smtp.mailbox.to(LEAD)
    attachment = await Attachment.get(order_id=order.id)
    assert to_alice.attachments() == [(f"{order.number}-addendum.pdf", bytes(attachment.data))]
    assert "Monthly cost after:  202.80 USD (+98.80 USD)" in to_lena.text
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(attachment.data))).pages)
    assert "Change in monthly cost\n +98.80 USD" in text
    assert "Alice Admin (alice@northwind.example)" in text
