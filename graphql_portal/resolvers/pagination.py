"""Opaque keyset cursors and the page shape every connection returns."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..ids import db_id
from .errors import bad_input

NOT_A_CURSOR = "`after` is not a cursor returned by this API."


@dataclass
class Page:
    """A page of rows; cursors are made only for the rows a client asks a cursor of."""

    items: list[Any]
    has_next_page: bool
    cursor_of: Callable[[Any], str]
    total_count: int | None = None
    after: str | None = None  # the cursor the page was asked for
    # Rows come before this page: it was asked for after a cursor, or backwards with more left.
    has_previous_page: bool | None = None
    before: str | None = None  # the cursor a backward page was asked for
    # How many rows the list has across its pages, counted only when asked (`totalCount`).
    count: Callable[[], Awaitable[int]] | None = None

    def __post_init__(self) -> None:
        if self.has_previous_page is None:
            self.has_previous_page = self.after is not None

    @property
    def end_cursor(self) -> str | None:
        """The last row's cursor; on an empty page the one it was asked with, so a sync keeps its place."""
        return self.cursor_of(self.items[-1]) if self.items else (self.after or self.before)

    @property
    def start_cursor(self) -> str | None:
        """The first row's cursor (`before` it is the page in front of this one)."""
        return self.cursor_of(self.items[0]) if self.items else (self.before or self.after)


# json.dumps with any non-default option builds an encoder per call; this is that encoder, once.
_COMPACT = json.JSONEncoder(separators=(",", ":"))


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(_COMPACT.encode(key).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    """The key inside a cursor this server issued; anything else is a client error."""
    try:
        if len(cursor) > 512:
            raise ValueError
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(key, list) or len(key) != arity:
            raise ValueError
    except (ValueError, binascii.Error, UnicodeDecodeError, TypeError):
        raise bad_input(NOT_A_CURSOR) from None
    return key


def instant_cursor(cursor: str, ordering: str | None = None) -> tuple[dt.datetime, int]:
    """`(instant, id)` of a cursor into a list ordered by a timestamp, then id.

    Forged contents (an id no row can have, an instant without offset or beyond what UTC can
    hold) are refused here, before they reach the database or the date arithmetic. A list with
    more than one ordering names it in its cursors (`ordering`, the default ordering's cursors
    name none), so a cursor is refused by any ordering but its own.
    """
    if ordering is None:
        instant, last_id = decode_cursor(cursor, 2)
    else:
        instant, last_id, named = decode_cursor(cursor, 3)
        if named != ordering:
            raise bad_input(NOT_A_CURSOR)
    pk = db_id(last_id)
    if pk is None or not isinstance(instant, str):
        raise bad_input(NOT_A_CURSOR)
    try:
        at = dt.datetime.fromisoformat(instant)
        if at.tzinfo is None:
            raise ValueError(instant)
        return at.astimezone(dt.UTC), pk
    except (ValueError, OverflowError):
        raise bad_input(NOT_A_CURSOR) from None


def name_cursor(cursor: str) -> tuple[str, int]:
    """`(name, id)` of a cursor into a list ordered by name, then id."""
    name, last_id = decode_cursor(cursor, 2)
    pk = db_id(last_id)
    if pk is None or not isinstance(name, str) or not storable(name):
        raise bad_input(NOT_A_CURSOR)
    return name, pk


def keyed_cursor(cursor: str, ordering: str | None, kind: type) -> tuple[Any, int]:
    """`(value, id)` of a cursor into a list ordered by a value of `kind` (str, int or Decimal,
    the last kept as its text), then id; named by its `ordering` like `instant_cursor`'s."""
    if ordering is None:
        value, last_id = decode_cursor(cursor, 2)
    else:
        value, last_id, named = decode_cursor(cursor, 3)
        if named != ordering:
            raise bad_input(NOT_A_CURSOR)
    pk = db_id(last_id)
    if pk is None:
        raise bad_input(NOT_A_CURSOR)
    if kind is int and isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**31:
        return value, pk
    if kind is str and isinstance(value, str) and storable(value):
        return value, pk
    if kind is Decimal and isinstance(value, str) and len(value) <= 32:
        try:
            amount = Decimal(value)
        except ArithmeticError:
            raise bad_input(NOT_A_CURSOR) from None
        if amount.is_finite():
            return amount, pk
    raise bad_input(NOT_A_CURSOR)


def storable(text: str) -> bool:
    """Whether a database can compare `text`: no NUL (PostgreSQL refuses it), valid UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # an unpaired surrogate from JSON's \ud800
        return False
    return "\x00" not in text


def check_first(first: int, cap: int, name: str = "first") -> int:
    if first < 0:
        raise bad_input(f"`{name}` must not be negative.")
    if first > cap:
        raise bad_input(f"`{name}` may be at most {cap}.")
    return first
