"""Opaque keyset cursors and the page shape every connection returns."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import bad_input


@dataclass
class Page:
    """A page of rows; cursors are made only for the rows a client asks a cursor of."""

    items: list[Any]
    has_next_page: bool
    cursor_of: Callable[[Any], str]
    total_count: int | None = None

    @property
    def end_cursor(self) -> str | None:
        return self.cursor_of(self.items[-1]) if self.items else None


def encode_cursor(*key: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    """The key inside a cursor this server issued; anything else is a client error."""
    try:
        if len(cursor) > 512:
            raise ValueError
        key = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(key, list) or len(key) != arity:
            raise ValueError
    except (ValueError, binascii.Error, UnicodeDecodeError, TypeError):
        raise bad_input("`after` is not a cursor returned by this API.") from None
    return key


def check_first(first: int, cap: int) -> int:
    if first < 0:
        raise bad_input("`first` must not be negative.")
    if first > cap:
        raise bad_input(f"`first` may be at most {cap}.")
    return first
