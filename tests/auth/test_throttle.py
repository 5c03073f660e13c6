"""Sign-in throttling in the database: counted before the password is checked, per address and
per account, on both databases."""

from __future__ import annotations

import asyncio

from graphql_portal.auth import set_password, sign_in_partner, sign_in_staff
from graphql_portal.auth.throttle import account_delay, admit
from graphql_portal.models import SignInCounter
from tests.support.demo import STAFF_PASSWORD
from tests.support.environment import make_settings

STAFF = "staff@portal.example"
ALICE = "alice@northwind.example"
ALICE_PASSWORD = "correct horse battery staple"


async def test_forty_concurrent_guesses_from_one_address_get_at_most_the_allowance_of_answers(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    guesses = [f"wrong-guess-{n:02d}" for n in range(39)]
    guesses.insert(17, STAFF_PASSWORD)
    results = await asyncio.gather(
        *(sign_in_staff(STAFF, guess, "203.0.113.9", settings) for guess in guesses)
    )
    wrong_answers = [r for r in results if r.retry_after is None and not r.ok]
    refused = [r for r in results if r.retry_after is not None]
    # A correct password is neutral (it gives its own attempt back), so at most one more than the
    # allowance is answered, and never more wrong answers than the allowance.
    assert len(wrong_answers) <= settings.signin_address_limit == 10
    assert len(refused) >= 29
    assert all(800 <= r.retry_after <= 900 for r in refused)
    assert {r.message for r in refused} <= {
        f"Too many failed sign-ins. Try again in {m} minutes." for m in (14, 15)
    }
    assert sum(r.ok for r in results) <= 1


async def test_a_flood_from_one_address_does_not_lock_the_owner_out_from_another(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    await set_password(ALICE, ALICE_PASSWORD)
    for n in range(25):
        await sign_in_partner(ALICE, f"guess number {n}", "198.51.100.7", settings)
    from_the_flood = await sign_in_partner(ALICE, ALICE_PASSWORD, "198.51.100.7", settings)
    assert not from_the_flood.ok and 700 <= from_the_flood.retry_after <= 900
    owner = await sign_in_partner(ALICE, ALICE_PASSWORD, "192.0.2.44", settings)
    assert owner.ok and owner.user.email == ALICE
    # The success cleared the account's count.
    assert not await SignInCounter.filter(key=f"account:partner:{ALICE}").exists()


async def test_the_account_slows_down_with_a_growing_delay_and_is_never_refused(db, tmp_path):
    settings = make_settings(db.url, tmp_path, signin_delay_max_seconds=30.0)
    delays = []
    for n in range(12):
        admission = await admit("partner", ALICE.upper(), f"192.0.2.{n}", settings)
        assert not admission.refused
        delays.append(admission.delay)
    assert delays == [0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 30, 30]
    assert [account_delay(n, settings) for n in (5, 6, 40, 10**6)] == [0, 1, 30, 30]


async def test_a_correct_password_gives_back_its_attempt_but_not_the_failures(db, tmp_path):
    settings = make_settings(db.url, tmp_path, signin_address_limit=3)
    address = "203.0.113.50"
    for _ in range(5):
        assert (await sign_in_staff(STAFF, STAFF_PASSWORD, address, settings)).ok
    assert not (await sign_in_staff("eve@portal.example", "x" * 12, address, settings)).ok
    assert not (await sign_in_staff("eve@portal.example", "y" * 12, address, settings)).ok
    assert (await sign_in_staff(STAFF, STAFF_PASSWORD, address, settings)).ok
    assert not (await sign_in_staff("eve@portal.example", "z" * 12, address, settings)).ok
    refused = await sign_in_staff(STAFF, STAFF_PASSWORD, address, settings)
    assert refused.retry_after is not None and not refused.ok


async def test_the_count_starts_again_when_the_window_ends(db, tmp_path):
    settings = make_settings(db.url, tmp_path, signin_address_limit=2)
    address = "203.0.113.77"
    for _ in range(3):
        await sign_in_staff(STAFF, "wrong password", address, settings)
    assert (await sign_in_staff(STAFF, STAFF_PASSWORD, address, settings)).retry_after is not None
    row = await SignInCounter.get(key=f"address:{address}")
    await SignInCounter.filter(key=row.key).update(
        window_start=row.window_start - settings.signin_window_seconds
    )
    assert (await sign_in_staff(STAFF, STAFF_PASSWORD, address, settings)).ok
