"""Errors a user can fix are values: a code clients switch on, the field at fault, a message."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ErrorCode(str, Enum):
    NOT_FOUND = "NOT_FOUND"
    FORBIDDEN = "FORBIDDEN"
    INVALID_INPUT = "INVALID_INPUT"
    NOT_ELIGIBLE = "NOT_ELIGIBLE"
    INVALID_SEAT_COUNT = "INVALID_SEAT_COUNT"
    PRODUCT_CHANGE_WITH_SEAT_DOWNGRADE = "PRODUCT_CHANGE_WITH_SEAT_DOWNGRADE"
    PRODUCT_NOT_AVAILABLE = "PRODUCT_NOT_AVAILABLE"
    ADDON_NOT_ENABLED = "ADDON_NOT_ENABLED"
    ADDON_NOT_AVAILABLE = "ADDON_NOT_AVAILABLE"
    ALREADY_HELD = "ALREADY_HELD"
    NOTHING_TO_CHANGE = "NOTHING_TO_CHANGE"
    UNKNOWN_USER = "UNKNOWN_USER"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    ALREADY_ACTIVE = "ALREADY_ACTIVE"
    MSA_NOT_CONFIRMED = "MSA_NOT_CONFIRMED"
    AUTHORIZATION_NOT_CONFIRMED = "AUTHORIZATION_NOT_CONFIRMED"
    REVIEW_EXPIRED = "REVIEW_EXPIRED"
    REVIEW_STALE = "REVIEW_STALE"
    EFFECTIVE_DATE_NOT_ALLOWED = "EFFECTIVE_DATE_NOT_ALLOWED"
    CHANGE_PENDING = "CHANGE_PENDING"
    NOT_CANCELLABLE = "NOT_CANCELLABLE"
    INVALID_URL = "INVALID_URL"
    URL_NOT_ALLOWED = "URL_NOT_ALLOWED"
    LAST_ADMIN = "LAST_ADMIN"


@dataclass(frozen=True)
class UserError:
    """`field` is the path to the input field at fault, e.g. ("input", "seatAdjustment")."""

    code: ErrorCode
    message: str
    field: tuple[str, ...] | None = None


MAX_ECHO = 40


def quote(value: object) -> str:
    """A client-supplied value for a message: repr'd and cut to a bounded prefix.

    Messages echo what the client sent so it can find its mistake, but never more than a short
    prefix: a 10,000-character SKU must not come back in full.
    """
    text = value if isinstance(value, str) else repr(value)
    if len(text) > MAX_ECHO:
        text = text[:MAX_ECHO] + "…"
    return repr(text)
