"""Slowing down password guessing on the sign-in form.

Failures are counted per account (the lower-cased email) and per client address. After
`max_failures` failures within `window` seconds, further attempts for that key are refused,
without checking the password, until `lockout` seconds after the latest failure. The counts live in
this process's memory: a restart forgets them, and several server processes count separately.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Refusal:
    """Why an attempt is refused and for how long (whole seconds, at least 1)."""

    retry_after: int


class SignInThrottle:
    def __init__(
        self,
        *,
        max_failures: int = 5,
        window: float = 15 * 60,
        lockout: float = 15 * 60,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window = window
        self.lockout = lockout
        self.max_keys = max_keys
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}

    def _keys(self, email: str, address: str | None) -> list[str]:
        keys = [f"account:{email.strip().lower()}"]
        if address:
            keys.append(f"address:{address}")
        return keys

    def _recent(self, key: str, now: float) -> deque[float]:
        """The key's latest failures, or none once they can no longer lead to a refusal."""
        failures = self._failures.get(key, deque())
        if failures and now - failures[-1] > max(self.window, self.lockout):
            failures.clear()
        return failures

    def check(self, email: str, address: str | None) -> Refusal | None:
        """A refusal when the account or the address has failed too often lately, else None."""
        now = self._clock()
        wait = 0.0
        for key in self._keys(email, address):
            failures = self._recent(key, now)
            if len(failures) >= self.max_failures and failures[-1] - failures[0] <= self.window:
                wait = max(wait, failures[-1] + self.lockout - now)
        return Refusal(retry_after=max(1, int(wait + 0.999))) if wait > 0 else None

    def failed(self, email: str, address: str | None) -> None:
        now = self._clock()
        if len(self._failures) >= self.max_keys:
            self._prune(now)
        for key in self._keys(email, address):
            failures = self._recent(key, now)
            failures.append(now)
            # Only the latest `max_failures` matter for a decision.
            while len(failures) > self.max_failures:
                failures.popleft()
            self._failures[key] = failures

    def succeeded(self, email: str) -> None:
        """A correct password clears the account's count (not the address's: an attacker's own
        account must not reset the count of the address it guesses from)."""
        self._failures.pop(self._keys(email, None)[0], None)

    def _prune(self, now: float) -> None:
        for key in list(self._failures):
            if not self._recent(key, now):
                del self._failures[key]
        # Under a flood of distinct keys, forget the oldest rather than grow without bound.
        while len(self._failures) >= self.max_keys:
            del self._failures[next(iter(self._failures))]
