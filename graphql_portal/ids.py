"""Opaque global IDs, and the one rule for what can be a database id.

Clients see `base64url("Type:pk")` and must not parse it.
"""

from __future__ import annotations

import base64
import binascii

# Every primary key is an `IntField` (a 32-bit signed SERIAL on PostgreSQL): a larger number
# cannot be a row, and PostgreSQL would refuse it as a query parameter rather than find nothing.
MAX_DB_ID = 2**31 - 1
_MAX_DB_ID_DIGITS = len(str(MAX_DB_ID))


def db_id(value: object) -> int | None:
    """`value` when it can be a primary key (an int in 1..MAX_DB_ID, not a bool), else None."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_DB_ID:
        return value
    return None


def db_id_text(text: str) -> int | None:
    """The id written in `text` (ASCII digits only, as in a URL), when it can be a primary key."""
    if not (text.isascii() and text.isdigit() and len(text) <= _MAX_DB_ID_DIGITS):
        return None
    return db_id(int(text))


def encode_id(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def decode_id(value: str, type_name: str) -> int | None:
    """The primary key inside `value` when it is an ID of `type_name`, else None."""
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    kind, sep, pk = raw.partition(":")
    if sep != ":" or kind != type_name:
        return None
    return db_id_text(pk)


# The tables made with 64-bit keys from the start (the audit trail, webhook endpoints and their
# deliveries) take ids up to this; the rule above holds for every other table.
MAX_BIG_DB_ID = 2**63 - 1
_MAX_BIG_DB_ID_DIGITS = len(str(MAX_BIG_DB_ID))


def big_db_id(value: object) -> int | None:
    """`value` when it can be a 64-bit primary key (an int in 1..MAX_BIG_DB_ID, not a bool)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_BIG_DB_ID:
        return value
    return None


def decode_big_id(value: str, type_name: str) -> int | None:
    """`decode_id` for the types whose rows have 64-bit keys."""
    if not isinstance(value, str) or not 0 < len(value) <= 64:
        return None
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    kind, sep, pk = raw.partition(":")
    if sep != ":" or kind != type_name or not (pk.isascii() and pk.isdigit()):
        return None
    return big_db_id(int(pk)) if len(pk) <= _MAX_BIG_DB_ID_DIGITS else None
