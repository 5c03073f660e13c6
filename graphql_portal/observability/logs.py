"""Log records are cleaned where they are made, whichever logger or handler writes them.

- An emailed link's token (`/invitation/<token>`) never reaches a log line: uvicorn's access log
  records the first request of every link, and a message may quote a path.
- A warning or error never carries a request's value in full: a message, an argument or a line of
  a traceback longer than `MAX_LOGGED_CHARS` is cut (with its length said), so a megabyte of
  hostile input is not written to the log once per error.

Done by the log-record factory, so it holds for uvicorn's loggers, the libraries' and ours alike,
however the handlers are configured.
"""

from __future__ import annotations

import logging
import re
import traceback
from typing import Any

MAX_LOGGED_CHARS = 500
_LINK = re.compile(r"(/invitation/)[^\s?#\"'<>]+")


def redact(text: str, *, limit: int | None = None) -> str:
    """`text` without link tokens, cut to `limit` characters when it is longer."""
    text = _LINK.sub(r"\1[redacted]", text)
    if limit is not None and len(text) > limit:
        text = f"{text[:limit]}… ({len(text)} characters)"
    return text


def _clean(value: Any, limit: int | None) -> Any:
    """A message or argument as it may be logged (objects become their text when cleaned)."""
    if isinstance(value, str):
        return redact(value, limit=limit)
    if limit is not None and not isinstance(value, int | float | bool | type(None)):
        shown = str(value)
        if len(shown) > limit or _LINK.search(shown):
            return redact(shown, limit=limit)
    return value


def _clean_record(record: logging.LogRecord) -> None:
    limit = MAX_LOGGED_CHARS if record.levelno >= logging.WARNING else None
    record.msg = _clean(record.msg, limit)
    if isinstance(record.args, tuple):
        record.args = tuple(_clean(arg, limit) for arg in record.args)
    elif isinstance(record.args, dict):
        record.args = {key: _clean(arg, limit) for key, arg in record.args.items()}
    if record.exc_info and record.exc_info[1] is not None:
        lines = traceback.format_exception(*record.exc_info)
        record.exc_text = "".join(redact(line, limit=limit) for line in lines).rstrip("\n")


class _RedactingFactory:
    def __init__(self, inner) -> None:
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.inner(*args, **kwargs)
        _clean_record(record)
        return record


def install_log_redaction() -> None:
    """Clean every log record made from now on in this process (idempotent)."""
    if not isinstance(logging.getLogRecordFactory(), _RedactingFactory):
        logging.setLogRecordFactory(_RedactingFactory(logging.getLogRecordFactory()))
