"""The one source of the current time: UTC-aware, injectable, so date rules can be tested on any day."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
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


class FileClock:
    """The time written in a file (ISO 8601 with an offset), read on every call.

    Set with `PORTAL_CLOCK_FILE` to run the service and its worker processes on a chosen day, e.g.
    to rehearse what happens on the 1st of next month; tests move it by rewriting the file.
    """

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    def now(self) -> dt.datetime:
        text = self.path.read_text().strip()
        return _utc(dt.datetime.fromisoformat(text))

    def set(self, at: dt.datetime) -> None:
        self.path.write_text(_utc(at).isoformat())
