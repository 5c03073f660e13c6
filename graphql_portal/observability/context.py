"""Whose work a log line, a span or a job belongs to: the request id, and the operation or order.

A request id comes from the client's `X-Request-ID` when it is 1 to 128 visible ASCII characters,
else it is made here. It lives in a context variable for the request's task (and the tasks it
starts); a job stores the id of the request that queued it, and the worker sets it again around
the job's run, so an order's email log lines name the submit's request.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

MAX_REQUEST_ID_LENGTH = 128
_VISIBLE_ASCII = re.compile(rf"[\x21-\x7e]{{1,{MAX_REQUEST_ID_LENGTH}}}")

_request_id: ContextVar[str | None] = ContextVar("portal_request_id", default=None)
# What else is known about the work in hand (`operation`, `order`), for the log lines it writes.
_fields: ContextVar[dict[str, Any] | None] = ContextVar("portal_log_fields", default=None)


def new_request_id() -> str:
    """A fresh random id (32 hexadecimal characters)."""
    return uuid.uuid4().hex


def acceptable_request_id(value: str | None) -> bool:
    """Whether a client's `X-Request-ID` may be used as it is: 1 to 128 visible ASCII characters."""
    return bool(value) and _VISIBLE_ASCII.fullmatch(value) is not None


def current_request_id() -> str | None:
    """The id of the request (or job) this code runs for, if any."""
    return _request_id.get()


def current_fields() -> dict[str, Any]:
    return _fields.get() or {}


@contextlib.contextmanager
def working_for(request_id: str | None, **fields: Any) -> Iterator[str]:
    """Run the block as the work of `request_id` (a new one when None), with these log fields."""
    request_id = request_id or new_request_id()
    id_token = _request_id.set(request_id)
    fields_token = _fields.set({k: v for k, v in fields.items() if v is not None})
    try:
        yield request_id
    finally:
        _fields.reset(fields_token)
        _request_id.reset(id_token)


def set_log_field(name: str, value: Any) -> None:
    """Name what the current request or job works on (`operation`, `order`) in its later log lines."""
    fields = _fields.get()
    if fields is None:
        _fields.set({name: value})
    else:
        fields[name] = value
