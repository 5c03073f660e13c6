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
from ..models import ApiToken, Invitation, Job, JobKind, JobPriority, PartnerUser, UserStatus
from ..settings import Settings
from . import throttle
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
    retry_after: int | None = None  # refused without a check (answer 429)


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


PASSWORD_CHECKS_REFUSED = "Too many wrong passwords. Try again in {minutes} minute{s}."


async def change_password(
    user: PartnerUser, current: str, new: str, settings: Settings, *, session_id: int
) -> PasswordOutcome:
    """A signed-in user's new password (the current one is asked); their other sessions end.

    The current password is checked at most `password_check_limit` times per window, per
    session and per account: beyond that the answer is `retry_after` without a check, so
    neither a stolen session nor a burst of guesses can try many (or hold sign-ins up behind
    argon2). A right password gives its attempts back.
    """
    window, limit = settings.signin_window_seconds, settings.password_check_limit
    keys = (f"password:session:{session_id}", f"password:account:{user.id}")
    for n, key in enumerate(keys):
        retry_after = await throttle.take(key, limit, window)
        if retry_after is not None:
            for counted in keys[:n]:
                await throttle.give_back(counted, window)
            minutes = max(1, -(-retry_after // 60))
            message = PASSWORD_CHECKS_REFUSED.format(minutes=minutes, s="s" if minutes != 1 else "")
            return PasswordOutcome(error=message, retry_after=retry_after)
    fresh = await PartnerUser.get_or_none(id=user.id, status=UserStatus.ACTIVE)
    if fresh is None or not await verify_password(fresh.password_hash, current):
        return PasswordOutcome(error="The current password is not right.")
    for key in keys:
        await throttle.give_back(key, window)
    problem = check_password_rules(fresh.email, new)
    if problem:
        return PasswordOutcome(error=problem)
    fresh.password_hash = await hash_password(new)
    async with in_transaction():
        await fresh.save(update_fields=["password_hash"])
        await events.password_changed(fresh)
    await end_sessions_of(user_id=fresh.id, keep_session_id=session_id)
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
    return await _queue_link({"user_id": user.id, "reason": reason}, using_db)


async def _queue_link(payload: dict, using_db: BaseDBAsyncClient | None = None) -> Job:
    return await Job.create(
        kind=JobKind.SEND_INVITATION,
        priority=JobPriority.ACCOUNT,
        dedupe_key=f"invitation:{uuid.uuid4().hex}",
        payload=payload,
        run_after=_now(),
        using_db=using_db,
    )


async def request_password_reset(email: str, address: str | None, settings: Settings) -> None:
    """Forgot password: owe a one-time link to the user with this email, if there is one.

    The request does the same work whatever the address (counts it, queues a job); the worker
    decides whether an active user has it. So neither the answer nor its timing tells which
    addresses have accounts. At most `reset_emails_per_address` links per address and
    `reset_emails_per_client` per client address are queued an hour: a flood neither fills a
    mailbox nor keeps voiding the newest link.
    """
    key = email_key(email or "")[:254]
    if not key:
        return
    hour = throttle.LONGEST_WINDOW_SECONDS
    if address and await throttle.take(f"reset:client:{address}", settings.reset_emails_per_client, hour):
        return
    if await throttle.take(f"reset:email:{key}", settings.reset_emails_per_address, hour):
        return
    await _queue_link({"email_key": key, "reason": RESET})


async def reset_recipient(email_key_: str) -> PartnerUser | None:
    """The user a password-reset job is for: the non-deactivated user with this address."""
    user = await PartnerUser.filter(email_key=email_key_).select_related("partner").first()
    if user is None or user.status is UserStatus.DEACTIVATED:
        return None
    return user
