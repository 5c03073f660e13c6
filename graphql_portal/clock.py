"""The one source of the current time: UTC-aware, injectable, so date rules can be tested on any day."""

from __future__ import annotations

import datetime as dt
from typing import Protocol


class Clock(Protocol):
    def now(self) -> dt.datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class FixedClock:
    """A clock that stands still until told to move: for tests and for replaying a given day."""

    def __init__(self, at: dt.datetime) -> None:
        self._at = _utc(at)

    def now(self) -> dt.datetime:
        return self._at

    def set(self, at: dt.datetime) -> None:
        self._at = _utc(at)

    def advance(self, delta: dt.timedelta) -> None:
        self._at += delta


def _utc(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("a clock needs a timezone-aware time")
    return at.astimezone(dt.UTC)


SYSTEM_CLOCK = SystemClock()


def today(clock: Clock) -> dt.date:
    """Today's UTC date on `clock`."""
    return clock.now().astimezone(dt.UTC).date()
