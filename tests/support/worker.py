"""Waiting for the worker and for conditions that settle over time."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Order, OrderStatus
from graphql_portal.settings import Settings


async def work_until_settled(settings: Settings, order_id: int, timeout: float = 30) -> OrderStatus:
    """Run the worker until the order is no longer PROCESSING (deferred jobs come due quickly)."""
    worker = Worker(settings, "tests")
    deadline = time.monotonic() + timeout
    while True:
        await worker.run_once()
        status = (await Order.get(id=order_id)).status
        if status is not OrderStatus.PROCESSING or time.monotonic() > deadline:
            return status
        await asyncio.sleep(0.05)


async def wait_for(predicate: Callable[[], Awaitable[bool]], timeout: float, interval: float = 0.05) -> bool:
    """Whether `predicate` became true within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await predicate():
            return True
        await asyncio.sleep(interval)
    return await predicate()
