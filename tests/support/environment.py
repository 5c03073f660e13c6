"""Settings for tests, and the environment of the processes tests start."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from graphql_portal.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[2]  # the checkout
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SECRET_KEY = "test-secret-key-" + "k" * 32


def settings_env(database_url: str, var_dir: Path, *, smtp_port: int | None = None, **overrides: str) -> dict:
    """The `PORTAL_*` variables of a test: quick retries, short polls; `overrides` replace them."""
    env = {
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": SECRET_KEY,
        "PORTAL_VAR_DIR": str(var_dir),
        "PORTAL_BASE_URL": "http://portal.test",
        "PORTAL_MAIL_FROM": "orders@portal.example",
        "PORTAL_JOB_MAX_ATTEMPTS": "3",
        "PORTAL_JOB_BACKOFF_SECONDS": "0.05",
        "PORTAL_JOB_BACKOFF_MAX_SECONDS": "0.2",
        "PORTAL_JOB_LEASE_SECONDS": "30",
        "PORTAL_WORKER_POLL_SECONDS": "0.05",
    }
    if smtp_port is not None:
        env["PORTAL_SMTP_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    env.update(overrides)
    return env


def make_settings(
    database_url: str, var_dir: Path, *, smtp_port: int | None = None, env: dict | None = None, **fields
) -> Settings:
    """The settings of `settings_env` (plus the variables `env`), read as the service reads them,
    with sign-in delays capped at 10 ms; `fields` then replace settings by name
    (`job_max_attempts=1`, `upload_max_bytes=...`, `signin_delay_max_seconds=30.0`)."""
    settings = load_settings(settings_env(database_url, var_dir, smtp_port=smtp_port, **(env or {})))
    return dataclasses.replace(settings, **{"signin_delay_max_seconds": 0.01, **fields})


def worker_env(env: dict) -> dict:
    """The environment of a subprocess: ours without stray `PORTAL_*`, plus `env`."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    return {**base, **env, "PYTHONUNBUFFERED": "1"}
