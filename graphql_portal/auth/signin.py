"""Signing in with email and password, for staff and partner users alike.

The attempt is counted (throttle) before the password is checked; the check runs off the event
loop; a success starts a new session (a new key, never one the browser already had).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from ..email_addresses import email_key
from ..events import log as events
from ..models import AuthSession, PartnerUser, StaffUser, UserStatus
from ..settings import Settings
from . import throttle
from .passwords import MAX_PASSWORD_LENGTH, hash_password, needs_rehash, verify_password
from .sessions import end_session, start_session
from .tokens import Principal, principal_of_user

WRONG = "Wrong email or password."
MAX_EMAIL_LENGTH = 254


@dataclass(frozen=True)
class SignInResult:
    """`ok` with the new session's raw `key` (for the cookie) and row; or a `message`, with
    `retry_after` (seconds) when the attempt was refused by the throttle (answer 429)."""

    ok: bool
    key: str | None = None
    session: AuthSession | None = None
    staff: StaffUser | None = None
    user: PartnerUser | None = None
    message: str | None = None
    retry_after: int | None = None

    @property
    def outcome(self) -> str:
        """`ok`, `throttled` (refused before the password was checked) or `refused` (wrong)."""
        return "ok" if self.ok else "throttled" if self.retry_after is not None else "refused"

    @property
    def principal(self) -> Principal | None:
        if self.user is None or self.session is None:
            return None
        return principal_of_user(self.user, session_id=self.session.id)


async def _sign_in(
    realm: str,
    email: str,
    password: str,
    address: str | None,
    settings: Settings,
    previous_key: str | None,
) -> SignInResult:
    email = (email or "").strip()[:MAX_EMAIL_LENGTH]
    admission = await throttle.admit(realm, email, address, settings)
    if admission.refused:
        return SignInResult(ok=False, message=admission.message, retry_after=admission.retry_after)
    if admission.delay:
        await asyncio.sleep(admission.delay)
    if realm == "staff":
        owner = await StaffUser.filter(email_key=email.lower(), is_active=True).first()
        password_hash = owner.password_hash if owner else None
    else:
        owner = await PartnerUser.filter(email_key=email_key(email), status=UserStatus.ACTIVE).first()
        password_hash = owner.password_hash if owner else None
    # Unknown accounts still cost a (dummy) verification, so timing does not tell them apart.
    valid = bool(email and password) and len(password) <= MAX_PASSWORD_LENGTH
    if not (await verify_password(password_hash, password) and valid and owner is not None):
        await _record_refusal(realm, email, owner, address)
        return SignInResult(ok=False, message=WRONG)
    await throttle.succeeded(admission)
    owner.last_login_at = dt.datetime.now(dt.UTC)
    changed = ["last_login_at"]
    if needs_rehash(password_hash):  # made with older (weaker) parameters: upgrade it now
        owner.password_hash = await hash_password(password)
        changed.append("password_hash")
    async with in_transaction():
        await owner.save(update_fields=changed)
        await end_session(previous_key)
        key, session = await start_session(owner, settings)
        await events.signed_in(owner, address)
    if realm == "staff":
        return SignInResult(ok=True, key=key, session=session, staff=owner)
    return SignInResult(ok=True, key=key, session=session, user=owner)


async def _record_refusal(
    realm: str, email: str, owner: StaffUser | PartnerUser | None, address: str | None
) -> None:
    """A refused sign-in goes into the trail of the account that was tried, when there is one."""
    if owner is not None:
        await events.sign_in_refused(owner, address, "wrong password")
        return
    if not email:
        return
    if realm == "staff":
        staff = await StaffUser.filter(email_key=email.lower()).first()
        if staff is not None:
            await events.sign_in_refused(staff, address, "the account is deactivated")
        return
    user = await PartnerUser.filter(email_key=email_key(email)).first()
    if user is not None:
        why = "no password chosen yet" if user.status is UserStatus.INVITED else "the account is deactivated"
        await events.sign_in_refused(user, address, why)


async def sign_in_staff(
    email: str, password: str, address: str | None, settings: Settings, *, previous_key: str | None = None
) -> SignInResult:
    """Sign a staff user in to the admin (throttled; the password checked off the event loop)."""
    return await _sign_in("staff", email, password, address, settings, previous_key)


async def sign_in_partner(
    email: str, password: str, address: str | None, settings: Settings, *, previous_key: str | None = None
) -> SignInResult:
    """Sign an ACTIVE partner user in to the portal; INVITED and DEACTIVATED users cannot."""
    return await _sign_in("partner", email, password, address, settings, previous_key)
