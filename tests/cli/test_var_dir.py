"""`PORTAL_VAR_DIR` moves everything under var/: the SQLite file, the secret key, mail, the demo password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graphql_portal.settings import load_settings


def test_the_default_database_url_follows_the_var_dir(tmp_path):
    settings = load_settings({"PORTAL_VAR_DIR": str(tmp_path / "state")})
    assert settings.database_url == f"sqlite://{tmp_path}/state/portal.sqlite3"
    assert settings.mail_dir == tmp_path / "state" / "mail"
    assert (tmp_path / "state" / "secret_key").is_file()
    relative = load_settings({"PORTAL_VAR_DIR": "data", "PORTAL_SECRET_KEY": "k" * 40})
    assert relative.database_url == "sqlite://data/portal.sqlite3"
    assert load_settings({"PORTAL_SECRET_KEY": "k" * 40}).database_url == "sqlite://var/portal.sqlite3"
    explicit = load_settings(
        {"PORTAL_VAR_DIR": "data", "PORTAL_DATABASE_URL": "sqlite://other.db", "PORTAL_SECRET_KEY": "k" * 40}
    )
    assert explicit.database_url == "sqlite://other.db"


def test_migrate_and_seed_write_nothing_outside_the_var_dir(tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    environ["PORTAL_VAR_DIR"] = str(tmp_path / "state")
    for command in ("migrate", "seed-demo"):
        result = subprocess.run(
            [sys.executable, "-m", "graphql_portal.cli", command],
            capture_output=True,
            text=True,
            env=environ,
            cwd=tmp_path,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state"]
    state = {p.name for p in Path(tmp_path / "state").iterdir()}
    assert {"portal.sqlite3", "secret_key", "demo-staff-password"} <= state
