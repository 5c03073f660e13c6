"""Sign-in throttling, kept in the database so every server process shares it.

Each attempt is counted before the password is checked, with one atomic upsert per key, so N
concurrent guesses use N of the allowance. Two keys are counted, in fixed windows of
`settings.signin_window_seconds`:

- the client address: after `signin_address_limit` attempts in a window, further attempts from
  that address are refused (429) until the window ends. A correct password gives its own attempt
  back, so people who sign in successfully never use up their address's allowance.
- the account (the lower-cased email): never refused, so a flood from one address cannot lock the
  owner out from another; after `signin_account_free_attempts` attempts in a window, each further
  attempt waits before the password is checked, 1 s, 2 s, 4 s, ... up to
  `signin_delay_max_seconds`. A correct password clears the account's count.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from tortoise import connections

from ..settings import Settings

_UPSERT = """
INSERT INTO signin_counter ("key", window_start, attempts) VALUES ({0}, {1}, 1)
ON CONFLICT ("key") DO UPDATE SET
  attempts = CASE WHEN signin_counter.window_start <= {2} THEN 1
             ELSE signin_counter.attempts + 1 END,
  window_start = CASE WHEN signin_counter.window_start <= {2} THEN excluded.window_start
                 ELSE signin_counter.window_start END
RETURNING attempts, window_start
"""
_GIVE_BACK = (
    'UPDATE signin_counter SET attempts = attempts - 1 WHERE "key" = {0} AND window_start = {1} '
    "AND attempts > 0"
)
_CLEAR = 'DELETE FROM signin_counter WHERE "key" = {0}'
# Counters are kept at least this long, the longest window any of them uses; the worker's
# housekeeping (fulfilment/housekeeping.py) deletes them after that.
LONGEST_WINDOW_SECONDS = 60 * 60


def _sql(template: str, count: int) -> str:
    """`template` with the numbered placeholders of the connection's dialect."""
    mark = "$" if connections.get("default").capabilities.dialect == "postgres" else "?"
    marks = [f"{mark}{n + 1}" for n in range(count)]
    return template.format(*marks)


async def _execute(template: str, values: list) -> list[dict]:
    return await connections.get("default").execute_query_dict(_sql(template, len(values)), values)


@dataclass(frozen=True)
class Admission:
    """The outcome of counting an attempt: refused (`retry_after` seconds), or allowed after
    waiting `delay` seconds."""

    retry_after: int | None = None
    delay: float = 0.0
    address_key: str | None = None
    address_window: int | None = None
    account_key: str = ""

    @property
    def refused(self) -> bool:
        return self.retry_after is not None

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil((self.retry_after or 0) / 60))
        return f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes != 1 else ''}."


async def _count(key: str, now: int, window: int) -> tuple[int, int]:
    (row,) = await _execute(_UPSERT, [key, now, now - window])
    return int(row["attempts"]), int(row["window_start"])


def account_delay(attempts: int, settings: Settings) -> float:
    """Seconds to wait before checking the password of the account's `attempts`-th attempt."""
    over = attempts - settings.signin_account_free_attempts
    if over <= 0:
        return 0.0
    return min(settings.signin_delay_max_seconds, 2.0 ** min(over - 1, 30))


async def admit(realm: str, email: str, address: str | None, settings: Settings) -> Admission:
    """Count one sign-in attempt for `email` (of `realm`: "staff" or "partner") from `address`."""
    now = int(time.time())
    window = settings.signin_window_seconds
    address_key = address_window = None
    if address:
        address_key = f"address:{address[:200]}"
        attempts, address_window = await _count(address_key, now, window)
        if attempts > settings.signin_address_limit:
            return Admission(retry_after=max(1, address_window + window - now))
    account_key = f"account:{realm}:{email.strip().lower()[:254]}"
    attempts, _ = await _count(account_key, now, window)
    return Admission(
        delay=account_delay(attempts, settings),
        address_key=address_key,
        address_window=address_window,
        account_key=account_key,
    )


async def succeeded(admission: Admission) -> None:
    """A correct password: clear the account's count and give the address its attempt back."""
    await _execute(_CLEAR, [admission.account_key])
    if admission.address_key is not None:
        await _execute(_GIVE_BACK, [admission.address_key, admission.address_window])


async def take(key: str, limit: int, window: int) -> int | None:
    """Count one use of `key` in fixed windows of `window` seconds. None while this use is within
    `limit`; else the seconds until the window ends (answer 429 with that as Retry-After)."""
    if window > LONGEST_WINDOW_SECONDS:
        raise ValueError(f"a window of {window} s outlives the counters' pruning")
    now = int(time.time())
    attempts, window_start = await _count(key[:250], now, window)
    if attempts > limit:
        return max(1, window_start + window - now)
    return None


async def give_back(key: str, window: int) -> None:
    """Undo one use of `key` in its current window (a use that turned out to be legitimate)."""
    now = int(time.time())
    await _execute(
        'UPDATE signin_counter SET attempts = attempts - 1 WHERE "key" = {0} AND window_start > {1} '
        "AND attempts > 0",
        [key[:250], now - window],
    )
