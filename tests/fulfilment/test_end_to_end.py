"""From `submit_upgrade` to the emails: the worked example of the demo data, end to end."""

from __future__ import annotations

import io

from pypdf import PdfReader

from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import (
    Attachment,
    Order,
    OrderStatus,
)
from tests.support.demo import ALICE, LEAD
from tests.support.environment import make_settings
from tests.support.orders import place_fabrikam_order


async def test_a_submitted_upgrade_is_filed_and_mailed_then_completed(db, smtp, tmp_path):
    placed = await place_fabrikam_order(ALICE)
    assert placed.status is OrderStatus.PROCESSING

    assert await Worker(make_settings(db.url, tmp_path, smtp_port=smtp.port), "w1").run_once() == 3

    order = await Order.get(id=placed.id)
    assert order.status is OrderStatus.COMPLETED
    (to_alice,) = smtp.mailbox.to(ALICE)
    (to_lena,) = smtp.mailbox.to(LEAD)
    attachment = await Attachment.get(order_id=order.id)
    assert to_alice.attachments() == [(f"{order.number}-addendum.pdf", bytes(attachment.data))]
    assert "Monthly cost after:  202.80 USD (+98.80 USD)" in to_lena.text
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(bytes(attachment.data))).pages)
    assert "Change in monthly cost\n +98.80 USD" in text
    assert "Alice Admin (alice@northwind.example)" in text
