"""Server-side sessions for the admin (staff) and the portal (partner users), one table for both.

A browser holds a random key in its cookie; the row keeps only the key's SHA-256, the owner,
a CSRF token and two times. A session ends when it is deleted (sign-out, deactivation, a new
password), after `settings.session_idle_seconds` without activity, or
`settings.session_absolute_seconds` after sign-in, whichever comes first. Activity is recorded at
most once a minute, so reading pages does not write on every request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from ..models import AuthSession, PartnerUser, SessionKind, StaffUser, UserStatus
from ..settings import Settings
from .tokens import Principal, principal_of_user

TOUCH_INTERVAL = dt.timedelta(minutes=1)
# A key is 43 characters (32 random bytes); anything much longer is not one of ours.
MAX_KEY_LENGTH = 100


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class SessionLookup:
    """What a session cookie opens. `ended` is "idle" or "absolute" when the key was valid but
    the session ran out, so the page can say why the person must sign in again."""

    session: AuthSession | None = None
    ended: str | None = None

    @property
    def expired(self) -> bool:
        return self.ended is not None

    @property
    def staff(self) -> StaffUser | None:
        return self.session.staff if self.session and self.session.kind is SessionKind.STAFF else None

    @property
    def principal(self) -> Principal | None:
        """A partner user's session as the principal the schema's resolvers expect."""
        if self.session is None or self.session.kind is not SessionKind.PARTNER_USER:
            return None
        return principal_of_user(self.session.user, session_id=self.session.id)


async def start_session(owner: StaffUser | PartnerUser, settings: Settings) -> tuple[str, AuthSession]:
    """A new session for `owner`: returns the raw key for the cookie and the row."""
    key = secrets.token_urlsafe(32)
    now = _now()
    kind = SessionKind.STAFF if isinstance(owner, StaffUser) else SessionKind.PARTNER_USER
    session = await AuthSession.create(
        key_hash=hash_key(key),
        kind=kind,
        staff=owner if kind is SessionKind.STAFF else None,
        user=owner if kind is SessionKind.PARTNER_USER else None,
        csrf_token=secrets.token_urlsafe(32),
        created_at=now,
        last_seen_at=now,
    )
    return key, session


def _owner_active(session: AuthSession) -> bool:
    if session.kind is SessionKind.STAFF:
        return session.staff is not None and session.staff.is_active
    return session.user is not None and session.user.status is UserStatus.ACTIVE


async def lookup_session(
    key: str | None, kind: SessionKind, settings: Settings, *, touch: bool = True
) -> SessionLookup:
    """The live session of `kind` whose cookie key is `key`, with its owner loaded.

    `touch=False` for requests that are not activity (a page polling in the background).
    """
    if not key or len(key) > MAX_KEY_LENGTH:
        return SessionLookup()
    related = "staff" if kind is SessionKind.STAFF else "user"
    session = await AuthSession.filter(key_hash=hash_key(key), kind=kind).select_related(related).first()
    if session is None:
        return SessionLookup()
    now = _now()
    idle = now - session.last_seen_at > dt.timedelta(seconds=settings.session_idle_seconds)
    too_old = now - session.created_at > dt.timedelta(seconds=settings.session_absolute_seconds)
    if idle or too_old or not _owner_active(session):
        await AuthSession.filter(id=session.id).delete()
        return SessionLookup(ended="idle" if idle else "absolute" if too_old else None)
    if touch and now - session.last_seen_at >= TOUCH_INTERVAL:
        session.last_seen_at = now
        await AuthSession.filter(id=session.id).update(last_seen_at=now)
    return SessionLookup(session)


async def resolve_staff_session(key: str | None, settings: Settings, *, touch: bool = True) -> SessionLookup:
    return await lookup_session(key, SessionKind.STAFF, settings, touch=touch)


async def resolve_partner_session(
    key: str | None, settings: Settings, *, touch: bool = True
) -> SessionLookup:
    return await lookup_session(key, SessionKind.PARTNER_USER, settings, touch=touch)


async def end_session(key: str | None) -> None:
    """Sign-out: the session is deleted, so its cookie opens nothing any more."""
    if key and len(key) <= MAX_KEY_LENGTH:
        await AuthSession.filter(key_hash=hash_key(key)).delete()


async def end_sessions_of(
    *, staff_id: int | None = None, user_id: int | None = None, keep_session_id: int | None = None
) -> int:
    """End every session of a staff user or a partner user (but `keep_session_id`)."""
    if (staff_id is None) == (user_id is None):
        raise ValueError("give exactly one of staff_id and user_id")
    query = (
        AuthSession.filter(staff_id=staff_id) if staff_id is not None else AuthSession.filter(user_id=user_id)
    )
    if keep_session_id is not None:
        query = query.exclude(id=keep_session_id)
    return await query.delete()
