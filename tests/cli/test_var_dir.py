"""`PORTAL_VAR_DIR` moves everything under var/: the SQLite file, the secret key, mail, the demo password."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graphql_portal.settings import load_settings


def run_cli(environ: dict, cwd: Path, *args: str) -> None:
    """`graphql-portal ARGS` in a process of its own, which must succeed."""
    result = subprocess.run(
        [sys.executable, "-m", "graphql_portal.cli", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=cwd,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


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
        run_cli(environ, tmp_path, command)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["state"]
    state = {p.name for p in Path(tmp_path / "state").iterdir()}
    assert {"portal.sqlite3", "secret_key", "demo-staff-password"} <= state


def _modes(root: Path) -> dict[str, str]:
    """Each path under `root` (and `root` itself, as "."), with its permission bits."""
    found = {".": oct(root.stat().st_mode & 0o777)}
    for path in root.rglob("*"):
        found[str(path.relative_to(root))] = oct(path.stat().st_mode & 0o777)
    return found


def test_what_the_service_writes_is_private_and_a_loose_var_dir_is_tightened(tmp_path):
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    state = tmp_path / "state"
    environ["PORTAL_VAR_DIR"] = str(state)
    for command in ("migrate", "seed-demo"):  # under the caller's umask (0o022 by default here)
        run_cli(environ, tmp_path, command)
    modes = _modes(state)
    assert modes["."] == "0o700"
    assert {name: mode for name, mode in modes.items() if name != "."} == dict.fromkeys(
        [name for name in modes if name != "."], "0o600"
    )
    assert {"portal.sqlite3", "secret_key", "demo-staff-password"} <= set(modes)

    # What an earlier version left readable is tightened when the service starts.
    (state / "mail").mkdir(mode=0o755)
    (state / "mail" / "old.eml").write_text("x")
    (state / "mail" / "old.eml").chmod(0o644)
    (state / "portal.sqlite3").chmod(0o644)
    state.chmod(0o755)
    run_cli(environ, tmp_path, "migrate")
    modes = _modes(state)
    assert (modes["."], modes["mail"], modes["mail/old.eml"], modes["portal.sqlite3"]) == (
        "0o700",
        "0o700",
        "0o600",
        "0o600",
    )


def test_an_embedded_sqlite_file_is_created_private_whoever_opens_it(tmp_path):
    from graphql_portal.db import _ensure_sqlite_dir

    previous = os.umask(0o022)
    try:
        _ensure_sqlite_dir(f"sqlite://{tmp_path}/fresh/portal.sqlite3")
    finally:
        os.umask(previous)
    assert oct((tmp_path / "fresh").stat().st_mode & 0o777) == "0o700"
    assert oct((tmp_path / "fresh" / "portal.sqlite3").stat().st_mode & 0o777) == "0o600"
