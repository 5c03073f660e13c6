"""The admin's retries: put an order's FAILED jobs back in the queue, due now, with fresh attempts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from ..models import Delivery, DeliveryStatus, Job, JobKind, JobState
from ..observability import current_request_id, new_request_id
from ..observability.tracing import current_traceparent
from .followups import email_key
from .status import refresh_order_status, touch_order


async def _requeue_failed(job_ids: Iterable[int], now: dt.datetime, conn: BaseDBAsyncClient) -> int:
    ids = list(job_ids)
    if not ids:
        return 0
    return await (
        Job.filter(id__in=ids, state=JobState.FAILED)
        .using_db(conn)
        .update(
            state=JobState.PENDING,
            run_after=now,
            attempts=0,
            lease_until=None,
            locked_by=None,
            updated_at=now,
            # The retry's own request (staff's), not the submit's: its log lines follow the retry.
            request_id=current_request_id() or new_request_id(),
            traceparent=current_traceparent(),
        )
    )


async def requeue_delivery(delivery_id: int) -> bool:
    """Re-queue the FAILED email job of one delivery (and the addendum it waits for, if that failed).

    The delivery goes back to PENDING and the order's status is derived again (PROCESSING unless
    another of its jobs is still FAILED). Returns whether anything was re-queued.
    """
    now = dt.datetime.now(dt.UTC)
    async with in_transaction() as conn:
        delivery = await Delivery.filter(id=delivery_id).using_db(conn).first()
        if delivery is None:
            return False
        failed = await Job.filter(order_id=delivery.order_id, state=JobState.FAILED).using_db(conn)
        own = [job.id for job in failed if job.dedupe_key == email_key(delivery_id)]
        if not own:
            return False
        # Both emails wait for the addendum: re-queueing one without a failed addendum is futile.
        job_ids = own + [job.id for job in failed if job.kind is JobKind.RENDER_ADDENDUM]
        await _requeue_failed(job_ids, now, conn)
        await (
            Delivery.filter(id=delivery_id, status=DeliveryStatus.FAILED)
            .using_db(conn)
            .update(status=DeliveryStatus.PENDING, updated_at=now)
        )
        await touch_order(delivery.order_id, now, conn)
        await refresh_order_status(delivery.order_id, using_db=conn)
    return True


async def requeue_order(order_id: int) -> int:
    """Re-queue every FAILED job of an order; its FAILED deliveries go back to PENDING.

    Returns how many jobs were re-queued (0 changes nothing).
    """
    now = dt.datetime.now(dt.UTC)
    async with in_transaction() as conn:
        job_ids = (
            await Job.filter(order_id=order_id, state=JobState.FAILED)
            .using_db(conn)
            .values_list("id", flat=True)
        )
        count = await _requeue_failed(job_ids, now, conn)
        if not count:
            return 0
        await (
            Delivery.filter(order_id=order_id, status=DeliveryStatus.FAILED)
            .using_db(conn)
            .update(status=DeliveryStatus.PENDING, updated_at=now)
        )
        await touch_order(order_id, now, conn)
        await refresh_order_status(order_id, using_db=conn)
    return count
