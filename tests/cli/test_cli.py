"""The `graphql-portal` commands, run as a user runs them: a real process, real databases."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from graphql_portal.auth import (
    authenticate,
    resolve_staff_session,
    sign_in_partner,
    sign_in_staff,
    verify_staff_password,
)
from graphql_portal.models import ApiToken, PartnerUser, StaffUser, UserStatus
from graphql_portal.settings import load_settings
from tests.support.demo import STAFF_PASSWORD

sqlite_only = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


def run(
    db_url: str | None, *args: str, stdin: str | None = None, tmp_path=None, **env
) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    if db_url:
        environ["PORTAL_DATABASE_URL"] = db_url
    environ["PORTAL_SECRET_KEY"] = "cli-test-secret-" + "x" * 32
    if tmp_path is not None:
        environ["PORTAL_VAR_DIR"] = str(tmp_path / "var")
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "graphql_portal.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
        cwd=tmp_path,
    )


def assert_one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> None:
    assert result.returncode == 1, result
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("graphql-portal: error: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0]


async def test_create_token_prints_only_the_token(db, tmp_path):
    result = run(db.url, "create-token", "Alice@Northwind.example", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    assert result.stdout == token + "\n"
    principal = await authenticate(token)
    assert principal is not None and principal.user.email == "alice@northwind.example"
    record = await ApiToken.get(id=principal.token_id)
    assert record.token_hash != token and token.startswith(f"gpt_{record.prefix}_")
    assert record.prefix in result.stderr


async def test_reconciliation_token_and_revocation(db, tmp_path):
    result = run(db.url, "create-token", "--reconciliation", "nightly finance", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    token = result.stdout.strip()
    principal = await authenticate(token)
    assert principal.is_reconciliation and principal.user is None
    prefix = token.split("_")[1]
    result = run(db.url, "revoke-token", prefix, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert await authenticate(token) is None


@sqlite_only
async def test_user_mistakes_print_one_line(db, tmp_path):
    assert_one_line_error(
        run(db.url, "create-token", "nobody@example.com", tmp_path=tmp_path), "nobody@example.com"
    )
    assert_one_line_error(run(db.url, "revoke-token", "ffffffff", tmp_path=tmp_path), "ffffffff")
    assert_one_line_error(run(db.url, "create-token", "--reconciliation", "  ", tmp_path=tmp_path), "name")


@sqlite_only
async def test_create_staff_reads_the_password_from_stdin(db, tmp_path):
    result = run(
        db.url, "create-staff", "ops@portal.example", stdin="a long enough password\n", tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert await verify_staff_password("OPS@portal.example", "a long enough password") is not None
    assert await verify_staff_password("ops@portal.example", "wrong password!!") is None
    assert_one_line_error(
        run(db.url, "create-staff", "ops@portal.example", stdin="another long password\n", tmp_path=tmp_path),
        "exists",
    )
    assert_one_line_error(
        run(db.url, "create-staff", "new@portal.example", stdin="short\n", tmp_path=tmp_path), "10"
    )
    assert_one_line_error(
        run(db.url, "create-staff", "new@portal.example", stdin="", tmp_path=tmp_path), "password"
    )


def test_bad_database_urls_print_one_line(tmp_path):
    assert_one_line_error(
        run("mysql://root@localhost/x", "seed-demo", tmp_path=tmp_path), "PORTAL_DATABASE_URL"
    )
    assert_one_line_error(
        run("postgres://postgres@127.0.0.1:1/nothing", "create-token", "a@b.c", tmp_path=tmp_path),
        "cannot open",
    )
    assert_one_line_error(
        run("postgres://postgres@127.0.0.1:1/nothing", "migrate", tmp_path=tmp_path), "127.0.0.1"
    )
    secret = run(
        "postgres://postgres:hunter2secret@127.0.0.1:1/x", "create-token", "a@b.c", tmp_path=tmp_path
    )
    assert_one_line_error(secret, "postgres:***@127.0.0.1")
    assert "hunter2secret" not in secret.stderr


def test_bad_settings_print_one_line(tmp_path):
    assert_one_line_error(
        run(None, "seed-demo", tmp_path=tmp_path, PORTAL_SMTP_URL="http://mail"), "PORTAL_SMTP_URL"
    )
    assert_one_line_error(
        run(None, "seed-demo", tmp_path=tmp_path, PORTAL_JOB_MAX_ATTEMPTS="many"), "PORTAL_JOB_MAX_ATTEMPTS"
    )


def test_a_fresh_sqlite_database_is_migrated_and_seeded_once(tmp_path):
    url = f"sqlite://{tmp_path / 'fresh.sqlite3'}"
    assert_one_line_error(run(url, "create-token", "alice@northwind.example", tmp_path=tmp_path), "migrate")
    first = run(url, "migrate", tmp_path=tmp_path)
    assert first.returncode == 0 and "Applied" in first.stderr, first.stderr
    again = run(url, "migrate", tmp_path=tmp_path)
    assert again.returncode == 0 and "up to date" in again.stderr, again.stderr
    seeded = run(url, "seed-demo", tmp_path=tmp_path)
    assert seeded.returncode == 0 and "staff@portal.example" in seeded.stderr, seeded.stderr
    assert (tmp_path / "var" / "demo-staff-password").exists()
    reseeded = run(url, "seed-demo", tmp_path=tmp_path)
    assert reseeded.returncode == 0 and "nothing changed" in reseeded.stderr, reseeded.stderr


def test_export_schema_writes_the_served_schema(tmp_path):
    from graphql_portal.schema import schema

    result = run(None, "export-schema", "-", tmp_path=tmp_path)
    assert result.returncode == 0
    assert result.stdout == schema.as_str() + "\n"


@sqlite_only
async def test_worker_command_runs_until_sigterm(db, tmp_path):
    import signal
    import time

    environ = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    environ.update(
        PORTAL_DATABASE_URL=db.url, PORTAL_SECRET_KEY="w" * 40, PORTAL_VAR_DIR=str(tmp_path / "var")
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "graphql_portal.cli", "worker"],
        env=environ,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    try:
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline and "started" not in line:
            line = process.stderr.readline()
        assert "started" in line, line
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()


async def test_set_password_reads_stdin_and_activates_the_user(db, tmp_path):
    await PartnerUser.filter(email_key="lena@northwind.example").update(status=UserStatus.INVITED)
    result = run(
        db.url,
        "set-password",
        "Lena@Northwind.example",
        stdin="a quiet orange lighthouse\n",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == "Set the password of lena@northwind.example; the user is ACTIVE.\n"
    lena = await PartnerUser.get(email_key="lena@northwind.example")
    assert lena.status is UserStatus.ACTIVE
    settings = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40}, dotenv=False)
    signed_in = await sign_in_partner("lena@northwind.example", "a quiet orange lighthouse", None, settings)
    assert signed_in.ok


@sqlite_only
async def test_set_password_refuses_weak_passwords_and_unknown_emails_in_one_line(db, tmp_path):
    assert_one_line_error(
        run(db.url, "set-password", "lena@northwind.example", stdin="elevenchars\n", tmp_path=tmp_path),
        "at least 12 characters",
    )
    assert_one_line_error(
        run(
            db.url,
            "set-password",
            "lena@northwind.example",
            stdin="hello Lena, it is me\n",
            tmp_path=tmp_path,
        ),
        "must not contain the part of your email address before the @",
    )
    assert_one_line_error(
        run(
            db.url,
            "set-password",
            "nobody@northwind.example",
            stdin="a quiet orange lighthouse\n",
            tmp_path=tmp_path,
        ),
        "no partner user with email 'nobody@northwind.example'",
    )
    assert_one_line_error(
        run(db.url, "set-password", "lena@northwind.example", stdin="", tmp_path=tmp_path), "no password"
    )
    assert (await PartnerUser.get(email_key="lena@northwind.example")).password_hash is None


@sqlite_only
async def test_deactivate_staff_ends_their_sessions(db, tmp_path):
    settings = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40}, dotenv=False)
    signed_in = await sign_in_staff("staff@portal.example", STAFF_PASSWORD, None, settings)
    result = run(db.url, "deactivate-staff", "STAFF@portal.example", tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (await resolve_staff_session(signed_in.key, settings)).session is None
    assert not (await StaffUser.get(email_key="staff@portal.example")).is_active
    assert_one_line_error(
        run(db.url, "deactivate-staff", "x@portal.example", tmp_path=tmp_path), "x@portal.example"
    )
