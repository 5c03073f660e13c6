"""Reading the query string of list pages: bounded text, positive ids, one enum value."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar
from urllib.parse import urlencode

from starlette.exceptions import HTTPException
from starlette.requests import Request

from ...ids import db_id, db_id_text

E = TypeVar("E", bound=Enum)
T = TypeVar("T")
PAGE_SIZE = 25


def text_param(request: Request, name: str, max_length: int = 200) -> str:
    return (request.query_params.get(name) or "").strip()[:max_length]


def id_param(request: Request, name: str) -> int | None:
    """A positive id from the query string; anything else counts as not given."""
    return db_id_text(request.query_params.get(name) or "")


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
    value = db_id(request.path_params[name])
    if value is None:
        raise HTTPException(404, "There is no such page.")
    return value


def or_404(row: T | None) -> T:
    """The row, or the admin's 404 page."""
    if row is None:
        raise HTTPException(404, "There is no such page.")
    return row
