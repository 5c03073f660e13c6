"""The partner's reference and the effective date of a change order: defaults and limits.

Pure functions of plain values; "today" is always passed in (the UTC date of the caller's clock),
so every rule can be tested on any day.
"""

from __future__ import annotations

import datetime as dt

from .errors import ErrorCode, UserError

F_PARTNER_REFERENCE = ("input", "partnerReference")
F_EFFECTIVE_ON = ("input", "effectiveOn")
REFERENCE_MAX_LENGTH = 64
MAX_DAYS_AHEAD = 31


def read_partner_reference(value: object) -> tuple[str | None, list[UserError]]:
    """The reference as stored: None when not given, else trimmed, 1 to 64 printable characters.

    `str.isprintable` refuses control characters and also the invisible format characters
    (bidirectional overrides, zero-width joiners) that would make two references look alike.
    """
    if value is None:
        return None, []
    if not isinstance(value, str):
        return None, [_reference_error("The partner reference must be text.")]
    reference = value.strip()
    if not reference:
        return None, [
            _reference_error("The partner reference is empty; leave it out or give 1 to 64 characters.")
        ]
    if len(reference) > REFERENCE_MAX_LENGTH:
        return None, [
            _reference_error(
                f"The partner reference has {len(reference)} characters; "
                f"at most {REFERENCE_MAX_LENGTH} are allowed."
            )
        ]
    if not reference.isprintable():
        return None, [_reference_error("The partner reference may hold only printable characters.")]
    return reference, []


def reference_key(reference: str) -> str:
    """What a reference is found by: trimmed and in lower case, so `po-4711 ` finds `PO-4711`."""
    return reference.strip().lower()


def _reference_error(message: str) -> UserError:
    return UserError(ErrorCode.INVALID_INPUT, message, F_PARTNER_REFERENCE)


def first_of_next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def latest_effective_date(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=MAX_DAYS_AHEAD)


def default_effective_date(today: dt.date, seat_adjustment: int) -> dt.date:
    """Today; for a seat decrease the 1st of next month (a decrease never lowers a month begun)."""
    return first_of_next_month(today) if seat_adjustment < 0 else today


def effective_date(
    requested: object, today: dt.date, seat_adjustment: int | None
) -> tuple[dt.date | None, list[UserError]]:
    """The date the change takes effect, or why the requested one is not allowed.

    Allowed: today to today + 31 days; a seat decrease only on the 1st of a month after today's.
    A seat adjustment that could not be read (None) judges the date by the window alone.
    """
    if requested is None:
        return default_effective_date(today, seat_adjustment or 0), []
    if isinstance(requested, dt.datetime) or not isinstance(requested, dt.date):
        return None, [_date_error("The effective date must be a calendar date such as 2026-12-01.")]
    latest = latest_effective_date(today)
    if requested < today:
        return None, [
            _date_error(f"The effective date {requested} has passed; the earliest is today, {today}.")
        ]
    if requested > latest:
        return None, [
            _date_error(
                f"The effective date {requested} is too far ahead; the latest is {latest} "
                f"({MAX_DAYS_AHEAD} days from today)."
            )
        ]
    if seat_adjustment is not None and seat_adjustment < 0:
        earliest = first_of_next_month(today)
        if requested.day != 1 or requested < earliest:
            return None, [
                _date_error(
                    f"A seat decrease takes effect on the 1st of a month; the earliest is {earliest}."
                )
            ]
    return requested, []


def _date_error(message: str) -> UserError:
    return UserError(ErrorCode.EFFECTIVE_DATE_NOT_ALLOWED, message, F_EFFECTIVE_ON)
