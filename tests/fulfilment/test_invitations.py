"""Invitation and password-reset emails: durable jobs, a one-time link made at send time."""

from __future__ import annotations

import re

from graphql_portal.auth import (
    Principal,
    invitation_user,
    redeem_invitation,
    request_password_reset,
    set_password,
    sign_in_partner,
)
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Invitation, Job, JobKind, JobState, PartnerUser, TokenKind, UserStatus
from graphql_portal.ordering.users import create_user, deactivate_user, resend_invitation
from tests.support.environment import make_settings

LINK = re.compile(r"^(http://portal\.test/invitation/([A-Za-z0-9_-]{43}))$", re.M)


async def alice() -> Principal:
    user = await PartnerUser.get(email_key="alice@northwind.example")
    return Principal(kind=TokenKind.PARTNER_USER, token_id=0, user=user)


async def test_create_user_invites_by_email_and_the_link_sets_the_password(db, smtp, tmp_path):
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)
    outcome = await create_user(await alice(), "Nora New", "nora@northwind.example", "ORDERING")
    assert outcome.errors == [] and outcome.user.status is UserStatus.INVITED
    job = await Job.get(kind=JobKind.SEND_INVITATION)
    assert job.payload == {"user_id": outcome.user.id, "reason": "invite"}
    assert not await Invitation.filter(user_id=outcome.user.id).exists()  # made at send time

    await Worker(settings, "w1").run_once()
    assert (await Job.get(id=job.id)).state is JobState.DONE
    (mail,) = smtp.mailbox.to("nora@northwind.example")
    assert mail.message["Subject"] == "Your partner portal account"
    assert "You have been given an account on the partner portal for Northwind Managed IT." in mail.text
    (link, token) = LINK.search(mail.text).groups()
    assert link == f"{settings.base_url}/invitation/{token}"
    assert link in mail.html
    row = await Invitation.get(user_id=outcome.user.id)
    assert token not in row.token_hash
    assert (await invitation_user(token)).id == outcome.user.id

    assert (await redeem_invitation(token, "a brand new passphrase")).user.status is UserStatus.ACTIVE
    assert (await sign_in_partner("nora@northwind.example", "a brand new passphrase", None, settings)).ok


async def test_resend_voids_the_earlier_link_and_is_refused_once_active(db, smtp, tmp_path):
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)
    admin = await alice()
    user = (await create_user(admin, "Nora New", "nora@northwind.example", "VIEWER")).user
    await Worker(settings, "w1").run_once()
    resent = await resend_invitation(admin, user.id)
    assert resent.errors == [] and resent.user.id == user.id
    await Worker(settings, "w1").run_once()
    first, second = (LINK.search(m.text).group(2) for m in smtp.mailbox.to("nora@northwind.example"))
    assert await invitation_user(first) is None
    assert (await redeem_invitation(second, "a brand new passphrase")).error is None

    again = await resend_invitation(admin, user.id)
    assert [(e.code.value, e.field) for e in again.errors] == [("ALREADY_ACTIVE", ("input", "userId"))]
    assert again.errors[0].message == "'nora@northwind.example' has chosen a password already."


async def test_managing_users_is_for_admins_of_the_same_partner(db):
    admin = await alice()
    oscar = await PartnerUser.get(email_key="oscar@northwind.example")
    carl = await PartnerUser.get(email_key="carl@contoso.example")
    as_oscar = Principal(kind=TokenKind.PARTNER_USER, token_id=0, user=oscar)
    for call in (deactivate_user, resend_invitation):
        assert [e.code.value for e in (await call(as_oscar, carl.id)).errors] == ["FORBIDDEN"]
        assert [e.code.value for e in (await call(admin, carl.id)).errors] == ["NOT_FOUND"]
        assert [e.code.value for e in (await call(admin, 10**12)).errors] == ["NOT_FOUND"]
    assert [e.message for e in (await deactivate_user(admin, admin.user.id)).errors] == [
        "You cannot deactivate yourself."
    ]
    assert (await PartnerUser.get(id=carl.id)).status is UserStatus.ACTIVE


async def test_deactivation_stops_pending_and_future_invitations(db, smtp, tmp_path):
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)
    admin = await alice()
    user = (await create_user(admin, "Nora New", "nora@northwind.example", "VIEWER")).user
    outcome = await deactivate_user(admin, user.id)
    assert outcome.errors == [] and outcome.user.status is UserStatus.DEACTIVATED
    await Worker(settings, "w1").run_once()
    assert smtp.mailbox.to("nora@northwind.example") == []
    assert [e.code.value for e in (await resend_invitation(admin, user.id)).errors] == ["INVALID_INPUT"]
    assert (await deactivate_user(admin, user.id)).errors == []  # again: nothing changes


async def test_forgot_password_sends_a_reset_link_only_to_users_who_exist(db, smtp, tmp_path):
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port)
    await set_password("oscar@northwind.example", "the old passphrase")
    await request_password_reset(" Oscar@Northwind.example ", "192.0.2.1", settings)
    await request_password_reset("nobody@northwind.example", "192.0.2.1", settings)
    # The same work for both addresses: the worker decides who gets an email.
    jobs = await Job.filter(kind=JobKind.SEND_INVITATION).order_by("id")
    assert [j.payload for j in jobs] == [
        {"email_key": "oscar@northwind.example", "reason": "reset"},
        {"email_key": "nobody@northwind.example", "reason": "reset"},
    ]
    worker = Worker(settings, "w1")
    await worker.run_once()
    await worker.run_once()
    assert [(await Job.get(id=j.id)).last_error for j in jobs] == [None, None]
    assert [(await Job.get(id=j.id)).state for j in jobs] == [JobState.DONE, JobState.DONE]
    (mail,) = smtp.mailbox.messages
    assert mail.rcpt_tos == ["oscar@northwind.example"]
    assert mail.message["Subject"] == "Reset your partner portal password"
    assert "If you did not ask for this, ignore this email" in mail.text
    token = LINK.search(mail.text).group(2)
    # The old password keeps working until the link is used.
    assert (await sign_in_partner("oscar@northwind.example", "the old passphrase", None, settings)).ok
    assert (await redeem_invitation(token, "the new passphrase")).error is None
    assert not (await sign_in_partner("oscar@northwind.example", "the old passphrase", None, settings)).ok
