"""What the service owes its database: rows that have done their work are deleted on a schedule.

The worker runs `prune` every `settings.prune_interval_seconds` while it has nothing else to do.
Each kind of row is deleted in batches (so no statement holds its locks for long), and only rows
nothing reads any more:

- finished jobs (DONE) older than `keep_finished_jobs_days` (FAILED jobs stay for staff to see);
- sessions past their idle or absolute expiry (a lookup would end them anyway);
- invitation links used or expired more than `keep_spent_invitations_days` ago;
- throttle counters whose window, however long, has ended.
"""

from __future__ import annotations

import datetime as dt
import time

from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from ..auth.throttle import LONGEST_WINDOW_SECONDS
from ..models import AuthSession, Invitation, Job, JobState, SignInCounter
from ..observability import count_pruned
from ..settings import Settings

BATCH = 1000


async def _delete_in_batches(model: type[Model], query: QuerySet, pk: str = "id") -> int:
    deleted = 0
    while True:
        keys = await query.limit(BATCH).values_list(pk, flat=True)
        if not keys:
            return deleted
        deleted += await model.filter(**{f"{pk}__in": list(keys)}).delete()
        if len(keys) < BATCH:
            return deleted


async def prune(settings: Settings, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what has done its work; returns the rows deleted per table."""
    now = now or settings.clock.now()
    jobs_before = now - dt.timedelta(days=settings.keep_finished_jobs_days)
    idle_before = now - dt.timedelta(seconds=settings.session_idle_seconds)
    born_before = now - dt.timedelta(seconds=settings.session_absolute_seconds)
    spent_before = now - dt.timedelta(days=settings.keep_spent_invitations_days)
    window_before = int(time.time()) - LONGEST_WINDOW_SECONDS
    deleted = {
        "job": await _delete_in_batches(Job, Job.filter(state=JobState.DONE, updated_at__lt=jobs_before)),
        "auth_session": await _delete_in_batches(
            AuthSession, AuthSession.filter(Q(last_seen_at__lt=idle_before) | Q(created_at__lt=born_before))
        ),
        "invitation": await _delete_in_batches(
            Invitation,
            Invitation.filter(Q(used_at__lt=spent_before) | Q(expires_at__lt=spent_before)),
        ),
        "signin_counter": await _delete_in_batches(
            SignInCounter, SignInCounter.filter(window_start__lte=window_before), pk="key"
        ),
    }
    for table, rows in deleted.items():
        count_pruned(table, rows)
    return deleted
