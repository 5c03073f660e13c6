"""Log lines as text or one JSON object each, on stderr, cleaned when made; settings read strictly."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import warnings

import pytest

from graphql_portal.observability import configure_logging, set_log_field, working_for
from graphql_portal.settings import SettingsError, load_settings


@pytest.fixture
def stream():
    """The log handler's output for one test; the process's own logging is put back after."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    out = io.StringIO()
    yield out
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.captureWarnings(False)


def test_json_lines_carry_time_level_logger_message_and_the_work_in_hand(stream):
    configure_logging("json", "INFO", stream)
    log = logging.getLogger("graphql_portal.worker")
    log.info("outside %s", "any request")
    with working_for("req-42", order=7):
        set_log_field("operation", "Submit")
        log.warning("sent %d emails", 2)
    first, second = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["message"] == "outside any request" and first["request_id"] is None
    assert "order" not in first and "operation" not in first
    assert {k: second[k] for k in ("level", "logger", "message", "request_id", "order", "operation")} == {
        "level": "WARNING",
        "logger": "graphql_portal.worker",
        "message": "sent 2 emails",
        "request_id": "req-42",
        "order": 7,
        "operation": "Submit",
    }
    assert second["time"].endswith("Z") and second["time"][10] == "T"


def test_a_traceback_is_inside_its_json_line_cleaned_and_cut(stream):
    configure_logging("json", "INFO", stream)
    try:
        raise ValueError("/invitation/tok3n-secret " + "x" * 2000)
    except ValueError:
        logging.getLogger("graphql_portal").exception("failed for %s", "/invitation/other-secret")
    (line,) = stream.getvalue().splitlines()
    record = json.loads(line)
    assert record["message"] == "failed for /invitation/[redacted]"
    assert "Traceback (most recent call last)" in record["exc_info"]
    assert "tok3n-secret" not in line and "other-secret" not in line
    assert "characters)" in record["exc_info"] and "x" * 600 not in record["exc_info"]


def test_text_lines_name_the_request_and_warnings_are_logged(stream):
    configure_logging("text", "INFO", stream)
    with working_for("req-7", order=3):
        logging.getLogger("graphql_portal.worker").info("done")
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn("careful", UserWarning, stacklevel=1)
    first, second, *_ = stream.getvalue().splitlines()
    assert first.endswith(" INFO graphql_portal.worker [req-7] (order=3): done")
    assert " WARNING py.warnings: " in second and "careful" in second


def test_uvicorns_lines_are_json_without_their_coloured_copy(stream):
    # As `serve` runs it (log_config=None): uvicorn's loggers propagate to ours. A uvicorn started
    # earlier in this process with its own logging config may have changed that: put it back.
    uvicorn, error = logging.getLogger("uvicorn"), logging.getLogger("uvicorn.error")
    saved = (uvicorn.propagate, list(uvicorn.handlers), uvicorn.level, error.level)
    uvicorn.propagate, uvicorn.handlers = True, []
    uvicorn.setLevel(logging.INFO)
    error.setLevel(logging.INFO)
    try:
        configure_logging("json", "INFO", stream)
        error.info("Started server process [%d]", 1, extra={"color_message": "\x1b[1m"})
    finally:
        uvicorn.propagate, uvicorn.handlers = saved[0], saved[1]
        uvicorn.setLevel(saved[2])
        error.setLevel(saved[3])
    record = json.loads(stream.getvalue())
    assert record == {**record, "logger": "uvicorn.error", "message": "Started server process [1]"}
    assert "color_message" not in record


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("PORTAL_LOG_FORMAT", "yaml", "PORTAL_LOG_FORMAT: expected one of text, json, got 'yaml'"),
        (
            "PORTAL_LOG_LEVEL",
            "loud",
            "PORTAL_LOG_LEVEL: expected one of DEBUG, INFO, WARNING, ERROR, got 'loud'",
        ),
        ("PORTAL_DEBUG", "maybe", "PORTAL_DEBUG: expected 1 or 0 (true/false, yes/no, on/off), got 'maybe'"),
        ("PORTAL_COMPILED_EXECUTION", "2", "PORTAL_COMPILED_EXECUTION: expected 1 or 0"),
        ("PORTAL_METRICS_TOKEN", "short", "PORTAL_METRICS_TOKEN: use at least 16 printable characters"),
    ],
)
def test_an_unknown_setting_value_is_an_error_not_a_default(tmp_path, name, value, message):
    env = {"PORTAL_VAR_DIR": str(tmp_path), "PORTAL_SECRET_KEY": "k" * 40, name: value}
    with pytest.raises(SettingsError) as raised:
        load_settings(env)
    assert str(raised.value).startswith(message)


@pytest.mark.parametrize(("value", "expected"), [("1", True), (" TRUE ", True), ("yes", True), ("on", True),
                                                 ("0", False), ("false", False), ("No", False), ("off", False),
                                                 ("", False)])  # fmt: skip
def test_flag_words_both_ways(tmp_path, value, expected):
    env = {"PORTAL_VAR_DIR": str(tmp_path), "PORTAL_SECRET_KEY": "k" * 40, "PORTAL_DEBUG": value}
    assert load_settings(env).debug is expected


def test_create_token_keeps_stdout_for_the_token_with_json_logs(tmp_path):
    """A one-shot command's failure is one line on stderr whatever the log format; stdout stays empty."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_VAR_DIR=str(tmp_path), PORTAL_LOG_FORMAT="json", PORTAL_DEBUG="maybe")
    done = subprocess.run(
        [sys.executable, "-m", "graphql_portal.cli", "create-token", "alice@northwind.example"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "graphql-portal: error: PORTAL_DEBUG: expected 1 or 0 (true/false, yes/no, on/off), got 'maybe'"
    ]


async def test_create_token_prints_only_the_token_on_stdout_with_json_logs(db, tmp_path):
    from tests.cli.test_cli import run

    result = run(
        db.url, "create-token", "alice@northwind.example", tmp_path=tmp_path, PORTAL_LOG_FORMAT="json"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and result.stdout.startswith("gpt_")
