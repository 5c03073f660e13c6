"""Staff sessions: a row on the server (`auth.sessions`), named by a key in a signed cookie.

The cookie (signed, not encrypted, with the settings' secret key) carries the session's raw key,
the flash messages for the next page and, before sign-in, a CSRF token that protects the sign-in
form. Signed in, the CSRF token is the session row's. Signing out deletes the row, so a copy of
the cookie opens nothing afterwards; idle and absolute expiry are the row's too.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeSerializer
from starlette.requests import HTTPConnection, Request

from ..auth import constant_time_equal, resolve_staff_session
from ..models import AuthSession, StaffUser
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
    """What the cookie carries. `key` is None before sign-in (the CSRF token exists already, so
    the sign-in form is protected too). `ended` says why a session the cookie named has ended
    ("idle" or "absolute"), for the sign-in page."""

    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    key: str | None = None
    flashes: list[tuple[str, str]] = field(default_factory=list)
    ended: str | None = None

    def sign_in(self, key: str, row: AuthSession) -> None:
        """Name the new session row; its CSRF token replaces the one seen before sign-in."""
        self.key = key
        self.csrf = row.csrf_token

    def sign_out(self) -> None:
        self.key = None
        self.csrf = secrets.token_urlsafe(32)

    def flash(self, level: str, message: str) -> None:
        """Queue a message for the next page shown (`level`: "ok" or "error")."""
        self.flashes = [*self.flashes, (level, message[:_MAX_FLASH_LENGTH])][-_MAX_FLASHES:]

    def pop_flashes(self) -> list[tuple[str, str]]:
        flashes, self.flashes = self.flashes, []
        return flashes

    def fingerprint(self) -> tuple:
        """What a request may change."""
        return (self.csrf, self.key, tuple(self.flashes))

    def csrf_matches(self, token: str | None) -> bool:
        return bool(token) and constant_time_equal(token, self.csrf)


class SessionCodec:
    """Turns a `Session` into a cookie value and back."""

    def __init__(self, settings: Settings) -> None:
        self._serializer = URLSafeSerializer(settings.secret_key, salt=_SALT)
        self.secure = settings.secure_cookies

    def dumps(self, session: Session) -> str:
        return self._serializer.dumps({"c": session.csrf, "k": session.key, "f": session.flashes})

    def loads(self, value: str | None) -> Session:
        """The session in `value`; a fresh anonymous one when it is missing, forged or malformed."""
        if not value:
            return Session()
        try:
            data = self._serializer.loads(value)
            return Session(
                csrf=str(data["c"]),
                key=str(data["k"]) if data["k"] is not None else None,
                flashes=[(str(level), str(text)) for level, text in data["f"]][-_MAX_FLASHES:],
            )
        except (BadSignature, KeyError, TypeError, ValueError):
            return Session()

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
    middleware. A download is not activity: it does not extend the session.
    """
    settings: Settings = request.app.state.settings
    session = SessionCodec(settings).loads(request.cookies.get(COOKIE_NAME))
    if session.key is None:
        return None
    return (await resolve_staff_session(session.key, settings, touch=False)).staff


def session_of(request: Request) -> Session:
    """The session the admin's middleware loaded for this request."""
    return request.state.admin_session
