"""The durable job queue: claim, renew, complete, fail with backoff, defer, release.

A job is claimed by setting it RUNNING with a lease; a worker that dies leaves the lease to expire
and the job is claimed again. Every transition after the claim is conditional on the claim
(`locked_by` and `attempts` unchanged), so a worker whose lease was taken over cannot overwrite
the new owner's work. The order's `updated_at` moves with every change to its jobs' visible
results (addendum filed, email sent or failed, status), because finance syncs on it.
"""

from __future__ import annotations

import datetime as dt
import random

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import F, Q
from tortoise.functions import Count, Min
from tortoise.signals import Signals
from tortoise.transactions import in_transaction

from ..models import (
    Delivery,
    DeliveryStatus,
    Job,
    JobKind,
    JobState,
)
from ..observability import QueueFigures, current_request_id, new_request_id
from ..observability.tracing import current_traceparent
from ..settings import Settings
from .status import refresh_order_status, touch_order

ERROR_MAX_CHARS = 2000


class Deferred(Exception):
    """A step cannot run yet (it waits for another); retry after `seconds`, no attempt counted."""

    def __init__(self, reason: str, seconds: float) -> None:
        super().__init__(reason)
        self.seconds = seconds


class Blocked(Exception):
    """A step can never succeed as things stand (what it waits for failed): fail it now."""


def is_permanent(exc: BaseException) -> bool:
    """Whether trying again cannot help: a `Blocked` step, or an error that says so itself
    (`permanent = True`, such as a mail server's 5xx refusal). Such a job fails at once."""
    return isinstance(exc, Blocked) or getattr(exc, "permanent", False) is True


def job_label(kind: JobKind) -> str:
    """A job kind as metrics and logs name it (`send_email`)."""
    return kind.value.lower()


JOB_KIND_LABELS = tuple(job_label(kind) for kind in JobKind)
_STATE_LABELS = {JobState.PENDING: "queued", JobState.RUNNING: "running", JobState.FAILED: "failed"}


async def queue_figures(now: dt.datetime) -> QueueFigures:
    """Jobs by kind and state (queued, running, failed) and, per kind, how long the oldest due
    job has waited: two grouped reads that skip the finished jobs through the state index."""
    rows = (
        await Job.filter(state__in=list(_STATE_LABELS))
        .annotate(n=Count("id"))
        .group_by("kind", "state")
        .values("kind", "state", "n")
    )
    counts = {(job_label(JobKind(r["kind"])), _STATE_LABELS[JobState(r["state"])]): int(r["n"]) for r in rows}
    due = (
        await Job.filter(state=JobState.PENDING, run_after__lte=now)
        .annotate(oldest=Min("run_after"))
        .group_by("kind")
        .values("kind", "oldest")
    )
    oldest = {}
    for row in due:
        since = row["oldest"]
        if isinstance(since, str):  # SQLite hands aggregates back as text
            since = dt.datetime.fromisoformat(since)
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        oldest[job_label(JobKind(row["kind"]))] = max(0.0, (now - since).total_seconds())
    return QueueFigures(counts=counts, oldest_queued_seconds=oldest)


async def _stamp(model, job: Job, using_db, update_fields) -> None:
    """A new job carries the request that queued it (or an id of its own) and its trace."""
    if job._saved_in_db:
        return
    if job.request_id is None:
        job.request_id = current_request_id() or new_request_id()
    if job.traceparent is None:
        job.traceparent = current_traceparent()


def stamp_new_jobs() -> None:
    """From now on, every job saved in this process records the request (and trace) queuing it."""
    Job.register_listener(Signals.pre_save, _stamp)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def backoff_seconds(settings: Settings, attempts: int, rng: random.Random | None = None) -> float:
    """Exponential backoff after the `attempts`-th failure, capped, with jitter below the cap.

    The jitter (the last quarter of the interval) spreads retries of jobs that failed together,
    e.g. every email queued while the SMTP server was down.
    """
    base = settings.job_backoff_seconds * 2 ** max(attempts - 1, 0)
    capped = min(base, settings.job_backoff_max_seconds)
    return capped * (rng or random).uniform(0.75, 1.0)


def error_text(exc: BaseException | str) -> str:
    """What `last_error` records: the exception's class and message (ours speak for themselves)."""
    text = exc if isinstance(exc, str | Blocked) else f"{type(exc).__name__}: {exc}"
    text = str(text)
    return text[:ERROR_MAX_CHARS]


def _due(now: dt.datetime) -> Q:
    return Q(state=JobState.PENDING, run_after__lte=now) | Q(state=JobState.RUNNING, lease_until__lt=now)


async def claim(worker_id: str, settings: Settings) -> Job | None:
    """Claim the next due job for `worker_id`, or None when nothing is due: what an order owes
    before account emails (`JobPriority`), then the longest due.

    On PostgreSQL the candidate row is locked with `FOR UPDATE SKIP LOCKED`, so concurrent
    workers take different jobs without waiting for each other. SQLite has no row locks: the
    conditional UPDATE (still due, attempts unchanged) is the claim, and losing it means another
    claimer won, so the next candidate is tried.
    """
    for _ in range(5):
        now = settings.clock.now()
        async with in_transaction() as conn:
            candidate = (
                await Job.filter(_due(now))
                .order_by("priority", "run_after", "id")
                .limit(1)
                .select_for_update(skip_locked=True)
                .using_db(conn)
                .first()
            )
            if candidate is None:
                return None
            lease_until = now + dt.timedelta(seconds=settings.job_lease_seconds)
            claimed = (
                await Job.filter(_due(now), id=candidate.id, attempts=candidate.attempts)
                .using_db(conn)
                .update(
                    state=JobState.RUNNING,
                    locked_by=worker_id,
                    lease_until=lease_until,
                    attempts=F("attempts") + 1,
                    updated_at=now,
                )
            )
        if claimed:
            candidate.state = JobState.RUNNING
            candidate.locked_by = worker_id
            candidate.lease_until = lease_until
            candidate.attempts += 1
            return candidate
    return None


def _owned(job: Job) -> Q:
    """The job as this claim left it: a transition applies only while the claim still holds."""
    return Q(id=job.id, state=JobState.RUNNING, locked_by=job.locked_by, attempts=job.attempts)


async def renew_lease(job: Job, settings: Settings) -> bool:
    """Extend the lease of a running job; False when the claim was lost."""
    lease_until = settings.clock.now() + dt.timedelta(seconds=settings.job_lease_seconds)
    renewed = await Job.filter(_owned(job)).update(lease_until=lease_until)
    if renewed:
        job.lease_until = lease_until
    return bool(renewed)


async def complete(job: Job, *, now: dt.datetime | None = None) -> bool:
    """Mark the job DONE and bring its order up to date; False when the claim was lost."""
    now = now or utcnow()
    async with in_transaction() as conn:
        done = (
            await Job.filter(_owned(job))
            .using_db(conn)
            .update(state=JobState.DONE, lease_until=None, last_error=None, updated_at=now)
        )
        if not done:
            return False
        if job.order_id is not None:
            if job.kind is JobKind.RENDER_ADDENDUM:
                await _wake_emails(job.order_id, now, conn)
            await touch_order(job.order_id, now, conn)
            await refresh_order_status(job.order_id, using_db=conn, now=now)
    job.state = JobState.DONE
    return True


async def fail(
    job: Job, error: BaseException | str, settings: Settings, *, terminal: bool = False, outage: bool = False
) -> JobState:
    """Record a failed attempt: back to PENDING after a backoff, or FAILED after the last attempt.

    A FAILED job leaves its order ATTENTION_NEEDED and its delivery (for an email) FAILED, so the
    admin sees it and can retry. An `outage` (a service the job needs is down) is retried with
    the same backoff however long it lasts, never FAILED. Returns the state the job was left in.
    """
    now = settings.clock.now()
    message = error_text(error)
    final = terminal or (not outage and job.attempts >= settings.job_max_attempts)
    state = JobState.FAILED if final else JobState.PENDING
    run_after = now if final else now + dt.timedelta(seconds=backoff_seconds(settings, job.attempts))
    async with in_transaction() as conn:
        updated = (
            await Job.filter(_owned(job))
            .using_db(conn)
            .update(
                state=state,
                run_after=run_after,
                lease_until=None,
                locked_by=None,
                last_error=message,
                updated_at=now,
            )
        )
        if not updated:
            return JobState.RUNNING
        if final and job.kind is JobKind.SEND_EMAIL:
            await (
                Delivery.filter(id=job.payload["delivery_id"])
                .exclude(status=DeliveryStatus.SENT)
                .using_db(conn)
                .update(status=DeliveryStatus.FAILED, last_error=message, updated_at=now)
            )
        if final and job.kind is JobKind.RENDER_ADDENDUM and job.order_id is not None:
            # The emails wait for the addendum: let them see at once that it failed.
            await _wake_emails(job.order_id, now, conn)
        if job.order_id is not None:
            await touch_order(job.order_id, now, conn)
            await refresh_order_status(job.order_id, using_db=conn, now=now)
    job.state = state
    job.last_error = message
    return state


async def defer(job: Job, seconds: float, *, now: dt.datetime | None = None) -> bool:
    """Put the job back to wait `seconds`, undoing the attempt its claim counted."""
    now = now or utcnow()
    updated = await Job.filter(_owned(job)).update(
        state=JobState.PENDING,
        run_after=now + dt.timedelta(seconds=seconds),
        lease_until=None,
        locked_by=None,
        attempts=F("attempts") - 1,
        updated_at=now,
    )
    return bool(updated)


async def release(job: Job, *, now: dt.datetime | None = None) -> bool:
    """Hand a job that was stopped before it finished back to the queue, due now."""
    now = now or utcnow()
    updated = await Job.filter(_owned(job)).update(
        state=JobState.PENDING,
        run_after=now,
        lease_until=None,
        locked_by=None,
        attempts=F("attempts") - 1,
        updated_at=now,
    )
    return bool(updated)


async def _wake_emails(order_id: int, now: dt.datetime, conn: BaseDBAsyncClient) -> None:
    await (
        Job.filter(order_id=order_id, kind=JobKind.SEND_EMAIL, state=JobState.PENDING, run_after__gt=now)
        .using_db(conn)
        .update(run_after=now)
    )
