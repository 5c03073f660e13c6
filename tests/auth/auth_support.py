"""Helpers of the identity tests: settings with short sign-in delays."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from graphql_portal.settings import Settings, load_settings


def make_settings(database_url: str, var_dir: Path, **overrides) -> Settings:
    settings = load_settings(
        {
            "PORTAL_DATABASE_URL": database_url,
            "PORTAL_SECRET_KEY": "auth-tests-secret-" + "k" * 30,
            "PORTAL_VAR_DIR": str(var_dir),
        },
        dotenv=False,
    )
    return dataclasses.replace(settings, **{"signin_delay_max_seconds": 0.01, **overrides})
