"""Staff sessions: a signed cookie holding the staff id, the last-seen time and a CSRF token.

The cookie is signed (not encrypted) with the settings' secret key, so its content can be read
by its holder but not changed. A session idle for longer than `settings.session_idle_seconds` is
treated as signed out. Sessions are not stored on the server: signing out clears the cookie in
that browser, and a copied cookie stays valid until it goes idle.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import HTTPConnection, Request

from ..auth import constant_time_equal
from ..models import StaffUser
from ..settings import Settings

COOKIE_NAME = "portal_admin"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_SALT = "graphql-portal.admin-session"
# Cookies beyond ~4 KB are dropped by browsers; flashes are short, but stay well below.
_MAX_FLASHES = 5
_MAX_FLASH_LENGTH = 500


@dataclass
class Session:
    """What the cookie carries. `staff_id` is None before sign-in (the CSRF token exists already,
    so the sign-in form is protected too)."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    staff_id: int | None = None
    seen: float = 0.0
    flashes: list[tuple[str, str]] = field(default_factory=list)
    expired: bool = False

    def sign_in(self, staff_id: int, now: float) -> None:
        """Start a staff session with a fresh CSRF token (a token seen before sign-in is dropped)."""
        self.staff_id = staff_id
        self.seen = now
        self.csrf = secrets.token_urlsafe(32)

    def sign_out(self) -> None:
        self.staff_id = None
        self.csrf = secrets.token_urlsafe(32)

    def flash(self, level: str, message: str) -> None:
        """Queue a message for the next page shown (`level`: "ok" or "error")."""
        self.flashes = [*self.flashes, (level, message[:_MAX_FLASH_LENGTH])][-_MAX_FLASHES:]

    def pop_flashes(self) -> list[tuple[str, str]]:
        flashes, self.flashes = self.flashes, []
        return flashes

    def fingerprint(self) -> tuple:
        """What a request may change, besides the last-seen time."""
        return (self.csrf, self.staff_id, tuple(self.flashes))

    def csrf_matches(self, token: str | None) -> bool:
        return bool(token) and constant_time_equal(token, self.csrf)


class SessionCodec:
    """Turns a `Session` into a cookie value and back, with the idle expiry applied."""

    def __init__(self, settings: Settings) -> None:
        self._serializer = URLSafeSerializer(settings.secret_key, salt=_SALT)
        self._idle_seconds = settings.session_idle_seconds
        self.secure = settings.secure_cookies

    def dumps(self, session: Session) -> str:
        return self._serializer.dumps(
            {"c": session.csrf, "s": session.staff_id, "t": session.seen, "f": session.flashes}
        )

    def loads(self, value: str | None, now: float) -> Session:
        """The session in `value`; a fresh anonymous one when it is missing, forged or malformed.

        An idle staff session comes back signed out with `expired` set, so the sign-in page can
        say why.
        """
        if not value:
            return Session()
        try:
            data = self._serializer.loads(value)
            session = Session(
                csrf=str(data["c"]),
                staff_id=int(data["s"]) if data["s"] is not None else None,
                seen=float(data["t"]),
                flashes=[(str(level), str(text)) for level, text in data["f"]][-_MAX_FLASHES:],
            )
        except (BadSignature, KeyError, TypeError, ValueError):
            return Session()
        if session.staff_id is not None and now - session.seen > self._idle_seconds:
            session.sign_out()
            session.expired = True
        return session

    def cookie_header(self, session: Session) -> str:
        """A `Set-Cookie` value. Path `/` so that attachment downloads outside /admin see it."""
        parts = [f"{COOKIE_NAME}={self.dumps(session)}", "Path=/", "HttpOnly", "SameSite=Lax"]
        if self.secure:
            parts.append("Secure")
        return "; ".join(parts)


async def staff_from_request(request: HTTPConnection) -> StaffUser | None:
    """The active staff user whose session cookie came with `request`, or None.

    Works on any app whose `state.settings` holds the settings (the main app and the admin both
    do), so other routes (attachment downloads) accept a staff session without the admin's
    middleware.
    """
    settings: Settings = request.app.state.settings
    session = SessionCodec(settings).loads(request.cookies.get(COOKIE_NAME), time.time())
    if session.staff_id is None:
        return None
    return await StaffUser.filter(id=session.staff_id, is_active=True).first()


def session_of(request: Request) -> Session:
    """The session the admin's middleware loaded for this request."""
    return request.state.admin_session
