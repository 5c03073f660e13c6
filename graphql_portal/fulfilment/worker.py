"""The worker: claims due jobs from the job table and runs them, one at a time per worker.

Several workers (processes) may share one PostgreSQL database; on SQLite one is enough. A job
holds a lease that the worker renews while the job runs, so a job whose worker died is claimed
again once the lease expires. Blocking work (the PDF render, writing a mail file) runs in a
thread, so the event loop stays free for the lease renewals and, in `serve`, for requests.

Each job runs under the request id it was queued with (its log lines carry it) and, with tracing
on, as a span linked to that request. While idle, the worker prunes what has done its work
(`housekeeping`) every `prune_interval_seconds`.

`graphql-portal worker` (or `python -m graphql_portal.fulfilment.worker`) runs one worker until
SIGTERM or SIGINT; `--metrics-port` serves its metrics.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
import time
import uuid
from collections.abc import Awaitable, Callable

from ..db import is_unavailable
from ..models import Job, JobKind, JobState
from ..observability import configure_logging, count_email, count_job_attempt, working_for
from ..observability.context import current_fields
from ..observability.tracing import job_span
from ..settings import Settings, SettingsError, load_settings
from . import queue
from .addendum import run_render_job
from .apply import run_apply_job
from .attachments import sweep_staged_objects
from .housekeeping import prune
from .invitations import run_invitation_job
from .mail import run_send_job
from .stores import StoreUnavailable
from .webhooks import WebhookLane, run_disabled_email_job

logger = logging.getLogger("graphql_portal.worker")

Handler = Callable[[Job, Settings], Awaitable[str]]
HANDLERS: dict[JobKind, Handler] = {
    JobKind.RENDER_ADDENDUM: run_render_job,
    JobKind.SEND_EMAIL: run_send_job,
    JobKind.APPLY_CHANGE: run_apply_job,
    JobKind.SEND_INVITATION: run_invitation_job,
    JobKind.SEND_WEBHOOK_DISABLED: run_disabled_email_job,
}
DEFAULT_STOP_GRACE_SECONDS = 30.0
# How often an idle worker deletes staged objects older than a day (attachments.py), and how
# many at a time: a sweep that found more comes back at the next idle moment, so jobs never wait
# long behind it.
SWEEP_INTERVAL_SECONDS = 3600.0
SWEEP_MAX_OBJECTS = 500
EMAIL_JOBS = {JobKind.SEND_EMAIL, JobKind.SEND_INVITATION}
_EMAIL_OUTCOME = {"ok": "sent", "retry": "retry", "failed": "failed"}


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    """Runs due jobs; `run_once` drains what is due now, `run` keeps polling until stopped."""

    def __init__(
        self,
        settings: Settings,
        worker_id: str | None = None,
        *,
        stop_grace_seconds: float = DEFAULT_STOP_GRACE_SECONDS,
    ) -> None:
        self.settings = settings
        self.worker_id = worker_id or default_worker_id()
        self.stop_grace_seconds = stop_grace_seconds
        self._outage_since: float | None = None
        self._next_sweep = 0.0
        self._pruned_at: float | None = None
        for kind in HANDLERS:
            for outcome in ("ok", "retry", "failed"):
                count_job_attempt(queue.job_label(kind), outcome, 0)

    async def run_once(self) -> int:
        """Process due jobs until none is due; returns how many ran (deferrals not counted)."""
        ran = 0
        while (job := await queue.claim(self.worker_id, self.settings)) is not None:
            if await self.process(job):
                ran += 1
        return ran

    async def run(self, stop: asyncio.Event) -> None:
        """Poll and process jobs until `stop` is set.

        On stop, the running job gets `stop_grace_seconds` to finish; if it does not, it is
        cancelled and released to the queue (PENDING, lease cleared). While the database cannot
        be reached the worker waits it out: one line when it goes, one when it is back, and a
        delay between attempts that doubles up to `worker_outage_max_seconds`.
        """
        logger.info("worker %s started", self.worker_id)
        delay = 0.0
        while not stop.is_set():
            try:
                # Each claim runs in a task of its own: a connection lost while its transaction
                # begins leaves Tortoise's per-task connection pointing at that dead transaction,
                # and every later claim from the same task would fail with it.
                job = await asyncio.create_task(queue.claim(self.worker_id, self.settings))
            except Exception as exc:
                if is_unavailable(exc):
                    self._database_gone(exc)
                else:
                    logger.exception("worker %s could not claim a job; retrying", self.worker_id)
                delay = min(max(delay * 2, self.settings.worker_poll_seconds), self._max_delay)
                await self._wait(stop, delay)
                continue
            delay = 0.0
            self._database_back()
            if job is None:
                await self._sweep_when_due()
                await self._housekeeping()
                await self._wait(stop, self.settings.worker_poll_seconds)
                continue
            await self._run_until_stopped(job, stop)
        logger.info("worker %s stopped", self.worker_id)

    async def _sweep_when_due(self) -> None:
        """Once an hour, while idle: delete staged objects that no row names, a day old."""
        if time.monotonic() < self._next_sweep:
            return
        self._next_sweep = time.monotonic() + SWEEP_INTERVAL_SECONDS
        try:
            swept = await asyncio.create_task(sweep_staged_objects(self.settings, limit=SWEEP_MAX_OBJECTS))
        except Exception as exc:
            logger.warning("worker %s: the sweep of staged objects failed: %s", self.worker_id, exc)
            return
        if swept >= SWEEP_MAX_OBJECTS:
            self._next_sweep = 0.0  # more to do: again at the next idle moment
        if swept:
            logger.info("worker %s: swept %d staged object(s) no attachment names", self.worker_id, swept)

    async def _housekeeping(self) -> None:
        """Prune finished rows when the interval has passed since the last time (errors: next time)."""
        interval = self.settings.prune_interval_seconds
        if interval <= 0 or (self._pruned_at is not None and time.monotonic() - self._pruned_at < interval):
            return
        self._pruned_at = time.monotonic()
        try:
            deleted = await asyncio.create_task(prune(self.settings))
        except Exception as exc:
            if is_unavailable(exc):
                self._database_gone(exc)
            else:
                logger.exception("worker %s: housekeeping failed; trying again later", self.worker_id)
            return
        if any(deleted.values()):
            logger.info(
                "worker %s: pruned %s",
                self.worker_id,
                ", ".join(f"{rows} {table}" for table, rows in deleted.items() if rows),
            )

    @property
    def _max_delay(self) -> float:
        return max(self.settings.worker_outage_max_seconds, self.settings.worker_poll_seconds)

    @staticmethod
    async def _wait(stop: asyncio.Event, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)

    def _database_gone(self, exc: BaseException) -> None:
        """Say once that the database went away, however many attempts fail meanwhile."""
        if self._outage_since is None:
            self._outage_since = time.monotonic()
            logger.warning(
                "worker %s: the database is unavailable (%s: %s); retrying every %.0f s at most",
                self.worker_id,
                type(exc).__name__,
                exc,
                self._max_delay,
            )

    def _database_back(self) -> None:
        if self._outage_since is not None:
            logger.info(
                "worker %s: the database is back after %.1f s",
                self.worker_id,
                time.monotonic() - self._outage_since,
            )
            self._outage_since = None

    async def _run_until_stopped(self, job: Job, stop: asyncio.Event) -> None:
        task = asyncio.create_task(self.process(job))
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if not task.done():
                done, _ = await asyncio.wait({task}, timeout=self.stop_grace_seconds)
                if not done:
                    task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            if not task.cancelled() and task.exception() is not None:
                # The job stays RUNNING and is claimed again when its lease expires.
                if is_unavailable(task.exception()):
                    self._database_gone(task.exception())
                else:
                    logger.error("job %s: worker error: %s", job.id, queue.error_text(task.exception()))
        except asyncio.CancelledError:
            # The loop itself was cancelled (e.g. by an app shutdown): hand the job back.
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            raise
        finally:
            stopping.cancel()

    async def process(self, job: Job) -> bool:
        """Run one claimed job and record its outcome; False when it was deferred or released.

        The job runs under the request id it was queued with (one of its own if it has none)."""
        with (
            working_for(job.request_id, order=job.order_id),
            job_span(
                f"job {queue.job_label(job.kind)}",
                job.traceparent,
                **{
                    "portal.job.id": job.id,
                    "portal.job.attempt": job.attempts,
                    "portal.order.id": job.order_id,
                },
            ),
        ):
            outcome = await self._process(job)
        if outcome is not None:
            count_job_attempt(queue.job_label(job.kind), outcome)
        return outcome is not None

    async def _process(self, job: Job) -> str | None:
        """Run `job`: "ok", "retry" or "failed" (for the metrics), None when deferred."""
        started = time.perf_counter()
        renewer = asyncio.create_task(self._keep_lease(job))
        label = f"job {job.id} {job.kind.value} order={job.order_id} attempt={job.attempts}"
        try:
            outcome = await HANDLERS[job.kind](job, self.settings)
        except asyncio.CancelledError:
            await asyncio.shield(queue.release(job, now=self.settings.clock.now()))
            logger.warning("%s: released unfinished (worker stopping)", label)
            raise
        except queue.Deferred as exc:
            await queue.defer(job, exc.seconds, now=self.settings.clock.now())
            logger.info("%s: deferred %.1fs (%s)", label, exc.seconds, exc)
            return None
        except StoreUnavailable as exc:
            # Like an SMTP server that is down: retried with backoff until the store is back.
            await queue.fail(job, exc, self.settings, outage=True)
            logger.warning("%s: the attachment store is unavailable, will retry: %s", label, exc)
            self._count_email(job, "retry")
            return "retry"
        except Exception as exc:
            state = await queue.fail(job, exc, self.settings, terminal=queue.is_permanent(exc))
            elapsed = (time.perf_counter() - started) * 1000
            if state is JobState.FAILED:
                logger.error("%s: failed for good after %.0f ms: %s", label, elapsed, queue.error_text(exc))
            elif state is JobState.PENDING:
                logger.warning(
                    "%s: failed after %.0f ms, will retry: %s", label, elapsed, queue.error_text(exc)
                )
            else:
                logger.warning("%s: failed, but its lease was lost: %s", label, queue.error_text(exc))
            self._count_email(job, "failed" if state is JobState.FAILED else "retry")
            return "failed" if state is JobState.FAILED else "retry"
        finally:
            renewer.cancel()
        elapsed = (time.perf_counter() - started) * 1000
        if await queue.complete(job, now=self.settings.clock.now()):
            logger.info("%s: done in %.0f ms: %s", label, elapsed, outcome)
        else:
            logger.warning("%s: finished in %.0f ms, but its lease was lost: %s", label, elapsed, outcome)
        self._count_email(job, "ok")
        return "ok"

    @staticmethod
    def _count_email(job: Job, outcome: str) -> None:
        """An email job's outcome, by the kind of email its handler named (`email` log field)."""
        if job.kind in EMAIL_JOBS:
            count_email(current_fields().get("email", queue.job_label(job.kind)), _EMAIL_OUTCOME[outcome])

    async def _keep_lease(self, job: Job) -> None:
        """Renew the lease at a third of its length while the job runs."""
        interval = max(self.settings.job_lease_seconds / 3, 0.05)
        while True:
            await asyncio.sleep(interval)
            try:
                if not await queue.renew_lease(job, self.settings):
                    logger.warning("job %s: lease lost to another worker", job.id)
                    return
            except Exception:
                logger.exception("job %s: could not renew the lease", job.id)


async def run_beside_the_lane(settings: Settings, stop: asyncio.Event, worker_id: str | None = None) -> None:
    """The worker's jobs and the webhook deliveries, each in its own loop, until `stop` is set: a
    slow receiver never waits behind documents and emails, nor they behind it."""
    await asyncio.gather(Worker(settings, worker_id).run(stop), WebhookLane(settings).run(stop))


async def metrics_body(settings: Settings) -> bytes:
    """This process's metrics and the queue's figures, read now."""
    from ..db import pool_figures
    from ..observability import render

    try:
        figures = await queue.queue_figures(settings.clock.now())
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        figures = None
    return render(figures, pool_figures(), job_kinds=queue.JOB_KIND_LABELS)


async def serve(
    settings: Settings,
    worker_id: str | None = None,
    *,
    metrics_address: tuple[str, int | None] | None = None,
) -> int:
    """Open the database of `settings` and run one worker on it until SIGTERM or SIGINT
    (serving its metrics on `metrics_address` when that has a port)."""
    from ..db import close_db, init_db
    from ..observability import tracing
    from ..observability.server import serve_metrics

    queue.stamp_new_jobs()
    tracing.setup_tracing(settings.otel_env)
    await init_db(settings.database_url)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    server = None
    try:
        if metrics_address and metrics_address[1] is not None and settings.metrics_token:
            host, port = metrics_address
            server = await serve_metrics(host, port, settings.metrics_token, lambda: metrics_body(settings))
        await run_beside_the_lane(settings, stop, worker_id)
    finally:
        if server is not None:
            server.close()
        await close_db()
        tracing.shutdown_tracing()
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run one worker from the environment's settings until SIGTERM or SIGINT."""
    parser = argparse.ArgumentParser(
        prog="graphql-portal worker", description="Run the fulfilment worker (addenda and emails)."
    )
    parser.add_argument("--worker-id", help="name of this worker in the job table (default: host:pid:random)")
    parser.add_argument(
        "--metrics-port", type=int, help="serve /metrics on this port (needs PORTAL_METRICS_TOKEN)"
    )
    parser.add_argument("--metrics-host", default="127.0.0.1")
    args = parser.parse_args(argv)
    configure_logging("text", "INFO")
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings.log_format, settings.log_level or "INFO")
    if args.metrics_port is not None and not settings.metrics_token:
        print("error: --metrics-port needs PORTAL_METRICS_TOKEN", file=sys.stderr)
        return 2
    return asyncio.run(
        serve(settings, args.worker_id, metrics_address=(args.metrics_host, args.metrics_port))
    )


if __name__ == "__main__":
    sys.exit(main())
