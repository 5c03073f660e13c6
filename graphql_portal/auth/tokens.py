"""API tokens (hashed at rest) and the principal behind a request."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from tortoise.transactions import in_transaction

from ..email_addresses import email_key
from ..events import log as events
from ..models import ApiToken, PartnerUser, TokenKind, UserRole, UserStatus
from ..models.rows import live_token

TOKEN_PREFIX = "gpt"


class AuthError(ValueError):
    """A user mistake in an auth command (unknown email, unknown prefix, weak password)."""


@dataclass(frozen=True)
class Principal:
    """Who is asking: a partner user (with its role) or a read-only reconciliation job.

    A partner user arrives with an API token (`token_id`) or a portal session (`session_id`);
    the resolvers see the same principal either way.
    """

    kind: TokenKind
    token_id: int | None = None
    user: PartnerUser | None = None
    session_id: int | None = None

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


def principal_of_user(user: PartnerUser, *, session_id: int | None = None) -> Principal:
    """The principal of a partner user signed in through a portal session."""
    return Principal(kind=TokenKind.PARTNER_USER, user=user, session_id=session_id)


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
    async with in_transaction():
        record = await ApiToken.create(
            prefix=prefix,
            token_hash=hash_token(token),
            kind=TokenKind.PARTNER_USER,
            user=user,
            name=name or user.email,
        )
        await events.token_created(record)
    return IssuedToken(token, prefix, record)


async def create_reconciliation_token(name: str) -> IssuedToken:
    """Issue a read-only token that sees every partner's orders."""
    name = name.strip()
    if not name:
        raise AuthError("a reconciliation token needs a name")
    if len(name) > 200:
        raise AuthError("the name is longer than 200 characters")
    prefix, token = _new_token()
    async with in_transaction():
        record = await ApiToken.create(
            prefix=prefix, token_hash=hash_token(token), kind=TokenKind.RECONCILIATION, name=name
        )
        await events.token_created(record)
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
        async with in_transaction():
            await record.save(update_fields=["revoked_at"])
            await events.token_revoked(record)
    return record


async def authenticate(token: str | None) -> Principal | None:
    """The principal of a bearer token, or None when it is missing, unknown, revoked, or its user
    is deactivated."""
    if not token or len(token) > 200:
        return None
    found = await live_token(hash_token(token))
    if found is None:
        return None
    token_id, kind, last_used_at, user = found
    if user is not None and user.status is UserStatus.DEACTIVATED:
        return None
    now = dt.datetime.now(dt.UTC)
    # Recording use once a minute keeps reads from writing on every request.
    if last_used_at is None or now - last_used_at > dt.timedelta(minutes=1):
        await ApiToken.filter(id=token_id).update(last_used_at=now)
    return Principal(kind=kind, token_id=token_id, user=user)


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
