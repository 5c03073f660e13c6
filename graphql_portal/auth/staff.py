"""Staff users of the admin: created from the command line, deactivated from it or the admin."""

from __future__ import annotations

import datetime as dt

from ..models import StaffUser
from .passwords import hash_password, verify_password
from .sessions import end_sessions_of
from .tokens import AuthError

MIN_STAFF_PASSWORD_LENGTH = 10


async def create_staff_user(email: str, password: str) -> StaffUser:
    email = email.strip()
    if "@" not in email or len(email) > 254:
        raise AuthError(f"not an email address: {email!r}")
    if len(password) < MIN_STAFF_PASSWORD_LENGTH:
        raise AuthError(f"the password must have at least {MIN_STAFF_PASSWORD_LENGTH} characters")
    if await StaffUser.filter(email_key=email.lower()).exists():
        raise AuthError(f"a staff user with email {email!r} exists already")
    return await StaffUser.create(
        email=email, email_key=email.lower(), password_hash=await hash_password(password)
    )


async def verify_staff_password(email: str, password: str) -> StaffUser | None:
    """The active staff user with this email and password, or None (not throttled: the sign-in
    form goes through `sign_in_staff`)."""
    user = await StaffUser.filter(email_key=email.strip().lower(), is_active=True).first()
    if not await verify_password(user.password_hash if user else None, password) or user is None:
        return None
    user.last_login_at = dt.datetime.now(dt.UTC)
    await user.save(update_fields=["last_login_at"])
    return user


async def deactivate_staff_user(email: str, *, by: StaffUser | None = None) -> StaffUser:
    """The staff user can no longer sign in, and every session they have ends now.

    `by`: the staff member deactivating them in the admin (none from the command line), who
    cannot deactivate themselves, so the admin is never left without the person at it.
    """
    user = await StaffUser.filter(email_key=email.strip().lower()).first()
    if user is None:
        raise AuthError(f"no staff user with email {email!r}")
    if by is not None and by.id == user.id:
        raise AuthError("You cannot deactivate yourself.")
    if user.is_active:
        user.is_active = False
        await user.save(update_fields=["is_active"])
    await end_sessions_of(staff_id=user.id)
    return user
