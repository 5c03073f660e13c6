"""Log records are cleaned where they are made, whichever logger or handler writes them.

- An emailed link's token (`/invitation/<token>`) never reaches a log line: uvicorn's access log
  records the first request of every link, and a message may quote a path.
- A warning or error never carries a request's value in full: a message, an argument or a line of
  a traceback longer than `MAX_LOGGED_CHARS` is cut (with its length said), so a megabyte of
  hostile input is not written to the log once per error.

Done by the log-record factory, so it holds for uvicorn's loggers, the libraries' and ours alike,
however the handlers are configured. The same factory stamps each record with the request id and
what the work is about (`operation`, `order`), from `context`.

`configure_logging` writes every record to stderr (stdout stays for what a command prints, such as
a token), as readable text or, with `PORTAL_LOG_FORMAT=json`, as one JSON object a line.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import traceback
from typing import IO, Any

from pythonjsonlogger.json import JsonFormatter

from ..settings import LOG_FORMATS
from .context import current_fields, current_request_id

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
        record.request_id = current_request_id()
        for name, value in current_fields().items():
            setattr(record, name, value)
        return record


def install_log_redaction() -> None:
    """Clean every log record made from now on in this process (idempotent)."""
    if not isinstance(logging.getLogRecordFactory(), _RedactingFactory):
        logging.setLogRecordFactory(_RedactingFactory(logging.getLogRecordFactory()))


def _iso_time(created: float) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(created))
    return f"{seconds}.{int(created % 1 * 1000):03d}Z"


class TextFormatter(logging.Formatter):
    """`2026-12-01T10:00:00.123Z INFO graphql_portal.worker [3f2a...] message`, the id when known."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = " ".join(
            f"{name}={value}" for name in ("operation", "order") if (value := getattr(record, name, None))
        )
        request_id = getattr(record, "request_id", None)
        prefix = f"{_iso_time(record.created)} {record.levelname} {record.name}"
        if request_id:
            prefix += f" [{request_id}]"
        if context:
            prefix += f" ({context})"
        return f"{prefix}: {line}"


class OneLineJsonFormatter(JsonFormatter):
    """One JSON object a line: `time level logger message request_id`, `operation` and `order`
    when known, a traceback as `exc_info` (as cleaned when the record was made)."""

    def __init__(self) -> None:
        super().__init__(
            "{levelname}{name}{message}{request_id}",
            style="{",
            rename_fields={"levelname": "level", "name": "logger"},
            json_ensure_ascii=False,
        )

    def add_fields(self, log_data: dict, record: logging.LogRecord, message_dict: dict) -> None:
        log_data["time"] = _iso_time(record.created)
        super().add_fields(log_data, record, message_dict)
        log_data.setdefault("request_id", None)
        log_data.pop("color_message", None)  # uvicorn's coloured copy of the message

    def format(self, record: logging.LogRecord) -> str:
        # The formatter would format the exception again from `exc_info`, past the cleaning.
        if record.exc_info and record.exc_text:
            exc_info, record.exc_info = record.exc_info, None
            try:
                return super().format(record)
            finally:
                record.exc_info = exc_info
        return super().format(record)


class _PortalHandler(logging.StreamHandler):
    """The one handler `configure_logging` installs (so configuring again replaces it)."""


def configure_logging(
    log_format: str = "text", level: int | str = logging.INFO, stream: IO | None = None
) -> None:
    """Send every log record (ours, uvicorn's, the libraries', warnings) to stderr in `log_format`."""
    if log_format not in LOG_FORMATS:
        raise ValueError(f"unknown log format {log_format!r}")
    install_log_redaction()
    handler = _PortalHandler(stream or sys.stderr)
    handler.setFormatter(OneLineJsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _PortalHandler | logging.StreamHandler)]:
        if isinstance(old, _PortalHandler) or getattr(old, "stream", None) in (sys.stderr, sys.stdout):
            root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)
