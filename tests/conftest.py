"""The test harness: every database test runs on SQLite and on PostgreSQL.

A template database per dialect is migrated and seeded with the demo data once per session;
each test gets its own copy (a file copy on SQLite, `CREATE DATABASE ... TEMPLATE` on
PostgreSQL), so tests are isolated and may run concurrent transactions for real.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import asyncpg
import pytest

from graphql_portal.db import close_db, init_db
from graphql_portal.migrate import migrate
from tests.support.demo import STAFF_PASSWORD
from tests.support.environment import IN_CI

PG_ADMIN_URL = os.environ.get("PORTAL_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
_RUN = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"
_counter = itertools.count()


def pg_url(database: str) -> str:
    return PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + database


async def _pg_admin() -> asyncpg.Connection:
    return await asyncpg.connect(PG_ADMIN_URL.replace("postgres://", "postgresql://", 1), timeout=5)


_pg_state: dict = {}


async def postgres_available() -> str | None:
    """None when PostgreSQL answers, else why not."""
    if "error" not in _pg_state:
        try:
            conn = await _pg_admin()
            await conn.close()
            _pg_state["error"] = None
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            _pg_state["error"] = f"PostgreSQL at {PG_ADMIN_URL} does not answer ({exc.__class__.__name__})"
    return _pg_state["error"]


@dataclass
class Database:
    """The database a test runs against."""

    dialect: str
    url: str


async def _seed(url: str) -> None:
    from graphql_portal.demo import seed_demo

    await migrate(url)
    await init_db(url, global_fallback=False)
    try:
        await seed_demo(staff_password=STAFF_PASSWORD)
    finally:
        await close_db()


_templates: dict[str, str] = {}
_template_lock = asyncio.Lock()


async def template(dialect: str, tmp_root: Path) -> str:
    async with _template_lock:
        if dialect not in _templates:
            if dialect == "sqlite":
                path = tmp_root / "template.sqlite3"
                await _seed(f"sqlite://{path}")
                _templates[dialect] = str(path)
            else:
                name = f"gp_tpl_{_RUN}"
                conn = await _pg_admin()
                try:
                    await _drop_leftovers(conn)
                    await conn.execute(f'CREATE DATABASE "{name}"')
                finally:
                    await conn.close()
                await _seed(pg_url(name))
                _templates[dialect] = name
    return _templates[dialect]


async def _drop_leftovers(conn: asyncpg.Connection) -> None:
    """Drop the databases of earlier test runs whose process is gone (killed before cleaning up)."""
    rows = await conn.fetch(r"SELECT datname FROM pg_database WHERE datname ~ '^gp_(tpl|test|empty)_\d+_'")
    for row in rows:
        pid = int(row["datname"].split("_")[2])
        if pid != os.getpid() and not Path(f"/proc/{pid}").exists():
            await conn.execute(f'DROP DATABASE IF EXISTS "{row["datname"]}" WITH (FORCE)')


async def new_database(dialect: str, tmp_root: Path) -> Database:
    """A fresh copy of the seeded template."""
    source = await template(dialect, tmp_root)
    n = next(_counter)
    if dialect == "sqlite":
        path = tmp_root / f"test_{n}.sqlite3"
        shutil.copyfile(source, path)
        return Database("sqlite", f"sqlite://{path}")
    name = f"gp_test_{_RUN}_{n}"
    conn = await _pg_admin()
    try:
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
    finally:
        await conn.close()
    return Database("postgres", pg_url(name))


async def drop_database(db: Database) -> None:
    if db.dialect == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(db.url.split("://", 1)[1] + suffix).unlink(missing_ok=True)
        return
    name = db.url.rsplit("/", 1)[1]
    conn = await _pg_admin()
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def _require(dialect: str) -> None:
    if dialect == "postgres":
        reason = await postgres_available()
        if reason:
            if IN_CI:
                pytest.fail(f"{reason}; under CI=true PostgreSQL is required")
            pytest.skip(reason)


@pytest.fixture(scope="session")
def db_root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("databases")


@pytest.fixture(params=["sqlite", "postgres"])
async def db(request, db_root):
    """A seeded database of each dialect with the ORM initialised on it."""
    await _require(request.param)
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
    await _require(request.param)
    n = next(_counter)
    if request.param == "sqlite":
        database = Database("sqlite", f"sqlite://{db_root / f'empty_{n}.sqlite3'}")
    else:
        name = f"gp_empty_{_RUN}_{n}"
        conn = await _pg_admin()
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()
        database = Database("postgres", pg_url(name))
    try:
        yield database
    finally:
        await drop_database(database)


def pytest_sessionfinish(session, exitstatus):
    """Drop the PostgreSQL template of this run."""
    name = _templates.get("postgres")
    if not name:
        return

    async def drop():
        conn = await _pg_admin()
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    with contextlib.suppress(Exception):  # best effort: a leftover template is harmless
        asyncio.run(drop())


_dialect_of_test: dict[str, str] = {}
_outcomes: dict[str, dict[str, int]] = {}


def pytest_collection_modifyitems(session, config, items):
    for item in items:
        params = getattr(getattr(item, "callspec", None), "params", {})
        dialect = params.get("db") or params.get("empty_db") or params.get("portal")
        if dialect is None and "postgres" in item.keywords:
            dialect = "postgres"
        if dialect:
            _dialect_of_test[item.nodeid] = dialect


def pytest_runtest_logreport(report):
    dialect = _dialect_of_test.get(report.nodeid)
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
    executor; the two answers must encode to the same JSON bytes."""
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
