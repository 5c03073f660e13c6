"""Scalars whose input the API reads more strictly than Strawberry's defaults."""

from __future__ import annotations

import datetime as dt
import re

import strawberry

_CALENDAR_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> dt.date:
    """Only `YYYY-MM-DD`: Python's `date.fromisoformat` also reads `20261208` and `2026-W50-3`,
    forms a client's typo can produce and no person reads as a date at a glance."""
    if not isinstance(value, str) or not _CALENDAR_DATE.fullmatch(value):
        raise ValueError(f"Expected a date as YYYY-MM-DD, such as 2026-12-08; got {str(value)[:40]!r}.")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a day of the calendar.") from None


SCALAR_MAP = {
    dt.date: strawberry.scalar(
        name="Date",
        description="A calendar date, YYYY-MM-DD (ISO 8601).",
        serialize=dt.date.isoformat,
        parse_value=parse_date,
    )
}
