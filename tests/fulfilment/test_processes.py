"""Worker processes: a SIGKILL in the middle of a job, and two workers sharing 200 orders."""

from __future__ import annotations

import asyncio
import re
import signal
import subprocess
import sys
from collections import Counter

import pytest

from graphql_portal.models import (
    Attachment,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Job,
    JobState,
    Order,
    OrderStatus,
)
from tests.support.demo import LEAD, SUBMITTER
from tests.support.environment import ROOT, settings_env, worker_env
from tests.support.orders import write_fabrikam_order
from tests.support.worker import wait_for

DONE_LINE = re.compile(r"job (\d+) (\w+) order=(\d+) attempt=(\d+): done in")


def start_worker(env: dict, worker_id: str, log_path) -> subprocess.Popen:
    log = open(log_path, "wb")  # noqa: SIM115 - closed by the process' end
    return subprocess.Popen(
        [sys.executable, "-m", "graphql_portal.fulfilment.worker", "--worker-id", worker_id],
        cwd=ROOT,
        env=worker_env(env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


async def stop_worker(process: subprocess.Popen) -> int:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    return await asyncio.to_thread(process.wait, 30)


async def test_a_worker_killed_mid_send_is_taken_over_after_its_lease(db, smtp, tmp_path):
    """The submitter's email stalls in DATA and the worker is SIGKILLed while it waits.

    The interrupted SMTP transaction never completed (the server drops a message whose client
    went away before the final reply), so the guarantee is exact: one addendum, and each email
    accepted once. Had the kill come after the server's 250 but before the delivery was marked
    SENT, the second worker would send that email again with the same Message-ID.
    """
    order = await write_fabrikam_order()
    smtp.mailbox.stalls.append(60.0)
    env = settings_env(db.url, tmp_path, smtp_port=smtp.port, PORTAL_JOB_LEASE_SECONDS="1.5")
    first = start_worker(env, "first", tmp_path / "first.log")
    try:
        assert await asyncio.to_thread(smtp.mailbox.data_started.wait, 60), (
            tmp_path / "first.log"
        ).read_text()
        first.kill()
        assert await asyncio.to_thread(first.wait, 10) == -signal.SIGKILL
    finally:
        if first.poll() is None:
            first.kill()
    submitter = await Delivery.get(order_id=order.id, kind=DeliveryKind.SUBMITTER_ADDENDUM)
    in_flight = await Job.get(dedupe_key=f"email:{submitter.id}")
    assert (in_flight.state, in_flight.locked_by, in_flight.attempts) == (JobState.RUNNING, "first", 1)
    assert submitter.status is DeliveryStatus.PENDING
    assert smtp.mailbox.messages == []

    second = start_worker(env, "second", tmp_path / "second.log")
    try:
        completed = await wait_for(
            lambda: Order.filter(id=order.id, status=OrderStatus.COMPLETED).exists(), 60
        )
    finally:
        code = await stop_worker(second)
    log = (tmp_path / "second.log").read_text()
    assert completed, log
    assert code == 0, log

    assert await Attachment.filter(order_id=order.id).count() == 1
    assert [m.rcpt_tos for m in smtp.mailbox.to(SUBMITTER)] == [[SUBMITTER]]
    assert [m.rcpt_tos for m in smtp.mailbox.to(LEAD)] == [[LEAD]]
    assert smtp.mailbox.to(SUBMITTER)[0].message["Message-ID"] == submitter.message_id
    in_flight = await Job.get(id=in_flight.id)
    assert (in_flight.state, in_flight.locked_by, in_flight.attempts) == (JobState.DONE, "second", 2)
    assert f"job {in_flight.id} SEND_EMAIL order={order.id} attempt=2: done in" in log


# Several worker processes are a PostgreSQL deployment; on SQLite one worker is enough.
@pytest.mark.parametrize("db", ["postgres"], indirect=True)
async def test_two_worker_processes_share_200_orders_and_do_each_job_once(db, smtp, tmp_path):
    orders = [await write_fabrikam_order() for _ in range(200)]
    env = settings_env(db.url, tmp_path, smtp_port=smtp.port)
    workers = [start_worker(env, f"w{i}", tmp_path / f"w{i}.log") for i in (1, 2)]
    try:
        done = await wait_for(lambda: _all_completed([o.id for o in orders]), 300, interval=0.5)
    finally:
        codes = [await stop_worker(w) for w in workers]
    logs = [(tmp_path / f"w{i}.log").read_text() for i in (1, 2)]
    assert done, logs[0][-2000:]
    assert codes == [0, 0]

    assert await Order.filter(status=OrderStatus.COMPLETED).count() == 200
    assert await Attachment.all().count() == 200
    assert await Job.filter(state=JobState.DONE, attempts=1).count() == 600
    assert await Job.exclude(state=JobState.DONE).count() == 0
    # Every SMTP message arrived once, and they are exactly the 400 deliveries owed.
    message_ids = Counter(m.message["Message-ID"] for m in smtp.mailbox.messages)
    assert len(smtp.mailbox.messages) == 400
    assert set(message_ids.values()) == {1}
    assert set(message_ids) == set(await Delivery.all().values_list("message_id", flat=True))
    # Each job was run (and logged done) by exactly one of the two workers, and both took part.
    runs = [Counter(int(m.group(1)) for m in DONE_LINE.finditer(log)) for log in logs]
    assert all(runs), [sum(r.values()) for r in runs]
    assert sum(runs, Counter()) == Counter(
        {job_id: 1 for job_id in await Job.all().values_list("id", flat=True)}
    )


async def _all_completed(order_ids: list[int]) -> bool:
    return await Order.filter(id__in=order_ids, status=OrderStatus.COMPLETED).count() == len(order_ids)
