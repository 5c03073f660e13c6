"""The worker prunes what has done its work, on its schedule, and nothing that is still in use."""

from __future__ import annotations

import datetime as dt
import time

from graphql_portal.auth.throttle import LONGEST_WINDOW_SECONDS
from graphql_portal.fulfilment.housekeeping import prune
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import (
    AuthSession,
    Invitation,
    Job,
    JobState,
    PartnerUser,
    SessionKind,
    SignInCounter,
)
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order

NOW = dt.datetime.now(dt.UTC)
DAY = dt.timedelta(days=1)


async def _jobs_of_two_orders() -> tuple[list[Job], list[Job]]:
    old = await Job.filter(order_id=(await write_fabrikam_order()).id).order_by("id")
    recent = await Job.filter(order_id=(await write_fabrikam_order(account_code="TAIL-002")).id).order_by(
        "id"
    )
    return old, recent


async def _session(user: PartnerUser, key: str, created: dt.datetime, seen: dt.datetime) -> AuthSession:
    return await AuthSession.create(
        key_hash=key,
        kind=SessionKind.PARTNER_USER,
        user=user,
        csrf_token="c",
        created_at=created,
        last_seen_at=seen,
    )


async def test_prune_deletes_exactly_the_rows_that_have_done_their_work(db, tmp_path):
    settings = make_settings(db.url, tmp_path)  # 30 days of jobs, 7 of spent links, 1 h idle, 12 h absolute
    old, recent = await _jobs_of_two_orders()
    await Job.filter(id=old[0].id).update(state=JobState.DONE, updated_at=NOW - 31 * DAY)  # goes
    await Job.filter(id=old[1].id).update(state=JobState.FAILED, updated_at=NOW - 90 * DAY)  # staff's to see
    await Job.filter(id=old[2].id).update(state=JobState.PENDING, updated_at=NOW - 90 * DAY)  # still owed
    await Job.filter(id=recent[0].id).update(state=JobState.DONE, updated_at=NOW - 29 * DAY)  # kept a while

    alice = await PartnerUser.get(email_key="alice@northwind.example")
    live = await _session(alice, "a" * 64, NOW - dt.timedelta(hours=2), NOW - dt.timedelta(minutes=5))
    await _session(alice, "b" * 64, NOW - dt.timedelta(hours=3), NOW - dt.timedelta(hours=2))  # idle
    await _session(alice, "c" * 64, NOW - dt.timedelta(hours=13), NOW - dt.timedelta(minutes=1))  # too old

    def link(n, **times):
        return Invitation.create(user=alice, token_hash=f"{n:064d}", created_at=NOW - 30 * DAY, **times)

    kept_links = [
        await link(1, expires_at=NOW + DAY),  # unused, valid
        await link(2, expires_at=NOW - 6 * DAY),  # expired 6 days ago: kept a week
        await link(3, expires_at=NOW + DAY, used_at=NOW - DAY),  # used yesterday
    ]
    await link(4, expires_at=NOW - 8 * DAY)
    await link(5, expires_at=NOW + DAY, used_at=NOW - 8 * DAY)

    now_s = int(time.time())
    await SignInCounter.create(
        key="address:192.0.2.1", window_start=now_s - LONGEST_WINDOW_SECONDS - 1, attempts=3
    )
    await SignInCounter.create(
        key="reset:email:x", window_start=now_s - LONGEST_WINDOW_SECONDS + 60, attempts=1
    )

    deleted = await prune(settings, NOW)
    assert deleted == {"job": 1, "auth_session": 2, "invitation": 2, "signin_counter": 1}
    assert not await Job.filter(id=old[0].id).exists()
    remaining = {job.id for job in await Job.all()}
    assert {old[1].id, old[2].id, recent[0].id} <= remaining
    assert [s.id for s in await AuthSession.filter(user_id=alice.id)] == [live.id]
    assert sorted(i.id for i in await Invitation.filter(user_id=alice.id)) == [i.id for i in kept_links]
    assert [c.key for c in await SignInCounter.all()] == ["reset:email:x"]
    assert await prune(settings, NOW) == {"job": 0, "auth_session": 0, "invitation": 0, "signin_counter": 0}


async def test_the_worker_prunes_when_idle_at_most_once_per_interval(db, tmp_path):
    settings = make_settings(db.url, tmp_path, prune_interval_seconds=3600)
    old, _ = await _jobs_of_two_orders()
    await Job.filter(order_id=old[0].order_id).update(state=JobState.DONE, updated_at=NOW - 40 * DAY)
    worker = Worker(settings, "w1")
    await worker._housekeeping()
    assert not await Job.filter(order_id=old[0].order_id).exists()
    order = await write_fabrikam_order(account_code="LIT-003")
    await Job.filter(order_id=order.id).update(state=JobState.DONE, updated_at=NOW - 40 * DAY)
    await worker._housekeeping()  # within the hour: nothing runs
    assert await Job.filter(order_id=order.id).count() == 3
