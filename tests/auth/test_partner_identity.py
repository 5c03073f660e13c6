"""Partner users' identity: status, passwords and their rules, one-time links, changing a password."""

from __future__ import annotations

import datetime as dt

import pytest

from graphql_portal.auth import (
    AuthError,
    change_password,
    check_password_rules,
    deactivate_partner_user,
    invitation_user,
    issue_invitation,
    redeem_invitation,
    resolve_partner_session,
    set_password,
    sign_in_partner,
)
from graphql_portal.models import Invitation, PartnerUser, UserStatus
from tests.support.environment import make_settings

LENA = "lena@northwind.example"
GOOD = "a quiet orange lighthouse"
LINK_USED = "This link has expired or was already used. Ask for a new one."


async def test_existing_users_are_active_and_have_no_password_yet(db):
    users = await PartnerUser.all()
    assert users and {u.status for u in users} == {UserStatus.ACTIVE}
    assert {u.password_hash for u in users} == {None}


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short pass", "The password needs at least 12 characters."),
        ("elevenchars", "The password needs at least 12 characters."),
        ("my name is LENA, hi", "The password must not contain the part of your email address before the @."),
        ("twelve chars", None),
        ("x" * 1025, "The password may have at most 1024 characters."),
    ],
)
def test_password_rules(password, problem):
    assert check_password_rules("Lena@northwind.example", password) == problem


async def test_a_user_without_a_password_cannot_sign_in(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    for password in ("", "anything at all here"):
        result = await sign_in_partner(LENA, password, "127.0.0.1", settings)
        assert (result.ok, result.key, result.message) == (False, None, "Wrong email or password.")


async def test_an_invitation_link_sets_the_password_once(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    lena = await PartnerUser.get(email_key=LENA)
    await PartnerUser.filter(id=lena.id).update(status=UserStatus.INVITED)
    lena = await PartnerUser.get(id=lena.id)
    token = await issue_invitation(lena)
    row = await Invitation.get(user_id=lena.id)
    assert token not in row.token_hash and len(token) == 43
    assert row.expires_at - row.created_at == dt.timedelta(hours=72)
    assert (await invitation_user(token)).email == LENA

    assert not (await sign_in_partner(LENA, GOOD, "127.0.0.1", settings)).ok
    refused = await redeem_invitation(token, "lena-lena-lena-lena")
    assert refused.error == "The password must not contain the part of your email address before the @."
    assert (await invitation_user(token)) is not None  # a refused password does not use up the link

    redeemed = await redeem_invitation(token, GOOD)
    assert redeemed.error is None and redeemed.user.status is UserStatus.ACTIVE
    assert (await redeem_invitation(token, GOOD + "!")).error == LINK_USED
    assert await invitation_user(token) is None
    signed_in = await sign_in_partner(LENA.upper(), GOOD, "127.0.0.1", settings)
    assert signed_in.ok and signed_in.principal.partner_id == lena.partner_id


async def test_links_expire_and_only_the_newest_works(db):
    lena = await PartnerUser.get(email_key=LENA)
    old = await issue_invitation(lena)
    new = await issue_invitation(lena)
    assert (await redeem_invitation(old, GOOD)).error == LINK_USED
    await Invitation.filter(used_at=None).update(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
    assert (await redeem_invitation(new, GOOD)).error == LINK_USED
    assert (await redeem_invitation("not-a-token", GOOD)).error == LINK_USED
    assert (await redeem_invitation("x" * 5000, GOOD)).error == LINK_USED


async def test_a_deactivated_user_gets_no_link_and_old_links_stop(db):
    lena = await PartnerUser.get(email_key=LENA)
    token = await issue_invitation(lena)
    await deactivate_partner_user(lena)
    assert (await redeem_invitation(token, GOOD)).error == LINK_USED
    with pytest.raises(AuthError, match="deactivated"):
        await issue_invitation(lena)


async def test_changing_the_password_asks_the_current_one_and_ends_other_sessions(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    lena = await set_password(LENA, GOOD)
    here = await sign_in_partner(LENA, GOOD, "127.0.0.1", settings)
    elsewhere = await sign_in_partner(LENA, GOOD, "127.0.0.2", settings)
    session_id = here.session.id
    wrong = await change_password(
        lena, "not the password", "another fine password", settings, session_id=session_id
    )
    assert wrong.error == "The current password is not right."
    weak = await change_password(lena, GOOD, "short", settings, session_id=session_id)
    assert weak.error == "The password needs at least 12 characters."
    changed = await change_password(lena, GOOD, "another fine password", settings, session_id=session_id)
    assert changed.error is None
    assert (await resolve_partner_session(here.key, settings)).principal is not None
    assert (await resolve_partner_session(elsewhere.key, settings)).principal is None
    assert not (await sign_in_partner(LENA, GOOD, "127.0.0.1", settings)).ok
    assert (await sign_in_partner(LENA, "another fine password", "127.0.0.1", settings)).ok
