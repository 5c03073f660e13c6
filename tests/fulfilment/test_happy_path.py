"""An order's fulfilment from the job table to COMPLETED, through a real SMTP server."""

from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader

from graphql_portal.fulfilment.downloads import attachment_url
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.ids import encode_id
from graphql_portal.models import (
    Attachment,
    AttachmentKind,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Job,
    JobState,
    Order,
    OrderStatus,
)
from tests.support.demo import LEAD, SUBMITTER
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def test_order_completes_with_addendum_and_two_emails(db, smtp, tmp_path):
    order = await write_fabrikam_order()
    before = await Order.get(id=order.id)
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)

    ran = await Worker(settings, "w1").run_once()

    assert ran == 3
    order = await Order.get(id=order.id)
    assert order.status is OrderStatus.COMPLETED
    assert order.completed_at is not None
    assert order.updated_at > before.updated_at
    assert [j.state for j in await Job.filter(order_id=order.id).order_by("id")] == [JobState.DONE] * 3
    assert [j.attempts for j in await Job.filter(order_id=order.id).order_by("id")] == [1, 1, 1]

    attachment = await Attachment.get(order_id=order.id, kind=AttachmentKind.ADDENDUM)
    assert attachment.customer_id == order.customer_id
    assert attachment.filename == f"{order.number}-addendum.pdf"
    assert attachment.content_type == "application/pdf"
    assert attachment.size == len(attachment.data)
    assert attachment.sha256 == hashlib.sha256(attachment.data).hexdigest()

    deliveries = {d.kind: d for d in await Delivery.filter(order_id=order.id)}
    assert {k: (d.status, d.attempts, d.last_error) for k, d in deliveries.items()} == {
        DeliveryKind.SUBMITTER_ADDENDUM: (DeliveryStatus.SENT, 1, None),
        DeliveryKind.IMPLEMENTATION_LEAD: (DeliveryStatus.SENT, 1, None),
    }

    messages = smtp.mailbox.messages
    assert sorted(tuple(m.rcpt_tos) for m in messages) == [(LEAD,), (SUBMITTER,)]
    (to_submitter,) = smtp.mailbox.to(SUBMITTER)
    (to_lead,) = smtp.mailbox.to(LEAD)
    assert to_submitter.mail_from == "orders@portal.example"
    assert to_submitter.message["Message-ID"] == deliveries[DeliveryKind.SUBMITTER_ADDENDUM].message_id
    assert to_lead.message["Message-ID"] == deliveries[DeliveryKind.IMPLEMENTATION_LEAD].message_id
    assert to_submitter.message["To"] == f"Oscar Orders <{SUBMITTER}>"
    assert to_lead.message["To"] == f"Lena Lead <{LEAD}>"
    assert to_submitter.attachments() == [(attachment.filename, bytes(attachment.data))]
    assert to_lead.attachments() == []

    url = f"http://portal.test/attachments/{encode_id('Attachment', attachment.id)}"
    assert attachment_url(settings, attachment.id) == url
    assert url in to_lead.text
    assert f'href="{url}"' in to_lead.html
    # The lead is told what to do next, with the order and the addendum a line each.
    order_link = f"http://portal.test/orders/{encode_id('Order', order.id)}"
    assert "What to do next: plan the changes below with Fabrikam Dental" in to_lead.text
    assert f"Open the order:\n{order_link}\n\nDownload the addendum:\n{url}\n" in to_lead.text
    assert f'href="{order_link}"' in to_lead.html
    for text in (to_lead.text, to_submitter.text):
        assert "Fabrikam Dental (FAB-001)" in text
        assert "Monthly cost after:  202.80 USD (+98.80 USD)" in text
        assert "Seats:               50 -> 60" in text
    assert (
        "New products:        Secure Email Gateway Professional (SEG-PRO), Impersonation Protection (ADD-IMP)"
        in (to_lead.text)
    )
    assert "Replaced products:   Secure Email Gateway Essentials (SEG-ESS)" in to_lead.text

    text = pdf_text(bytes(attachment.data))
    for expected in (
        f"Change order addendum {order.number}",
        f"Order date: {order.submitted_at:%Y-%m-%d} (UTC)",
        "Northwind Managed IT",
        "Fabrikam Dental",
        "FAB-001",
        "MSA-2019-0042",
        "Oscar Orders (oscar@northwind.example)",
        "Lena Lead (lena@northwind.example)",
        "50 before, 60 after",
        # New lines (SKU, seats, unit price, monthly amount) ...
        "SEG-PRO",
        "2.50 USD",
        "150.00 USD",
        "28.80 USD",
        "ADD-IMP",
        "0.40 USD",
        # ... previous lines ...
        "SEG-ESS",
        "1.60 USD",
        "80.00 USD",
        # ... and the three monthly amounts.
        "Monthly cost before\n 104.00 USD",
        "Monthly cost after\n 202.80 USD",
        "Change in monthly cost\n +98.80 USD",
        "This order is governed by the Master Services Agreement MSA-2019-0042",
    ):
        assert expected in text, expected


async def test_without_smtp_messages_are_written_as_eml_files_once_per_delivery(db, tmp_path):
    order = await write_fabrikam_order()
    settings = make_settings(db.url, tmp_path)

    assert await Worker(settings, "w1").run_once() == 3
    # Sending the same deliveries again rewrites their files instead of adding files.
    await Delivery.filter(order_id=order.id).update(status=DeliveryStatus.PENDING)
    await Job.filter(order_id=order.id, kind="SEND_EMAIL").update(state=JobState.PENDING)
    assert await Worker(settings, "w1").run_once() == 2

    files = sorted(p.name for p in settings.mail_dir.iterdir())
    number = (await Order.get(id=order.id)).number
    assert files == [f"{number}-implementation-lead.eml", f"{number}-submitter-addendum.eml"]
    assert (await Order.get(id=order.id)).status is OrderStatus.COMPLETED
    raw = (settings.mail_dir / f"{number}-submitter-addendum.eml").read_text()
    delivery = await Delivery.get(order_id=order.id, kind=DeliveryKind.SUBMITTER_ADDENDUM)
    assert f"Message-ID: {delivery.message_id}" in raw
    assert f"{number}-addendum.pdf" in raw
