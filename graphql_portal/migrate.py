"""Apply the aerich migrations of a database's dialect.

aerich writes each migration in the SQL of the database it was generated against, so there is one
history per dialect: `migrations/sqlite/models/` and `migrations/postgres/models/`, with the same
file names in the same order (`scripts/makemigrations.py` generates both at once).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from pathlib import Path

import asyncpg
from aerich.models import Aerich
from aerich.utils import decompress_dict, get_models_describe, import_py_file
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.context import TortoiseContext
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from .db import normalise_url, tortoise_config
from .files import private_file
from .settings import SettingsError, dialect_of, redact_url

log = logging.getLogger("graphql_portal.migrate")
REPO_ROOT = Path(__file__).resolve().parents[1]
MIGRATIONS_ROOT = REPO_ROOT / "migrations"
APP = "models"
DIALECTS = ("sqlite", "postgres")

# aerich's rule for a version file: `<number>_<anything>.py`, applied in numeric order.
_VERSION_FILE = re.compile(r"^(\d+)_.+\.py$")

# One migration run at a time per process (Tortoise's statement cache is process-wide).
_lock = asyncio.Lock()
# And one per PostgreSQL database across processes: two deploys starting at once take turns on
# this advisory lock; the second finds the first's migrations applied and applies nothing.
ADVISORY_LOCK_KEY = 0x6770_6D69  # "gpmi"
ADVISORY_LOCK_TIMEOUT_SECONDS = 600


class MigrationError(RuntimeError):
    """The database could not be migrated; the message is one line a person can act on."""


def history_location(dialect: str) -> Path:
    """The folder aerich is given as `location` for this dialect (the app folder is inside)."""
    if dialect not in DIALECTS:
        raise MigrationError(f"no migration history for dialect {dialect!r}")
    return MIGRATIONS_ROOT / dialect


def history_dir(dialect: str) -> Path:
    """The folder holding this dialect's migration files."""
    return history_location(dialect) / APP


def migration_files(folder: Path) -> list[str]:
    """The version files in `folder`, in the order aerich applies them."""
    if not folder.is_dir():
        return []
    found = [(int(m.group(1)), p.name) for p in folder.iterdir() if (m := _VERSION_FILE.match(p.name))]
    return [name for _, name in sorted(found)]


def migration_names(dialect: str) -> list[str]:
    """The names (file stems) of this dialect's migrations, in order."""
    return [Path(name).stem for name in migration_files(history_dir(dialect))]


async def migrate(database_url: str) -> list[str]:
    """Bring the database at `database_url` up to date; returns the names of what was applied.

    Works on an empty database (the first migration also creates aerich's tracking table) and on
    an up-to-date one (returns []). The ORM is initialised only inside an isolated Tortoise context
    for the duration of the call, so callers initialise it afterwards on their own terms.
    """
    try:
        dialect = dialect_of(database_url)
    except SettingsError as exc:
        raise MigrationError(str(exc)) from None
    folder = history_dir(dialect)
    if not migration_files(folder):
        raise MigrationError(f"no {dialect} migrations found in {folder}")
    _ensure_sqlite_parent(database_url)
    async with _lock:
        # Tortoise caches INSERT statements per connection name, not per dialect.
        EXECUTOR_CACHE.clear()
        try:
            async with TortoiseContext():
                return await _upgrade(database_url, dialect)
        finally:
            EXECUTOR_CACHE.clear()


async def _upgrade(database_url: str, dialect: str) -> list[str]:
    config = tortoise_config(database_url)
    where = redact_url(database_url)
    try:
        await Tortoise.init(config=config)
        await connections.get("default").execute_query("SELECT 1")
    except Exception as exc:  # driver errors (asyncpg, sqlite3, OSError) share no base class
        raise MigrationError(f"cannot open the database {where}: {_one_line(exc)}") from exc
    if dialect != "postgres":
        return await _apply_missing(dialect, where)
    async with _advisory_lock(config, where):
        return await _apply_missing(dialect, where)


@contextlib.asynccontextmanager
async def _advisory_lock(config: dict, where: str):
    """Hold PostgreSQL's session advisory lock for migrations on a connection of its own (the
    pool's connections skip the session reset, so none of them may hold a session lock)."""
    credentials = config["connections"]["default"]["credentials"]
    try:
        conn = await asyncpg.connect(
            host=credentials.get("host"),
            port=credentials.get("port"),
            user=credentials.get("user"),
            password=credentials.get("password"),
            database=credentials.get("database"),
        )
    except Exception as exc:
        raise MigrationError(f"cannot open the database {where}: {_one_line(exc)}") from exc
    try:
        if not await conn.fetchval("SELECT pg_try_advisory_lock($1)", ADVISORY_LOCK_KEY):
            log.info("another process is migrating %s; waiting for it", where)
            await conn.execute(f"SET statement_timeout = '{ADVISORY_LOCK_TIMEOUT_SECONDS}s'")
            try:
                await conn.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK_KEY)
            except asyncpg.QueryCanceledError:
                raise MigrationError(
                    f"another process has been migrating {where} for {ADVISORY_LOCK_TIMEOUT_SECONDS} s; "
                    "try again when it has finished"
                ) from None
        yield
    finally:
        await conn.close()  # ends the session, and with it the lock


async def missing_migrations(dialect: str) -> list[str]:
    """The migrations of this code that the open database has not applied (names, in order)."""
    done = await _applied()
    return [Path(v).stem for v in migration_files(history_dir(dialect)) if v not in done]


async def _apply_missing(dialect: str, where: str) -> list[str]:
    done = await _applied()
    applied = []
    for version in migration_files(history_dir(dialect)):
        if version in done:
            continue
        try:
            await _apply(history_dir(dialect) / version, dialect)
        except Exception as exc:
            raise MigrationError(
                f"migration {Path(version).stem} failed on {where}: {_one_line(exc)}"
            ) from exc
        applied.append(Path(version).stem)
    return applied


async def _applied() -> set[str]:
    """The version files the database has recorded (none before the first migration)."""
    try:
        return set(await Aerich.filter(app=APP).values_list("version", flat=True))
    except OperationalError:  # no `aerich` table yet
        return set()


async def _apply(path: Path, dialect: str) -> None:
    """Run one migration file and record it in aerich's table, as `aerich upgrade` does.

    The SQL and its record commit together. On SQLite that needs the script to open the
    transaction itself: Python's sqlite3 `executescript` first commits whatever transaction is
    open, so aerich's own wrapping would leave a failed migration half-applied and unrecorded.
    A file with `RUN_IN_TRANSACTION = False` (a SQLite table rebuild) manages its own.
    """
    module = import_py_file(path)
    state = module.MODELS_STATE if getattr(module, "MODELS_STATE", None) else None
    content = decompress_dict(state) if state else get_models_describe(APP)
    if not getattr(module, "RUN_IN_TRANSACTION", True):
        conn = connections.get("default")
        await conn.execute_script(await module.upgrade(conn))
        await Aerich.create(version=path.name, app=APP, content=content, using_db=conn)
        return
    async with in_transaction("default") as conn:
        sql = await module.upgrade(conn)
        if dialect == "sqlite":
            sql = f"BEGIN;\n{sql}"
        await conn.execute_script(sql)
        await Aerich.create(version=path.name, app=APP, content=content, using_db=conn)


def _ensure_sqlite_parent(database_url: str) -> None:
    """SQLite creates the file but not its folder (`var/` on a fresh checkout)."""
    if dialect_of(database_url) != "sqlite":
        return
    path = normalise_url(database_url).split("://", 1)[1].split("?", 1)[0]
    if path and path != ":memory:":
        try:
            private_file(Path(path))
        except OSError as exc:
            raise MigrationError(f"cannot create the folder of {path}: {_one_line(exc)}") from exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"
