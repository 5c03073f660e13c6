"""Test databases: a seeded template per dialect, a fresh copy of it per test; and whole-table dumps.

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
from tortoise import Tortoise

from graphql_portal.db import close_db, init_db
from graphql_portal.migrate import migrate

from .demo import STAFF_PASSWORD
from .environment import IN_CI

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


_templates: dict[str, str] = {}  # dialect -> the seeded template (a file path, or a database name)
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


async def require_dialect(dialect: str) -> None:
    """Skip the test when the dialect's server is missing (fail under CI)."""
    if dialect == "postgres":
        reason = await postgres_available()
        if reason:
            if IN_CI:
                pytest.fail(f"{reason}; under CI=true PostgreSQL is required")
            pytest.skip(reason)


async def new_empty_database(dialect: str, tmp_root: Path) -> Database:
    """An empty database (nothing migrated)."""
    n = next(_counter)
    if dialect == "sqlite":
        return Database("sqlite", f"sqlite://{tmp_root / f'empty_{n}.sqlite3'}")
    name = f"gp_empty_{_RUN}_{n}"
    conn = await _pg_admin()
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return Database("postgres", pg_url(name))


def drop_templates() -> None:
    """Drop this run's PostgreSQL template (best effort: a leftover one is harmless)."""
    name = _templates.get("postgres")
    if not name:
        return

    async def drop():
        conn = await _pg_admin()
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    with contextlib.suppress(Exception):
        asyncio.run(drop())


async def dump_tables() -> dict[str, list[dict]]:
    """Every row of every model, by table, ordered by primary key."""
    dump = {}
    for app in Tortoise.apps.values():
        for model in app.values():
            pk = model._meta.pk_attr
            dump[model._meta.db_table] = await model.all().order_by(pk).values()
    return dump
