"""The worker loop: claims, expired leases, and stopping with a job in hand."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from graphql_portal.fulfilment import queue
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Delivery, DeliveryKind, DeliveryStatus, Job, JobState, Order, OrderStatus
from tests.support.demo import SUBMITTER
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order


async def test_claims_take_due_jobs_in_order_and_skip_leased_ones(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    first = await write_fabrikam_order()
    second = await write_fabrikam_order(account_code="TAIL-002")
    expected = [j.id for j in await Job.filter(order_id__in=[first.id, second.id]).order_by("id")]

    claimed = [await queue.claim("a", settings) for _ in expected]
    assert [j.id for j in claimed] == expected
    assert await queue.claim("b", settings) is None
    rows = await Job.filter(id__in=expected).order_by("id")
    assert {(j.state, j.locked_by, j.attempts) for j in rows} == {(JobState.RUNNING, "a", 1)}
    assert all(
        dt.timedelta(seconds=29) < j.lease_until - dt.datetime.now(dt.UTC) <= dt.timedelta(seconds=30)
        for j in rows
    )


async def test_a_job_whose_lease_expired_is_claimed_again_and_the_old_claim_is_void(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    order = await write_fabrikam_order()
    ghost = await queue.claim("ghost", settings)
    past = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    await Job.filter(id=ghost.id).update(lease_until=past)

    taken = await queue.claim("heir", settings)
    assert (taken.id, taken.attempts, taken.locked_by) == (ghost.id, 2, "heir")
    # The first claimant comes back late: none of its transitions apply any more.
    assert await queue.complete(ghost) is False
    assert await queue.fail(ghost, "late", settings) is JobState.RUNNING
    assert await queue.defer(ghost, 1) is False
    assert await queue.release(ghost) is False
    assert await queue.renew_lease(ghost, settings) is False
    row = await Job.get(id=ghost.id)
    assert (row.state, row.locked_by, row.attempts, row.last_error) == (JobState.RUNNING, "heir", 2, None)
    assert await queue.complete(taken) is True
    assert (await Job.get(id=ghost.id)).state is JobState.DONE
    assert (await Order.get(id=order.id)).status is OrderStatus.PROCESSING


async def test_stop_lets_a_running_job_finish(db, smtp, tmp_path):
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)
    order = await write_fabrikam_order()
    smtp.mailbox.stalls.append(0.5)
    stop = asyncio.Event()
    task = asyncio.create_task(Worker(settings, "w1", stop_grace_seconds=10).run(stop))
    assert await asyncio.to_thread(smtp.mailbox.data_started.wait, 10)
    stop.set()
    await asyncio.wait_for(task, 10)

    submitter = await Delivery.get(order_id=order.id, kind=DeliveryKind.SUBMITTER_ADDENDUM)
    assert submitter.status is DeliveryStatus.SENT
    assert (await Job.get(dedupe_key=f"email:{submitter.id}")).state is JobState.DONE
    # The loop ended after that job: the lead's email is still due.
    lead = await Delivery.get(order_id=order.id, kind=DeliveryKind.IMPLEMENTATION_LEAD)
    lead_job = await Job.get(dedupe_key=f"email:{lead.id}")
    assert (lead_job.state, lead_job.attempts) == (JobState.PENDING, 0)
    assert len(smtp.mailbox.to(SUBMITTER)) == 1


async def test_stop_releases_a_job_that_outlasts_the_grace_period(db, smtp, tmp_path):
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)
    order = await write_fabrikam_order()
    smtp.mailbox.stalls.append(30.0)
    stop = asyncio.Event()
    task = asyncio.create_task(Worker(settings, "w1", stop_grace_seconds=0.2).run(stop))
    assert await asyncio.to_thread(smtp.mailbox.data_started.wait, 10)
    started = time.monotonic()
    stop.set()
    await asyncio.wait_for(task, 10)
    assert time.monotonic() - started < 5

    submitter = await Delivery.get(order_id=order.id, kind=DeliveryKind.SUBMITTER_ADDENDUM)
    job = await Job.get(dedupe_key=f"email:{submitter.id}")
    assert (job.state, job.attempts, job.locked_by, job.lease_until) == (JobState.PENDING, 0, None, None)
    assert job.run_after <= dt.datetime.now(dt.UTC)
    assert smtp.mailbox.messages == []
