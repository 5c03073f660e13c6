"""Partner users' passwords: invitation links, choosing and changing a password, deactivation.

An invitation link (also what "forgot password" sends) carries a random token; only its SHA-256
is stored. It is valid for `INVITATION_TTL`, once, and only the newest link of a user works.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from ..email_addresses import email_key
from ..models import ApiToken, Invitation, PartnerUser, UserStatus
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
    await fresh.save(update_fields=["password_hash"])
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
    user.status = UserStatus.ACTIVE
    await user.save(update_fields=["password_hash", "status"])
    await end_sessions_of(user_id=user.id)
    return user


async def deactivate_partner_user(user: PartnerUser) -> PartnerUser:
    """End the user's access at once: no sign-in, sessions deleted, links void, and their API
    tokens refused (`authenticate` checks the status on every request)."""
    now = _now()
    async with in_transaction():
        await PartnerUser.filter(id=user.id).update(status=UserStatus.DEACTIVATED)
        await Invitation.filter(user_id=user.id, used_at=None).update(used_at=now)
        await ApiToken.filter(user_id=user.id, revoked_at=None).update(revoked_at=now)
    await end_sessions_of(user_id=user.id)
    user.status = UserStatus.DEACTIVATED
    return user
