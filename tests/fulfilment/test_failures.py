"""SMTP outages and refusals: retries with backoff, ATTENTION_NEEDED, and the admin's retries."""

from __future__ import annotations

import asyncio
import datetime as dt

from graphql_portal.fulfilment.queue import backoff_seconds
from graphql_portal.fulfilment.retries import requeue_delivery, requeue_order
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import (
    Attachment,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Job,
    JobKind,
    JobState,
    Order,
    OrderStatus,
)
from tests.support.demo import LEAD, SUBMITTER
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order
from tests.support.ports import free_port
from tests.support.smtp import SmtpServer
from tests.support.worker import wait_for


async def status_of(order_id: int) -> OrderStatus:
    return (await Order.get(id=order_id)).status


async def test_smtp_down_at_first_delays_the_emails_and_loses_none(db, tmp_path):
    port = free_port()
    settings = make_settings(db.url, tmp_path, smtp_port=port, job_max_attempts=50)
    order = await write_fabrikam_order()
    stop = asyncio.Event()
    task = asyncio.create_task(Worker(settings, "w1").run(stop))
    server = SmtpServer(port=port)
    try:
        # Nothing listens yet: every attempt is refused and put back with a backoff.
        assert await wait_for(
            lambda: Delivery.filter(
                order_id=order.id, attempts__gte=2, status=DeliveryStatus.PENDING
            ).exists(),
            10,
        )
        delivery = await Delivery.filter(order_id=order.id, attempts__gte=2).first()
        assert "Connection refused" in delivery.last_error or "ConnectionRefused" in delivery.last_error
        assert await status_of(order.id) is OrderStatus.PROCESSING
        server.start()
        assert await wait_for(lambda: Order.filter(id=order.id, status=OrderStatus.COMPLETED).exists(), 15)
    finally:
        stop.set()
        await asyncio.wait_for(task, 10)
        server.stop()

    assert sorted(tuple(m.rcpt_tos) for m in server.mailbox.messages) == [(LEAD,), (SUBMITTER,)]
    deliveries = await Delivery.filter(order_id=order.id)
    assert {(d.status, d.last_error) for d in deliveries} == {(DeliveryStatus.SENT, None)}
    assert all(d.attempts >= 2 for d in deliveries)
    assert await Attachment.filter(order_id=order.id).count() == 1


async def test_refusal_past_the_last_attempt_needs_attention_until_retried(db, smtp, tmp_path):
    smtp.mailbox.refuse_recipients[LEAD] = "451 4.2.1 mailbox busy, try again later"
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)  # 3 attempts
    order = await write_fabrikam_order()
    worker = Worker(settings, "w1")

    async def settled() -> bool:
        await worker.run_once()
        return not await Job.filter(
            order_id=order.id, state__in=[JobState.PENDING, JobState.RUNNING]
        ).exists()

    assert await wait_for(settled, 10)
    order = await Order.get(id=order.id)
    assert order.status is OrderStatus.ATTENTION_NEEDED
    assert order.completed_at is None
    lead = await Delivery.get(order_id=order.id, kind=DeliveryKind.IMPLEMENTATION_LEAD)
    assert (lead.status, lead.attempts) == (DeliveryStatus.FAILED, 3)
    assert lead.last_error == "SendError: SMTP 451 4.2.1 mailbox busy, try again later (rcpt)"
    lead_job = await Job.get(dedupe_key=f"email:{lead.id}")
    assert (lead_job.state, lead_job.attempts, lead_job.last_error) == (JobState.FAILED, 3, lead.last_error)
    submitter = await Delivery.get(order_id=order.id, kind=DeliveryKind.SUBMITTER_ADDENDUM)
    assert (submitter.status, submitter.attempts) == (DeliveryStatus.SENT, 1)
    assert smtp.mailbox.to(LEAD) == []

    # The admin retries once the mailbox accepts again.
    del smtp.mailbox.refuse_recipients[LEAD]
    attention_at = order.updated_at
    assert await requeue_delivery(submitter.id) is False  # nothing failed there
    assert await requeue_delivery(lead.id) is True
    order = await Order.get(id=order.id)
    assert order.status is OrderStatus.PROCESSING
    assert order.updated_at > attention_at
    lead_job = await Job.get(id=lead_job.id)
    assert (lead_job.state, lead_job.attempts) == (JobState.PENDING, 0)
    assert (await Delivery.get(id=lead.id)).status is DeliveryStatus.PENDING

    assert await worker.run_once() == 1
    order = await Order.get(id=order.id)
    assert order.status is OrderStatus.COMPLETED
    assert order.completed_at is not None
    assert len(smtp.mailbox.to(LEAD)) == 1
    assert len(smtp.mailbox.to(SUBMITTER)) == 1
    lead = await Delivery.get(id=lead.id)
    assert (lead.status, lead.attempts, lead.last_error) == (DeliveryStatus.SENT, 4, None)
    assert await requeue_order(order.id) == 0


async def test_a_permanent_refusal_fails_at_its_first_attempt_and_staff_can_retry(db, smtp, tmp_path):
    """A 5xx says the same message will be refused again: no seven more attempts over hours."""
    smtp.mailbox.refuse_recipients[LEAD] = "550 5.1.1 mailbox unavailable"
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)  # 3 attempts
    order = await write_fabrikam_order()
    worker = Worker(settings, "w1")
    assert await worker.run_once() == 3
    lead = await Delivery.get(order_id=order.id, kind=DeliveryKind.IMPLEMENTATION_LEAD)
    assert (lead.status, lead.attempts) == (DeliveryStatus.FAILED, 1)
    assert lead.last_error == "SendError: SMTP 550 5.1.1 mailbox unavailable (rcpt)"
    lead_job = await Job.get(dedupe_key=f"email:{lead.id}")
    assert (lead_job.state, lead_job.attempts, lead_job.last_error) == (JobState.FAILED, 1, lead.last_error)
    assert (await Order.get(id=order.id)).status is OrderStatus.ATTENTION_NEEDED
    assert smtp.mailbox.to(LEAD) == []

    del smtp.mailbox.refuse_recipients[LEAD]
    assert await requeue_delivery(lead.id) is True
    assert await worker.run_once() == 1
    assert (await Order.get(id=order.id)).status is OrderStatus.COMPLETED
    assert len(smtp.mailbox.to(LEAD)) == 1


async def test_retry_order_requeues_every_failed_job(db, tmp_path):
    port = free_port()  # nobody listens: both emails fail for good
    settings = make_settings(db.url, tmp_path, smtp_port=port, job_max_attempts=1)
    order = await write_fabrikam_order()
    assert await Worker(settings, "w1").run_once() == 3
    assert await status_of(order.id) is OrderStatus.ATTENTION_NEEDED
    assert {d.status for d in await Delivery.filter(order_id=order.id)} == {DeliveryStatus.FAILED}

    server = SmtpServer(port=port).start()
    try:
        assert await requeue_order(order.id) == 2
        assert await status_of(order.id) is OrderStatus.PROCESSING
        assert {d.status for d in await Delivery.filter(order_id=order.id)} == {DeliveryStatus.PENDING}
        assert await Worker(settings, "w1").run_once() == 2
    finally:
        server.stop()
    assert await status_of(order.id) is OrderStatus.COMPLETED
    assert len(server.mailbox.messages) == 2


async def test_emails_wait_for_the_addendum_without_spending_attempts(db, smtp, tmp_path):
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port, job_backoff_seconds=30.0)
    order = await write_fabrikam_order()
    render = await Job.get(order_id=order.id, kind=JobKind.RENDER_ADDENDUM)
    # Another worker holds the render, so the emails come first.
    far = render.run_after + dt.timedelta(days=1)
    await Job.filter(id=render.id).update(state=JobState.RUNNING, locked_by="elsewhere", lease_until=far)

    assert await Worker(settings, "w1").run_once() == 0
    emails = await Job.filter(order_id=order.id, kind=JobKind.SEND_EMAIL)
    assert {(j.state, j.attempts) for j in emails} == {(JobState.PENDING, 0)}
    assert all(j.run_after > render.run_after for j in emails)
    assert {d.attempts for d in await Delivery.filter(order_id=order.id)} == {0}
    assert smtp.mailbox.messages == []

    # Filing the addendum wakes the waiting emails at once, despite their 5 s wait.
    await Job.filter(id=render.id).update(state=JobState.PENDING, locked_by=None, lease_until=None)
    assert await Worker(settings, "w1").run_once() == 3
    assert await status_of(order.id) is OrderStatus.COMPLETED
    assert len(smtp.mailbox.messages) == 2


async def test_a_failed_addendum_fails_its_emails_and_retry_delivery_requeues_it_too(db, smtp, tmp_path):
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)
    order = await write_fabrikam_order()
    render = await Job.get(order_id=order.id, kind=JobKind.RENDER_ADDENDUM)
    await Job.filter(id=render.id).update(state=JobState.FAILED, attempts=3, last_error="RenderError: boom")

    await Worker(settings, "w1").run_once()
    assert await status_of(order.id) is OrderStatus.ATTENTION_NEEDED
    deliveries = await Delivery.filter(order_id=order.id).order_by("id")
    assert {(d.status, d.last_error) for d in deliveries} == {
        (DeliveryStatus.FAILED, "the addendum could not be filed: RenderError: boom")
    }
    assert smtp.mailbox.messages == []

    assert await requeue_delivery(deliveries[0].id) is True
    assert (await Job.get(id=render.id)).state is JobState.PENDING
    assert await Worker(settings, "w1").run_once() == 2
    # The other delivery is still FAILED, so the order still needs attention.
    assert await status_of(order.id) is OrderStatus.ATTENTION_NEEDED
    assert await requeue_delivery(deliveries[1].id) is True
    assert await Worker(settings, "w1").run_once() == 1
    assert await status_of(order.id) is OrderStatus.COMPLETED
    assert len(smtp.mailbox.messages) == 2


def test_backoff_doubles_per_attempt_up_to_the_cap_with_jitter_below_it(tmp_path):
    settings = make_settings(
        "sqlite://unused", tmp_path, job_backoff_seconds=30.0, job_backoff_max_seconds=3600.0
    )
    for attempts, full in ((1, 30), (2, 60), (3, 120), (7, 1920), (8, 3600), (20, 3600)):
        waits = [backoff_seconds(settings, attempts) for _ in range(200)]
        assert all(0.75 * full <= w <= full for w in waits), attempts
        assert len(set(waits)) > 1
