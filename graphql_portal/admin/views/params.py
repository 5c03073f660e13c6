"""Reading the query string of list pages: bounded text, positive ids, one enum value."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request

E = TypeVar("E", bound=Enum)
T = TypeVar("T")
PAGE_SIZE = 25
# Primary keys are 32-bit integers; a bigger number cannot be a row (and PostgreSQL would refuse it).
MAX_ID = 2**31


def text_param(request: Request, name: str, max_length: int = 200) -> str:
    return (request.query_params.get(name) or "").strip()[:max_length]


def id_param(request: Request, name: str) -> int | None:
    """A positive id from the query string; anything else counts as not given."""
    raw = request.query_params.get(name) or ""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 10):
        return None
    return int(raw) if 0 < int(raw) < MAX_ID else None


def enum_param(request: Request, name: str, enum: type[E]) -> E | None:
    try:
        return enum(request.query_params.get(name) or "")
    except ValueError:
        return None


def query_string(**params: object) -> str:
    """`?a=1&b=x` of the params that are set (empty string when none is)."""
    kept = {
        key: str(value.value if isinstance(value, Enum) else value) for key, value in params.items() if value
    }
    return "?" + urlencode(kept) if kept else ""


def path_id(request: Request, name: str) -> int:
    """An id from the path (the route already matched digits); beyond the column's range it is
    simply not there."""
    value = request.path_params[name]
    if not 0 < value < MAX_ID:
        raise HTTPException(404, "There is no such page.")
    return value


def or_404(row: T | None) -> T:
    """The row, or the admin's 404 page."""
    if row is None:
        raise HTTPException(404, "There is no such page.")
    return row
