"""A password hash made with older argon2 parameters is upgraded when its owner signs in."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from graphql_portal.auth import sign_in_partner, sign_in_staff
from graphql_portal.auth.passwords import needs_rehash
from graphql_portal.models import PartnerUser, StaffUser, UserStatus
from tests.support.demo import STAFF_EMAIL, STAFF_PASSWORD
from tests.support.environment import make_settings

PASSWORD = "correct horse battery staple"
OLD = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)

pytestmark = pytest.mark.usefixtures("production_password_hashing")


async def test_an_old_partner_hash_is_upgraded_on_sign_in_and_still_opens(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    old_hash = OLD.hash(PASSWORD)
    assert needs_rehash(old_hash)
    await PartnerUser.filter(email_key="alice@northwind.example").update(
        password_hash=old_hash, status=UserStatus.ACTIVE
    )
    result = await sign_in_partner("alice@northwind.example", PASSWORD, "192.0.2.1", settings)
    assert result.ok and result.outcome == "ok"
    new_hash = (await PartnerUser.get(email_key="alice@northwind.example")).password_hash
    assert new_hash != old_hash and not needs_rehash(new_hash)
    assert "m=65536" in new_hash  # today's memory cost, from argon2-cffi's defaults
    again = await sign_in_partner("alice@northwind.example", PASSWORD, "192.0.2.1", settings)
    assert again.ok


async def test_a_wrong_password_changes_no_hash(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    old_hash = OLD.hash(PASSWORD)
    await PartnerUser.filter(email_key="alice@northwind.example").update(
        password_hash=old_hash, status=UserStatus.ACTIVE
    )
    result = await sign_in_partner("alice@northwind.example", "wrong password!", "192.0.2.1", settings)
    assert (result.ok, result.outcome) == (False, "refused")
    assert (await PartnerUser.get(email_key="alice@northwind.example")).password_hash == old_hash


async def test_a_current_staff_hash_is_left_as_it_is(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    await StaffUser.filter(email_key=STAFF_EMAIL).update(password_hash=PasswordHasher().hash(STAFF_PASSWORD))
    before = (await StaffUser.get(email_key=STAFF_EMAIL)).password_hash
    assert not needs_rehash(before)
    assert (await sign_in_staff(STAFF_EMAIL, STAFF_PASSWORD, "192.0.2.1", settings)).ok
    assert (await StaffUser.get(email_key=STAFF_EMAIL)).password_hash == before


def test_hashes_that_are_not_argon2_are_not_rehashed():
    assert not needs_rehash(None) and not needs_rehash("") and not needs_rehash("not-a-hash")
