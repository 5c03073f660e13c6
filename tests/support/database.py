"""Test databases: a seeded template per dialect, a fresh copy of it per test; and whole-table dumps.

A template database per dialect is migrated and seeded with the demo data once per session;
each test gets its own copy (a file copy on SQLite; on PostgreSQL a database of the test process's
own, put back to the template's rows and sequences before each use), so tests are isolated and may
run concurrent transactions for real.

PostgreSQL databases are reused rather than made per test: `CREATE DATABASE ... TEMPLATE` writes
the whole catalog (some 8 MB) to the WAL and `DROP DATABASE` removes its files, which cost about
150 ms a test and most of the machine's system time; emptying the tables and copying the
template's rows back in (binary COPY, foreign-key triggers off while loading) costs a few
milliseconds. A database whose schema a test changed is dropped and made again.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
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
    while _free_pg:
        name = _free_pg.pop()
        if await _put_back(name, source):
            return Database("postgres", pg_url(name))
        await _drop_pg(name)
    name = f"gp_test_{_RUN}_{n}"
    conn = await _pg_admin()
    try:
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        # Commits do not wait for the WAL's fsync: what is tested is PostgreSQL's behaviour, not
        # the disk's; a test database is never recovered after a crash.
        await conn.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    finally:
        await conn.close()
    _made_pg.add(name)
    return Database("postgres", pg_url(name))


async def drop_database(db: Database) -> None:
    """Done with a test's database: a SQLite file is deleted; a PostgreSQL one waits for reuse."""
    if db.dialect == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(db.url.split("://", 1)[1] + suffix).unlink(missing_ok=True)
        return
    name = db.url.rsplit("/", 1)[1]
    if name in _made_pg:
        _free_pg.append(name)
    else:
        await _drop_pg(name)


_made_pg: set[str] = set()  # this process's reusable copies of the template
_free_pg: list[str] = []  # those no test is using now


@dataclass
class _Snapshot:
    """What a copy of the template must hold: its schema's fingerprint, rows and sequences."""

    schema: str
    tables: list[str]
    rows: dict[str, bytes]  # binary COPY of each table that has rows
    sequences: list[tuple[str, int, bool]]


_snapshots: dict[str, _Snapshot] = {}

_SCHEMA_FINGERPRINT = """
SELECT md5(coalesce(string_agg(item, ',' ORDER BY item), '')) FROM (
    SELECT c.relkind::text || ':' || c.relname || '.' || coalesce(a.attname, '') || ':'
           || coalesce(a.atttypid::text, '') || ':' || coalesce(a.attnotnull::text, '') AS item
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'constraint:' || conrelid::regclass::text || '.' || conname || ':' || pg_get_constraintdef(oid)
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL
    SELECT 'trigger:' || tgrelid::regclass::text || '.' || tgname FROM pg_trigger
    WHERE NOT tgisinternal AND tgrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)
    UNION ALL
    SELECT 'aerich:' || count(*) || ':' || coalesce(max(id), 0) FROM aerich
) AS schema_items
"""


async def _pg_connect(name: str) -> asyncpg.Connection:
    return await asyncpg.connect(pg_url(name).replace("postgres://", "postgresql://", 1), timeout=5)


async def _snapshot(template_name: str) -> _Snapshot:
    if template_name not in _snapshots:
        conn = await _pg_connect(template_name)
        try:
            schema = await conn.fetchval(_SCHEMA_FINGERPRINT)
            # aerich's migration log (1.6 MB of model states) is left as it is: no test on a
            # seeded database writes it, and the fingerprint below sees its row count and last id.
            tables = [
                r["tablename"]
                for r in await conn.fetch(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'aerich' ORDER BY 1"
                )
            ]
            rows = {}
            for table in tables:
                if await conn.fetchval(f'SELECT EXISTS (SELECT 1 FROM "{table}")'):
                    out = io.BytesIO()
                    await conn.copy_from_table(table, output=out, format="binary")
                    rows[table] = out.getvalue()
            sequences = []
            for r in await conn.fetch(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
            ):
                state = await conn.fetchrow(f'SELECT last_value, is_called FROM "{r["sequencename"]}"')
                sequences.append((r["sequencename"], state["last_value"], state["is_called"]))
        finally:
            await conn.close()
        _snapshots[template_name] = _Snapshot(schema, tables, rows, sequences)
    return _snapshots[template_name]


async def _put_back(name: str, template_name: str) -> bool:
    """Make a used copy hold exactly the template's rows and sequences again; False when a test
    changed its schema (the copy is then dropped and a new one made)."""
    snapshot = await _snapshot(template_name)
    admin = await _pg_admin()
    try:  # whatever a test left connected (a killed worker's process, a server) is ended first
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
            name,
        )
    finally:
        await admin.close()
    conn = await _pg_connect(name)
    try:
        if await conn.fetchval(_SCHEMA_FINGERPRINT) != snapshot.schema:
            return False
        async with conn.transaction():
            await conn.execute("SET LOCAL session_replication_role = replica")
            # DELETE, not TRUNCATE: TRUNCATE makes new files for every table and index (90 ms);
            # a few hundred dead rows a test are autovacuum's.
            for table in snapshot.tables:
                await conn.execute(f'DELETE FROM "{table}"')
            for table, data in snapshot.rows.items():
                await conn.copy_to_table(table, source=io.BytesIO(data), format="binary")
            for sequence, value, called in snapshot.sequences:
                await conn.execute("SELECT setval($1::regclass, $2, $3)", f'"{sequence}"', value, called)
    finally:
        await conn.close()
    return True


async def _drop_pg(name: str) -> None:
    _made_pg.discard(name)
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
    """Drop this run's PostgreSQL template and its reusable copies (best effort: the next run
    drops leftovers of a process that is gone)."""
    names = sorted(_made_pg) + ([_templates["postgres"]] if "postgres" in _templates else [])
    if not names:
        return

    async def drop():
        conn = await _pg_admin()
        try:
            for name in names:
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
