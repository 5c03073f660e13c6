"""A scheduled order from submit to COMPLETED on a clock the test moves, with real worker processes.

The API side runs on the same clock as the workers: `PORTAL_CLOCK_FILE` names a file holding the
time, so the test can put everybody on 2026-11-16 and then on the effective date.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import io
import re
import signal
from decimal import Decimal

from pypdf import PdfReader
from test_processes import start_worker, stop_worker

from graphql_portal.clock import FileClock, FixedClock
from graphql_portal.fulfilment.followups import queue_cancellation
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.ids import encode_id
from graphql_portal.models import (
    Attachment,
    AttachmentKind,
    Customer,
    CustomerProduct,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Job,
    JobKind,
    JobState,
    Order,
    OrderStatus,
    PartnerUser,
    UserStatus,
)
from graphql_portal.ordering.schedule import cancel_order, close_stopped_order
from tests.support.demo import LEAD, SUBMITTER, principal
from tests.support.environment import make_settings, settings_env
from tests.support.upgrades import scheduled_fabrikam
from tests.support.worker import wait_for

MON_16 = dt.datetime(2026, 11, 16, 10, 0, tzinfo=dt.UTC)
FRI_20 = dt.date(2026, 11, 20)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def held(customer_id: int) -> list[str]:
    return sorted(
        await CustomerProduct.filter(customer_id=customer_id).values_list("product__sku", flat=True)
    )


async def test_a_scheduled_order_is_applied_once_on_its_date_across_a_killed_worker(db, smtp, tmp_path):
    clock = FileClock(tmp_path / "clock")
    clock.set(MON_16)
    order = await scheduled_fabrikam(clock.now(), FRI_20)
    fabrikam = await Customer.get(id=order.customer_id)
    env = settings_env(db.url, tmp_path, smtp_port=smtp.port, PORTAL_CLOCK_FILE=str(clock.path))

    first = start_worker(env, "first", tmp_path / "first.log")
    try:
        scheduled = await wait_for(
            lambda: Order.filter(id=order.id, status=OrderStatus.SCHEDULED).exists(), 60
        )
        assert scheduled, (tmp_path / "first.log").read_text()
        # The documents went out at submit; the change waits for its date.
        assert (await Customer.get(id=fabrikam.id)).seats == 50
        apply_job = await Job.get(order_id=order.id, kind=JobKind.APPLY_CHANGE)
        assert (apply_job.state, apply_job.attempts) == (JobState.PENDING, 0)
        first.kill()
        assert await asyncio.to_thread(first.wait, 10) == -signal.SIGKILL
    finally:
        if first.poll() is None:
            first.kill()

    texts = {m.rcpt_tos[0]: m.text for m in smtp.mailbox.messages}
    assert len(smtp.mailbox.messages) == 2
    for text in texts.values():
        assert "Your reference:      PO-4711" in text
        assert "Effective:           2026-11-20 (scheduled" in text
        assert "Prorated charge:     +36.23 USD" in text

    clock.set(dt.datetime(2026, 11, 20, 0, 0, 1, tzinfo=dt.UTC))
    second = start_worker(env, "second", tmp_path / "second.log")
    try:
        completed = await wait_for(
            lambda: Order.filter(id=order.id, status=OrderStatus.COMPLETED).exists(), 60
        )
    finally:
        code = await stop_worker(second)
    log = (tmp_path / "second.log").read_text()
    assert completed and code == 0, log

    applied = await Customer.get(id=fabrikam.id)
    assert (applied.seats, applied.version) == (60, fabrikam.version + 1)
    assert await held(fabrikam.id) == ["ADD-IMP", "ADD-URL", "SEG-PRO"]
    done = await Order.get(id=order.id)
    assert done.applied_at == dt.datetime(2026, 11, 20, 0, 0, 1, tzinfo=dt.UTC)
    assert done.completed_at == done.applied_at
    apply_job = await Job.get(order_id=order.id, kind=JobKind.APPLY_CHANGE)
    assert (apply_job.state, apply_job.attempts, apply_job.locked_by) == (JobState.DONE, 1, "second")
    assert len(re.findall(r"APPLY_CHANGE order=\d+ attempt=1: done", log)) == 1
    assert len(smtp.mailbox.messages) == 2  # nothing sent twice


async def test_cancel_before_the_date_sends_a_short_email_and_the_date_changes_nothing(db, smtp, tmp_path):
    clock = FixedClock(MON_16)
    settings = dataclasses.replace(make_settings(db.url, tmp_path, smtp_port=smtp.port), clock=clock)
    order = await scheduled_fabrikam(clock.now(), FRI_20)
    assert await Worker(settings, "w").run_once() == 3
    assert (await Order.get(id=order.id)).status is OrderStatus.SCHEDULED

    clock.advance(dt.timedelta(days=2))
    cancelled = await cancel_order(
        await principal("alice@northwind.example"),
        order.id,
        queue_cancellation=queue_cancellation,
        now=clock.now(),
    )
    assert cancelled.errors == []
    assert await Worker(settings, "w").run_once() == 2
    mail = smtp.mailbox.to(SUBMITTER)[-1]
    assert mail.message["Subject"] == f"Order {order.number} for Fabrikam Dental: cancelled"
    first = (
        f"change order {order.number} for Fabrikam Dental (your reference PO-4711) was cancelled on "
        "2026-11-18 10:00 UTC, before its effective date 2026-11-20."
    )
    assert first in mail.text
    assert " ".join(first.split()) in " ".join(re.sub("<[^>]+>", " ", mail.html).split())
    assert "There is nothing to implement" not in mail.text
    # The implementation lead (Lena, not the submitter) is told too, with what it means for them.
    told = smtp.mailbox.to(LEAD)[-1]
    assert told.message["Subject"] == f"Order {order.number} for Fabrikam Dental: cancelled"
    assert told.text.startswith("Hello Lena Lead,\n")
    assert (
        f"change order {order.number} for Fabrikam Dental (your reference PO-4711), for which you are the "
        "implementation lead, was cancelled on 2026-11-18 10:00 UTC" in told.text
    )
    assert "There is nothing to implement for it." in told.text
    assert f"/orders/{encode_id('Order', order.id)}" in told.text
    for kind in (DeliveryKind.CANCELLATION, DeliveryKind.LEAD_CANCELLATION):
        delivery = await Delivery.get(order_id=order.id, kind=kind)
        assert delivery.status is DeliveryStatus.SENT

    clock.set(dt.datetime(2026, 11, 20, 0, 5, tzinfo=dt.UTC))
    assert await Worker(settings, "w").run_once() == 0
    order = await Order.get(id=order.id)
    assert (order.status, order.applied_at) == (OrderStatus.CANCELLED, None)
    assert (await Customer.get(id=order.customer_id)).seats == 50


async def test_an_order_stopped_on_its_date_is_closed_by_staff_and_the_submitter_told_why(db, smtp, tmp_path):
    clock = FixedClock(MON_16)
    settings = dataclasses.replace(make_settings(db.url, tmp_path, smtp_port=smtp.port), clock=clock)
    order = await scheduled_fabrikam(clock.now(), FRI_20)
    assert await Worker(settings, "w").run_once() == 3
    fabrikam = await Customer.get(id=order.customer_id)
    await Customer.filter(id=fabrikam.id).update(seats=45, version=fabrikam.version + 1)

    # Before its date a stopped order cannot be closed: there is nothing stopped yet.
    early = await close_stopped_order(order.id, queue_cancellation=queue_cancellation, now=clock.now())
    assert [(e.code.value, e.message) for e in early.errors] == [
        (
            "NOT_CANCELLABLE",
            f"Order {order.number} was not stopped on its date; "
            "only an order whose customer changed before its date can be closed here.",
        )
    ]

    clock.set(dt.datetime(2026, 11, 20, 0, 5, tzinfo=dt.UTC))
    assert await Worker(settings, "w").run_once() == 1
    stopped = await Order.get(id=order.id)
    assert (stopped.status, stopped.applied_at) == (OrderStatus.ATTENTION_NEEDED, None)
    apply_job = await Job.get(order_id=order.id, kind=JobKind.APPLY_CHANGE)
    assert apply_job.state is JobState.FAILED

    clock.set(dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC))
    closed = await close_stopped_order(order.id, queue_cancellation=queue_cancellation, now=clock.now())
    assert closed.errors == []
    assert await Worker(settings, "w").run_once() == 2
    mail = smtp.mailbox.to(SUBMITTER)[-1]
    assert mail.message["Subject"] == f"Order {order.number} for Fabrikam Dental: not applied, closed"
    assert "was not applied on its effective date 2026-11-20" in mail.text
    assert "Our staff closed the order on 2026-11-20 09:00 UTC." in mail.text
    assert "before its effective date" not in mail.text

    done = await Order.get(id=order.id)
    assert (done.status, done.cancelled_at, done.applied_at) == (
        OrderStatus.CANCELLED,
        dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC),
        None,
    )
    apply_job = await Job.get(order_id=order.id, kind=JobKind.APPLY_CHANGE)
    assert (apply_job.state, apply_job.last_error) == (
        JobState.DONE,
        "closed without applying: the customer had changed",
    )
    customer = await Customer.get(id=fabrikam.id)
    assert (customer.seats, customer.version) == (45, fabrikam.version + 1)
    assert await held(fabrikam.id) == ["ADD-URL", "SEG-ESS"]

    again = await close_stopped_order(order.id, queue_cancellation=queue_cancellation, now=clock.now())
    assert [e.message for e in again.errors] == [f"Order {order.number} is already cancelled."]
    assert await Worker(settings, "w").run_once() == 0


async def test_the_addendum_of_a_scheduled_order_shows_reference_date_changes_and_proration(
    db, smtp, tmp_path
):
    clock = FixedClock(MON_16)
    settings = dataclasses.replace(make_settings(db.url, tmp_path, smtp_port=smtp.port), clock=clock)
    order = await scheduled_fabrikam(clock.now(), FRI_20)
    await Worker(settings, "w").run_once()
    addendum = await Attachment.get(order_id=order.id, kind=AttachmentKind.ADDENDUM)
    # One cell per line in the extracted text: compare with runs of whitespace as one space.
    text = " ".join(pdf_text(bytes(addendum.data)).split())
    assert "Partner reference PO-4711" in text
    assert "Effective date 2026-11-20 (scheduled: the change takes effect at 00:00 UTC)" in text
    # "Seats" in every table, each with the same columns (so the amounts line up).
    assert "Licenses" not in text and "license" not in text
    assert text.count("SKU Product Seats Unit price Monthly amount") == 3
    assert "Previous products and seats SKU" in text and "Changes SKU" in text
    for row in (
        "SEG-PRO Secure Email Gateway Professional +60 2.50 USD +150.00 USD",
        "ADD-IMP Impersonation Protection +60 0.40 USD +24.00 USD",
        "ADD-URL URL Protection +10 0.48 USD +4.80 USD",
        "SEG-ESS Secure Email Gateway Essentials -50 1.60 USD -80.00 USD",
    ):
        assert row in text, text
    assert "Prorated charge for the rest of November 2026 +36.23 USD" in text
    assert "11 of 30 days of November 2026 remain" in text
    assert (await Order.get(id=order.id)).prorated_charge == Decimal("36.23")


async def cancel_scheduled(settings, clock, order) -> None:
    """Let the worker send the order's documents, then cancel it as Alice a day later."""
    assert await Worker(settings, "w").run_once() == 3
    clock.advance(dt.timedelta(days=1))
    outcome = await cancel_order(
        await principal("alice@northwind.example"),
        order.id,
        queue_cancellation=queue_cancellation,
        now=clock.now(),
    )
    assert outcome.errors == []


async def test_a_lead_who_submitted_the_order_gets_one_cancellation_email(db, smtp, tmp_path):
    clock = FixedClock(MON_16)
    settings = dataclasses.replace(make_settings(db.url, tmp_path, smtp_port=smtp.port), clock=clock)
    oscar = await PartnerUser.get(email_key=SUBMITTER)
    await Customer.filter(account_code="FAB-001").update(implementation_lead_id=oscar.id)
    order = await scheduled_fabrikam(clock.now(), FRI_20)
    await cancel_scheduled(settings, clock, order)
    assert await Worker(settings, "w").run_once() == 1
    assert [d.kind for d in await Delivery.filter(order_id=order.id, kind__in=CANCELLED_KINDS)] == [
        DeliveryKind.CANCELLATION
    ]
    assert len([m for m in smtp.mailbox.to(SUBMITTER) if "cancelled" in m.message["Subject"]]) == 1


async def test_a_deactivated_lead_gets_no_cancellation_email(db, smtp, tmp_path):
    clock = FixedClock(MON_16)
    settings = dataclasses.replace(make_settings(db.url, tmp_path, smtp_port=smtp.port), clock=clock)
    order = await scheduled_fabrikam(clock.now(), FRI_20)
    assert await Worker(settings, "w").run_once() == 3
    await PartnerUser.filter(email_key=LEAD).update(status=UserStatus.DEACTIVATED)
    clock.advance(dt.timedelta(days=1))
    outcome = await cancel_order(
        await principal("alice@northwind.example"),
        order.id,
        queue_cancellation=queue_cancellation,
        now=clock.now(),
    )
    assert outcome.errors == []
    assert await Worker(settings, "w").run_once() == 1
    kinds = [d.kind for d in await Delivery.filter(order_id=order.id, kind__in=CANCELLED_KINDS)]
    assert kinds == [DeliveryKind.CANCELLATION]
    assert not [m for m in smtp.mailbox.to(LEAD) if "cancelled" in m.message["Subject"]]


CANCELLED_KINDS = [DeliveryKind.CANCELLATION, DeliveryKind.LEAD_CANCELLATION]
