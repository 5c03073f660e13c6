"""Opaque global IDs: clients see `base64url("Type:pk")` and must not parse it."""

from __future__ import annotations

import base64
import binascii


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
    if sep != ":" or kind != type_name or not pk.isdigit() or len(pk) > 18:
        return None
    number = int(pk)
    return number if 0 < number < 2**63 else None
