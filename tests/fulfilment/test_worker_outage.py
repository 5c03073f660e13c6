"""The worker waits out a database outage: growing delays, one line when it goes, one when back.

PostgreSQL is reached through a loopback proxy the test cuts and restores; the server itself
keeps running for everyone else.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time

import pytest

from graphql_portal.db import close_db, init_db
from graphql_portal.fulfilment import queue
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Job, JobState
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order
from tests.support.tcp_proxy import TcpProxy


@pytest.mark.parametrize("db", ["postgres"], indirect=True)
async def test_the_worker_backs_off_and_logs_one_line_each_way(db, tmp_path, caplog, monkeypatch):
    proxy = TcpProxy.to_database(db.url)
    await proxy.start()
    url = proxy.url_through(db.url)
    await close_db()
    await init_db(url)
    settings = make_settings(url, tmp_path, worker_poll_seconds=0.02, worker_outage_max_seconds=0.16)
    attempts: list[float] = []
    real_claim = queue.claim

    async def counted_claim(*args, **kwargs):
        attempts.append(time.monotonic())
        return await real_claim(*args, **kwargs)

    monkeypatch.setattr(queue, "claim", counted_claim)
    caplog.set_level(logging.INFO, logger="graphql_portal.worker")
    stop = asyncio.Event()
    task = asyncio.create_task(Worker(settings, "w1").run(stop))
    try:
        await asyncio.sleep(0.1)
        await proxy.cut()
        cut_at = time.monotonic()
        await asyncio.sleep(1.0)
        during = [t for t in attempts if t > cut_at]
        gaps = [b - a for a, b in itertools.pairwise(during)]
        # 0.02, 0.04, 0.08, then 0.16 at most: a handful of attempts, not one per poll.
        assert 5 <= len(during) <= 12, gaps
        # Each delay doubles from the poll interval to the cap (a claim's own time comes on top).
        assert all(gap >= 0.9 * min(0.02 * 2**i, 0.16) for i, gap in enumerate(gaps)), gaps
        assert 0.15 <= max(gaps) < 0.3, gaps

        await proxy.restore()
        order = await write_fabrikam_order()  # a job to do once the database is back
        for _ in range(100):
            if any("is back" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.02)
        for _ in range(200):
            if not await Job.filter(order_id=order.id, state=JobState.PENDING).exists():
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await task
        await proxy.cut()
        await close_db()
        await init_db(db.url)

    records = [r for r in caplog.records if r.name == "graphql_portal.worker"]
    gone = [r for r in records if "database is unavailable" in r.getMessage()]
    back = [r for r in records if "database is back" in r.getMessage()]
    assert len(gone) == 1 and len(back) == 1, [r.getMessage() for r in records]
    assert gone[0].levelno == logging.WARNING and back[0].levelno == logging.INFO
    assert all(r.exc_info is None for r in records), "no traceback for an outage"
    assert not [r for r in records if r.levelno >= logging.ERROR]
    assert any(t > cut_at + 1.0 for t in attempts)  # polling resumed


@pytest.mark.parametrize("db", ["postgres"], indirect=True)
async def test_a_connection_lost_as_a_claim_begins_does_not_break_the_worker(db, tmp_path, monkeypatch):
    """The drop lands between taking a pooled connection and BEGIN: the worker must recover."""
    from tortoise.backends.asyncpg.client import TransactionWrapper

    proxy = TcpProxy.to_database(db.url)
    await proxy.start()
    url = proxy.url_through(db.url)
    await close_db()
    await init_db(url)
    settings = make_settings(url, tmp_path, worker_poll_seconds=0.02, worker_outage_max_seconds=0.05)
    real_begin = TransactionWrapper.begin
    dropped = asyncio.Event()

    async def begin_after_a_drop(self):
        if not dropped.is_set():
            dropped.set()
            await proxy.cut()
        return await real_begin(self)

    monkeypatch.setattr(TransactionWrapper, "begin", begin_after_a_drop)
    stop = asyncio.Event()
    task = asyncio.create_task(Worker(settings, "w1").run(stop))
    try:
        await asyncio.wait_for(dropped.wait(), 5)
        await proxy.restore()
        order = await write_fabrikam_order()
        for _ in range(200):
            if not await Job.filter(order_id=order.id, state=JobState.PENDING).exists():
                break
            await asyncio.sleep(0.05)
        assert not await Job.filter(order_id=order.id, state=JobState.PENDING).exists()
    finally:
        stop.set()
        await task
        await proxy.cut()
        await close_db()
        await init_db(db.url)
