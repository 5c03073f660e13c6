"""The test harness: every database test runs on SQLite and on PostgreSQL.

The `db` fixture gives each test its own copy of a seeded template database of each dialect
(made by tests/support/database.py); hooks report which databases the suite ran on.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from graphql_portal.auth import passwords
from graphql_portal.db import close_db, init_db
from tests.support.browser import chromium, missing_browser
from tests.support.database import (
    drop_database,
    drop_templates,
    new_database,
    new_empty_database,
    require_dialect,
)
from tests.support.environment import IN_CI
from tests.support.smtp import SmtpServer
from tests.support.stores import MotoServer, StoreUnderTest

# argon2 at its lightest for the tests' own process: the service's parameters (64 MiB, four
# lanes) cost 130-170 ms of both cores per hash or check, and the suite signs in thousands of
# times. Servers the tests start as processes keep the service's parameters, and the tests about
# hashing itself ask for them with `production_password_hashing`.
LIGHT_ARGON2 = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def _use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    before = passwords._hasher
    passwords._hasher = hasher
    passwords._dummy_hash.cache_clear()
    return before


@pytest.fixture(scope="session", autouse=True)
def light_password_hashing() -> Iterator[None]:
    before = _use_hasher(LIGHT_ARGON2)
    try:
        yield
    finally:
        _use_hasher(before)


@pytest.fixture
def production_password_hashing() -> Iterator[None]:
    """The service's own argon2 parameters, for a test about hashing or its cost."""
    before = _use_hasher(PasswordHasher())
    try:
        yield
    finally:
        _use_hasher(before)


@pytest.fixture(scope="session")
def db_root(tmp_path_factory) -> Iterator[Path]:
    """Where the SQLite test databases live: in memory-backed /dev/shm when there is one, where a
    commit's fsync costs nothing (what is tested is SQLite's behaviour, not the disk's)."""
    shm = Path("/dev/shm")
    if not (shm.is_dir() and os.access(shm, os.W_OK)):
        yield tmp_path_factory.mktemp("databases")
        return
    root = Path(tempfile.mkdtemp(prefix="graphql-portal-tests-", dir=shm))
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgres"])
async def db(request, db_root):
    """A seeded database of each dialect with the ORM initialised on it."""
    await require_dialect(request.param)
    database = await new_database(request.param, db_root)
    await init_db(database.url)
    try:
        yield database
    finally:
        await close_db()
        await drop_database(database)


@pytest.fixture(params=["sqlite", "postgres"])
async def empty_db(request, db_root):
    """An empty database of each dialect (nothing migrated); the ORM is not initialised."""
    await require_dialect(request.param)
    database = await new_empty_database(request.param, db_root)
    try:
        yield database
    finally:
        await drop_database(database)


@pytest.fixture
def smtp():
    """A running SMTP server on a free loopback port; its `mailbox` keeps what it accepted."""
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def moto_server():
    """moto's S3-compatible server on a loopback port, once for the run (each test its own bucket)."""
    server = MotoServer().start()
    try:
        yield server
    finally:
        server.stop()


def _store_under_test(request, tmp_path_factory) -> StoreUnderTest:
    if request.param == "s3":
        return StoreUnderTest.s3(request.getfixturevalue("moto_server"))
    if request.param == "file":
        return StoreUnderTest.file(tmp_path_factory.mktemp("volume") / "attachments")
    return StoreUnderTest.database()


@pytest.fixture(params=["database", "file", "s3"])
def attachment_store(request, tmp_path_factory) -> StoreUnderTest:
    """Each attachment store: the database, a folder (a volume of its own, outside the test's
    var folder), a bucket of moto's S3 server."""
    return _store_under_test(request, tmp_path_factory)


@pytest.fixture(params=["file", "s3"])
def object_store(request, tmp_path_factory) -> StoreUnderTest:
    """The stores that keep objects outside the database: a folder, a bucket."""
    return _store_under_test(request, tmp_path_factory)


@pytest.fixture(params=["file"])
def folder_store(request, tmp_path_factory) -> StoreUnderTest:
    """The store that keeps objects as files in a folder."""
    return _store_under_test(request, tmp_path_factory)


@pytest.fixture(scope="session")
async def browser():
    """One headless Chromium for the whole run (the admin's and the portal's tests)."""
    reason = missing_browser()
    if reason:
        if IN_CI:
            pytest.fail(f"{reason}; under CI=true the browser tests must run")
        pytest.skip(reason)
    async with chromium() as launched:
        yield launched


@pytest.fixture
async def page(browser):
    """A fresh browser context (no cookies) with a laptop-sized window."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = await context.new_page()
    try:
        yield page
    finally:
        await context.close()


def pytest_sessionfinish(session, exitstatus):
    """Drop the PostgreSQL template of this run and its copies."""
    drop_templates()


_outcomes: dict[str, dict[str, int]] = {}
_PARAM_ID = re.compile(r"\[(.*)\]$")


def dialect_of_report(nodeid: str, keywords) -> str | None:
    """The database a test ran on, from its parameters (`[sqlite]`, `[json-postgres]`) or its
    `postgres` mark. Read from the report, so it works in pytest-xdist's controller too, which
    collects no items itself."""
    found = _PARAM_ID.search(nodeid)
    if found:
        for part in found.group(1).split("-"):
            if part in ("sqlite", "postgres"):
                return part
    if "postgres" in keywords:
        return "postgres"
    return None


def pytest_runtest_logreport(report):
    dialect = dialect_of_report(report.nodeid, report.keywords)
    if dialect is None:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        counts = _outcomes.setdefault(dialect, {})
        counts[report.outcome] = counts.get(report.outcome, 0) + 1


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Say plainly which databases the suite ran on (skips are listed with reasons by -ra)."""
    if not _outcomes:
        return
    parts = []
    for dialect in ("sqlite", "postgres"):
        counts = _outcomes.get(dialect, {})
        shown = ", ".join(f"{n} {outcome}" for outcome, n in sorted(counts.items())) or "none ran"
        parts.append(f"{dialect}: {shown}")
    terminalreporter.write_line("database tests by dialect: " + "; ".join(parts))


@pytest.fixture(autouse=True)
def compiled_execution_matches_graphql_core():
    """Every query a test answers through a compiled plan is answered again by graphql-core's
    executor; the two answers must encode to the same JSON bytes. (The live portal's worker takes
    turns with its requests, so nothing changes between the two: tests/support/portal.py.)"""
    import orjson

    from graphql_portal.schema.compiled import executor

    mismatches = []

    def verify(compiled, core, ran) -> None:
        ours, theirs = orjson.dumps(compiled.formatted), orjson.dumps(core.formatted)
        if ours != theirs:
            document = ran.operation.loc.source.body if ran.operation.loc else ran.operation
            mismatches.append(f"{document}\ncompiled:     {ours[:2000]!r}\ngraphql-core: {theirs[:2000]!r}")

    executor.verifier = verify
    try:
        yield mismatches
    finally:
        executor.verifier = None
    assert not mismatches, "compiled execution differs from graphql-core:\n" + "\n\n".join(mismatches)
