"""Passwords: argon2 hashing off the event loop, and the rules a new password must meet.

argon2 takes about 85 ms per hash or verification. Run on the event loop, a burst of sign-ins
would stall every other request and the in-process worker, so each runs in a worker thread, at
most `MAX_CONCURRENT_HASHES` at a time: one verification already runs four lanes in parallel (the
hasher's parallelism), so running more at once would only take the cores from the event loop.
"""

from __future__ import annotations

import asyncio
import functools
import secrets
import weakref

import anyio
import anyio.to_thread
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12
# argon2's time grows with the input; nobody's password is longer than this.
MAX_PASSWORD_LENGTH = 1024
MAX_CONCURRENT_HASHES = 1

_hasher = PasswordHasher()
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _limiter() -> anyio.CapacityLimiter:
    """One limiter per event loop (a limiter belongs to the loop it was first used in)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(MAX_CONCURRENT_HASHES)
    return limiter


@functools.cache
def _dummy_hash() -> str:
    """A hash to verify against when there is no real one, so timing does not reveal accounts.

    Made on first use rather than at import: every CLI command imports this module.
    """
    return _hasher.hash(secrets.token_urlsafe(16))


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        _hasher.verify(password_hash or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return password_hash is not None


def needs_rehash(password_hash: str | None) -> bool:
    """Whether a stored hash was made with other parameters than today's (upgrade it at sign-in)."""
    if not password_hash:
        return False
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return False


async def hash_password(password: str) -> str:
    """The argon2 hash of `password`, computed in a worker thread."""
    return await anyio.to_thread.run_sync(_hasher.hash, password, limiter=_limiter())


async def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches; with no hash, a dummy verification spends the same time."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    return await anyio.to_thread.run_sync(_verify, password_hash, password, limiter=_limiter())


def check_password_rules(email: str, password: str) -> str | None:
    """Why `password` may not be chosen by the owner of `email`, or None when it may."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"The password needs at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"The password may have at most {MAX_PASSWORD_LENGTH} characters."
    local_part = email.strip().rpartition("@")[0].lower()
    if local_part and local_part in password.lower():
        return "The password must not contain the part of your email address before the @."
    return None
