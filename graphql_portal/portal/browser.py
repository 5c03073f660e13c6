"""What the portal keeps in the browser besides the session key: a signed cookie with the CSRF
token used before sign-in and the flash messages for the next page.

The signed-in session itself is a row on the server (see `auth`); its cookie holds only the
random key. This cookie is signed, not encrypted: its holder can read it but not change it.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from itsdangerous import BadSignature, URLSafeSerializer

from ..auth import constant_time_equal
from ..settings import Settings

SESSION_COOKIE = "portal_session"
STATE_COOKIE = "portal_state"
LINK_COOKIE = "portal_link"  # an emailed link's token, on its way to the page at /invitation
LINK_COOKIE_SECONDS = 15 * 60
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
_SALT = "graphql-portal.portal-state"
_TOKEN_CHARACTERS = re.compile(r"[A-Za-z0-9_-]{1,200}")
_MAX_FLASHES = 5
_MAX_FLASH_LENGTH = 500


@dataclass
class BrowserState:
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    flashes: list[tuple[str, str]] = field(default_factory=list)

    def flash(self, level: str, message: str) -> None:
        """Queue a message for the next page shown (`level`: "ok" or "error")."""
        self.flashes = [*self.flashes, (level, message[:_MAX_FLASH_LENGTH])][-_MAX_FLASHES:]

    def pop_flashes(self) -> list[tuple[str, str]]:
        flashes, self.flashes = self.flashes, []
        return flashes

    def renew_csrf(self) -> None:
        self.csrf = secrets.token_urlsafe(32)

    def fingerprint(self) -> tuple:
        return (self.csrf, tuple(self.flashes))


class Cookies:
    """Reads and writes the portal's two cookies with the flags the settings ask for."""

    def __init__(self, settings: Settings) -> None:
        self._serializer = URLSafeSerializer(settings.secret_key, salt=_SALT)
        secure = "; Secure" if settings.secure_cookies else ""
        self._flags = "; Path=/; HttpOnly; SameSite=Lax" + secure
        self._link_flags = "; Path=/invitation; HttpOnly; SameSite=Lax" + secure

    def load_state(self, value: str | None) -> BrowserState:
        """The state in `value`; a fresh one when it is missing, forged or malformed."""
        if not value:
            return BrowserState()
        try:
            data = self._serializer.loads(value)
            return BrowserState(
                csrf=str(data["c"]),
                flashes=[(str(level), str(text)) for level, text in data["f"]][-_MAX_FLASHES:],
            )
        except (BadSignature, KeyError, TypeError, ValueError):
            return BrowserState()

    def state_header(self, state: BrowserState) -> str:
        value = self._serializer.dumps({"c": state.csrf, "f": state.flashes})
        return f"{STATE_COOKIE}={value}{self._flags}"

    def session_header(self, key: str | None) -> str:
        """Set the session key, or (None) remove the cookie."""
        if key is None:
            return f"{SESSION_COOKIE}=; Max-Age=0{self._flags}"
        return f"{SESSION_COOKIE}={key}{self._flags}"

    def link_header(self, token: str | None) -> str:
        """Keep an emailed link's token for the page at /invitation, or (None, or a token that
        cannot be one of ours) remove it."""
        if token is None or not _TOKEN_CHARACTERS.fullmatch(token):
            return f"{LINK_COOKIE}=; Max-Age=0{self._link_flags}"
        return f"{LINK_COOKIE}={token}; Max-Age={LINK_COOKIE_SECONDS}{self._link_flags}"


def csrf_matches(expected: str | None, given: object) -> bool:
    return bool(expected) and isinstance(given, str) and bool(given) and constant_time_equal(given, expected)
