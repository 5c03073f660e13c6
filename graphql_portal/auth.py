"""API tokens (hashed at rest), the principal behind a request, and staff passwords."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from .email_addresses import email_key
from .models import ApiToken, PartnerUser, StaffUser, TokenKind, UserRole

TOKEN_PREFIX = "gpt"
_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when the email is unknown, so timing does not reveal accounts.

    Made on first sign-in rather than at import: every CLI command imports this module.
    """
    return _hasher.hash(secrets.token_urlsafe(16))


class AuthError(ValueError):
    """A user mistake in an auth command (unknown email, unknown prefix, weak password)."""


@dataclass(frozen=True)
class Principal:
    """Who is asking: a partner user (with its role) or a read-only reconciliation job."""

    kind: TokenKind
    token_id: int
    user: PartnerUser | None = None

    @property
    def partner_id(self) -> int | None:
        return self.user.partner_id if self.user else None

    @property
    def role(self) -> UserRole | None:
        return self.user.role if self.user else None

    @property
    def is_reconciliation(self) -> bool:
        return self.kind is TokenKind.RECONCILIATION

    def can_order(self) -> bool:
        return self.role in (UserRole.ADMIN, UserRole.ORDERING)

    def can_manage_users(self) -> bool:
        return self.role is UserRole.ADMIN


def hash_token(token: str) -> str:
    """Tokens carry 256 bits of randomness, so one SHA-256 is enough to keep them safe at rest."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _new_token() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


@dataclass(frozen=True)
class IssuedToken:
    token: str
    prefix: str
    record: ApiToken


async def create_user_token(email: str, name: str | None = None) -> IssuedToken:
    """Issue a token for the partner user with this email (any case)."""
    user = await PartnerUser.filter(email_key=email_key(email)).first()
    if user is None:
        raise AuthError(f"no partner user with email {email!r}")
    prefix, token = _new_token()
    record = await ApiToken.create(
        prefix=prefix,
        token_hash=hash_token(token),
        kind=TokenKind.PARTNER_USER,
        user=user,
        name=name or user.email,
    )
    return IssuedToken(token, prefix, record)


async def create_reconciliation_token(name: str) -> IssuedToken:
    """Issue a read-only token that sees every partner's orders."""
    name = name.strip()
    if not name:
        raise AuthError("a reconciliation token needs a name")
    if len(name) > 200:
        raise AuthError("the name is longer than 200 characters")
    prefix, token = _new_token()
    record = await ApiToken.create(
        prefix=prefix, token_hash=hash_token(token), kind=TokenKind.RECONCILIATION, name=name
    )
    return IssuedToken(token, prefix, record)


async def revoke_token(prefix: str) -> ApiToken:
    """Revoke by prefix (the part after `gpt_`, or the whole token)."""
    prefix = prefix.strip()
    if prefix.startswith(f"{TOKEN_PREFIX}_"):
        prefix = prefix.split("_")[1]
    record = await ApiToken.filter(prefix=prefix).first()
    if record is None:
        raise AuthError(f"no token with prefix {prefix!r}")
    if record.revoked_at is None:
        record.revoked_at = dt.datetime.now(dt.UTC)
        await record.save(update_fields=["revoked_at"])
    return record


async def authenticate(token: str | None) -> Principal | None:
    """The principal of a bearer token, or None when it is missing, unknown or revoked."""
    if not token or len(token) > 200:
        return None
    record = (
        await ApiToken.filter(token_hash=hash_token(token), revoked_at=None).select_related("user").first()
    )
    if record is None:
        return None
    now = dt.datetime.now(dt.UTC)
    # Recording use once a minute keeps reads from writing on every request.
    if record.last_used_at is None or now - record.last_used_at > dt.timedelta(minutes=1):
        await ApiToken.filter(id=record.id).update(last_used_at=now)
    return Principal(kind=record.kind, token_id=record.id, user=record.user)


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


async def create_staff_user(email: str, password: str) -> StaffUser:
    email = email.strip()
    if "@" not in email or len(email) > 254:
        raise AuthError(f"not an email address: {email!r}")
    if len(password) < 10:
        raise AuthError("the password must have at least 10 characters")
    if await StaffUser.filter(email_key=email.lower()).exists():
        raise AuthError(f"a staff user with email {email!r} exists already")
    return await StaffUser.create(email=email, email_key=email.lower(), password_hash=_hasher.hash(password))


async def verify_staff_password(email: str, password: str) -> StaffUser | None:
    """The active staff user with this email and password, or None (in constant-ish time)."""
    user = await StaffUser.filter(email_key=email.strip().lower(), is_active=True).first()
    try:
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None:
        return None
    user.last_login_at = dt.datetime.now(dt.UTC)
    await user.save(update_fields=["last_login_at"])
    return user


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
