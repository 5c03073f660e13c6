"""The APPLY_CHANGE step: on its effective date (00:00 UTC) a scheduled order changes the customer.

The job is queued at submit with that instant as its not-before time. The change itself is the
domain's (`ordering.schedule.apply_scheduled`: one transaction, exactly once); this step only
turns its outcome into the job's: done, wait, or stop for a person to look at.
"""

from __future__ import annotations

from ..models import Job
from ..ordering.schedule import apply_scheduled
from ..settings import Settings
from .queue import Blocked, Deferred


async def run_apply_job(job: Job, settings: Settings) -> str:
    now = settings.clock.now()
    outcome = await apply_scheduled(int(job.payload["order_id"]), now)
    if outcome.applied:
        return f"applied on {now.date().isoformat()}"
    if outcome.conflict is not None:
        raise Blocked(outcome.conflict)
    if outcome.due_at is not None:
        # Claimed early (a clock set back): wait for the effective date.
        raise Deferred("not due yet", max((outcome.due_at - now).total_seconds(), 1.0))
    return outcome.done or "nothing to do"
