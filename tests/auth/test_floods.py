"""What one client can make the service do is bounded: "forgot password" emails per address and
per client address, checks of a signed-in user's current password per session and per account;
and account emails never go before what an order owes."""

from __future__ import annotations

import asyncio
import re

from graphql_portal.auth import (
    change_password,
    request_password_reset,
    set_password,
    sign_in_partner,
)
from graphql_portal.auth import passwords as password_module
from graphql_portal.fulfilment.queue import claim
from graphql_portal.models import Job, JobKind, JobPriority, PartnerUser
from tests.support.api import count_statements
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order

OSCAR = "oscar@northwind.example"
OSCAR_PASSWORD = "the old passphrase"


async def reset_jobs() -> list[Job]:
    return await Job.filter(kind=JobKind.SEND_INVITATION).order_by("id")


async def test_at_most_three_links_an_hour_are_queued_for_one_address(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    # From a hundred client addresses, in every spelling of the address.
    spellings = [OSCAR, OSCAR.upper(), f"  {OSCAR}  ", "Oscar@Northwind.Example"]
    await asyncio.gather(
        *(request_password_reset(spellings[n % 4], f"198.51.100.{n}", settings) for n in range(100))
    )
    assert [j.payload for j in await reset_jobs()] == [{"email_key": OSCAR, "reason": "reset"}] * 3
    # Another address still gets its link.
    await request_password_reset("vera@northwind.example", "198.51.100.1", settings)
    assert len(await reset_jobs()) == 4


async def test_at_most_twenty_links_an_hour_are_queued_for_one_client_address(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    for n in range(30):
        await request_password_reset(f"someone{n}@northwind.example", "203.0.113.50", settings)
    jobs = await reset_jobs()
    assert [j.payload["email_key"] for j in jobs] == [f"someone{n}@northwind.example" for n in range(20)]
    # The flood's refusals did not count against the addresses it named.
    await request_password_reset("someone25@northwind.example", "192.0.2.1", settings)
    assert (await reset_jobs())[-1].payload["email_key"] == "someone25@northwind.example"


def _shape(statement: str) -> str:
    """A statement with its literal values left out."""
    return re.sub(r"'[^']*'|\b\d+\b", "?", statement)


async def test_an_address_with_an_account_costs_the_same_work_as_one_without(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    await request_password_reset("warm-up@northwind.example", "192.0.2.9", settings)
    with count_statements() as known:
        await request_password_reset(OSCAR, "192.0.2.10", settings)
    with count_statements() as unknown:
        await request_password_reset("nobody@northwind.example", "192.0.2.11", settings)
    assert known.statements  # the request wrote something
    assert [_shape(s) for s in known.statements] == [_shape(s) for s in unknown.statements]


async def test_what_an_order_owes_is_claimed_before_a_flood_of_account_emails(db, tmp_path):
    settings = make_settings(db.url, tmp_path, reset_emails_per_address=1000, reset_emails_per_client=1000)
    for n in range(40):
        await request_password_reset(f"flood{n}@northwind.example", "203.0.113.7", settings)
    order = await write_fabrikam_order()
    owed = await Job.filter(order_id=order.id).count()
    assert owed >= 2
    claimed = [await claim("w1", settings) for _ in range(owed + 1)]
    assert [j.order_id for j in claimed[:owed]] == [order.id] * owed
    assert {j.priority for j in claimed[:owed]} == {JobPriority.ORDER}
    assert (claimed[owed].kind, claimed[owed].priority) == (JobKind.SEND_INVITATION, JobPriority.ACCOUNT)


async def _oscar_session(settings) -> tuple[PartnerUser, int]:
    signed_in = await sign_in_partner(OSCAR, OSCAR_PASSWORD, "192.0.2.1", settings)
    assert signed_in.ok
    return signed_in.user, signed_in.session.id


async def test_after_five_wrong_current_passwords_the_answer_is_429_without_a_check(
    db, tmp_path, monkeypatch
):
    settings = make_settings(db.url, tmp_path)
    await set_password(OSCAR, OSCAR_PASSWORD)
    oscar, session_id = await _oscar_session(settings)
    checks = []
    verify = password_module.verify_password

    async def counted(password_hash, password):
        checks.append(password)
        return await verify(password_hash, password)

    monkeypatch.setattr("graphql_portal.auth.partners.verify_password", counted)
    # Sixty at once, as a stolen session or a script would send them.
    outcomes = await asyncio.gather(
        *(
            change_password(oscar, f"guess {n}", "a new passphrase!", settings, session_id=session_id)
            for n in range(60)
        )
    )
    assert len(checks) == 5
    refused = [o for o in outcomes if o.retry_after is not None]
    assert len(refused) == 55
    assert all(800 <= o.retry_after <= 900 for o in refused)
    assert {o.error for o in refused} <= {
        f"Too many wrong passwords. Try again in {m} minutes." for m in (14, 15)
    }
    # The right password is not even checked now, in this session or another of the account's.
    _, other_session = await _oscar_session(settings)
    for session in (session_id, other_session):
        late = await change_password(oscar, OSCAR_PASSWORD, "a new passphrase!", settings, session_id=session)
        assert late.retry_after is not None and late.user is None
    assert len(checks) == 5
    assert (await sign_in_partner(OSCAR, OSCAR_PASSWORD, "192.0.2.2", settings)).ok


async def test_a_right_current_password_gives_its_attempts_back(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    await set_password(OSCAR, OSCAR_PASSWORD)
    oscar, session_id = await _oscar_session(settings)
    for n in range(4):
        wrong = await change_password(
            oscar, f"guess {n}", "a new passphrase!", settings, session_id=session_id
        )
        assert wrong.error == "The current password is not right."
    weak = await change_password(oscar, OSCAR_PASSWORD, "short", settings, session_id=session_id)
    assert weak.error == "The password needs at least 12 characters."
    # Still four wrong ones counted, not five: a fifth wrong one is checked.
    fifth = await change_password(oscar, "guess 5", "a new passphrase!", settings, session_id=session_id)
    assert (fifth.error, fifth.retry_after) == ("The current password is not right.", None)
    sixth = await change_password(oscar, "guess 6", "a new passphrase!", settings, session_id=session_id)
    assert sixth.retry_after is not None
