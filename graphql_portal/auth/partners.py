"""Partner users' passwords: invitation links, choosing and changing a password, deactivation.

An invitation link (also what "forgot password" sends) carries a random token; only its SHA-256
is stored. It is valid for `INVITATION_TTL`, once, and only the newest link of a user works.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from ..email_addresses import email_key
from ..events import log as events
from ..models import ApiToken, Invitation, Job, JobKind, PartnerUser, UserStatus
from .passwords import check_password_rules, hash_password, verify_password
from .sessions import end_sessions_of
from .tokens import AuthError

INVITATION_TTL = dt.timedelta(hours=72)
LINK_USED = "This link has expired or was already used. Ask for a new one."
MAX_TOKEN_LENGTH = 100


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def invitation_path(token: str) -> str:
    """Where the link leads, below the site's base URL."""
    return f"/invitation/{token}"


async def issue_invitation(user: PartnerUser) -> str:
    """A new one-time link token for `user` (the raw token: put it in the email, nowhere else).

    The user's older unused links stop working. A DEACTIVATED user gets none.
    """
    if user.status is UserStatus.DEACTIVATED:
        raise AuthError(f"{user.email} is deactivated")
    token = secrets.token_urlsafe(32)
    now = _now()
    async with in_transaction():
        await Invitation.filter(user_id=user.id, used_at=None).update(used_at=now)
        await Invitation.create(
            user_id=user.id, token_hash=_hash(token), created_at=now, expires_at=now + INVITATION_TTL
        )
    return token


async def _live_invitation(token: str | None) -> Invitation | None:
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    invitation = await Invitation.filter(token_hash=_hash(token), used_at=None).select_related("user").first()
    if invitation is None or invitation.expires_at <= _now():
        return None
    if invitation.user.status is UserStatus.DEACTIVATED:
        return None
    return invitation


async def invitation_user(token: str | None) -> PartnerUser | None:
    """The user a valid (unused, unexpired) link is for, to greet them on its page; else None."""
    invitation = await _live_invitation(token)
    return invitation.user if invitation else None


@dataclass(frozen=True)
class PasswordOutcome:
    """`user` on success; else `error`, a sentence for the password field (or the page)."""

    user: PartnerUser | None = None
    error: str | None = None


async def redeem_invitation(token: str | None, password: str) -> PasswordOutcome:
    """Choose a password through a link: the user becomes ACTIVE, the link is used up, and any
    session the user had ends (the caller starts a new one)."""
    invitation = await _live_invitation(token)
    if invitation is None:
        return PasswordOutcome(error=LINK_USED)
    user = invitation.user
    problem = check_password_rules(user.email, password)
    if problem:
        return PasswordOutcome(error=problem)
    password_hash = await hash_password(password)
    async with in_transaction():
        # Single use even under a double submit: only one request can flip `used_at`.
        claimed = await Invitation.filter(id=invitation.id, used_at=None).update(used_at=_now())
        if not claimed:
            return PasswordOutcome(error=LINK_USED)
        changed = await PartnerUser.filter(id=user.id, status__not=UserStatus.DEACTIVATED).update(
            password_hash=password_hash, status=UserStatus.ACTIVE
        )
        if not changed:
            return PasswordOutcome(error=LINK_USED)
        before, user.status = user.status, UserStatus.ACTIVE
        if before is UserStatus.INVITED:
            await events.user_activated(user, before)
        else:
            await events.password_changed(user)
    await end_sessions_of(user_id=user.id)
    return PasswordOutcome(user=await PartnerUser.get(id=user.id))


async def change_password(
    user: PartnerUser, current: str, new: str, *, keep_session_id: int | None = None
) -> PasswordOutcome:
    """A signed-in user's new password (the current one is asked); their other sessions end."""
    fresh = await PartnerUser.get_or_none(id=user.id, status=UserStatus.ACTIVE)
    if fresh is None or not await verify_password(fresh.password_hash, current):
        return PasswordOutcome(error="The current password is not right.")
    problem = check_password_rules(fresh.email, new)
    if problem:
        return PasswordOutcome(error=problem)
    fresh.password_hash = await hash_password(new)
    async with in_transaction():
        await fresh.save(update_fields=["password_hash"])
        await events.password_changed(fresh)
    await end_sessions_of(user_id=fresh.id, keep_session_id=keep_session_id)
    return PasswordOutcome(user=fresh)


async def set_password(email: str, password: str) -> PartnerUser:
    """The command line's `set-password`: sets the password and makes the user ACTIVE."""
    user = await PartnerUser.filter(email_key=email_key(email)).first()
    if user is None:
        raise AuthError(f"no partner user with email {email.strip()!r}")
    problem = check_password_rules(user.email, password)
    if problem:
        raise AuthError(problem)
    user.password_hash = await hash_password(password)
    before, user.status = user.status, UserStatus.ACTIVE
    async with in_transaction():
        await user.save(update_fields=["password_hash", "status"])
        if before is UserStatus.INVITED:
            await events.user_activated(user, before)
        else:
            await events.password_changed(user)
    await end_sessions_of(user_id=user.id)
    return user


async def deactivate_partner_user(user: PartnerUser) -> PartnerUser:
    """End the user's access at once: no sign-in, sessions deleted, links void, and their API
    tokens refused (`authenticate` checks the status on every request)."""
    now = _now()
    async with in_transaction():
        await PartnerUser.filter(id=user.id).update(status=UserStatus.DEACTIVATED)
        await Invitation.filter(user_id=user.id, used_at=None).update(used_at=now)
        revoked = await ApiToken.filter(user_id=user.id, revoked_at=None).update(revoked_at=now)
        before, user.status = user.status, UserStatus.DEACTIVATED
        await events.user_deactivated(user, before, tokens_revoked=revoked)
    await end_sessions_of(user_id=user.id)
    user.status = UserStatus.DEACTIVATED
    return user


INVITE = "invite"
RESET = "reset"


async def queue_invitation(
    user: PartnerUser, reason: str = INVITE, *, using_db: BaseDBAsyncClient | None = None
) -> Job:
    """Owe `user` an email with a one-time link, as a durable job for the worker (call it inside
    the transaction that owes it). The token is made when the email is sent, so none is stored."""
    if reason not in (INVITE, RESET):
        raise ValueError(f"unknown reason {reason!r}")
    return await Job.create(
        kind=JobKind.SEND_INVITATION,
        dedupe_key=f"invitation:{user.id}:{uuid.uuid4().hex}",
        payload={"user_id": user.id, "reason": reason},
        run_after=_now(),
        using_db=using_db,
    )


async def request_password_reset(email: str) -> None:
    """Forgot password: email a one-time link to the user with this email, unless there is
    none or they are deactivated. Says nothing either way, so the page cannot reveal accounts."""
    user = await PartnerUser.filter(email_key=email_key(email or "")).first()
    if user is not None and user.status is not UserStatus.DEACTIVATED:
        await queue_invitation(user, RESET)
