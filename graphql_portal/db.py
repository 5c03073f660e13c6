"""The Tortoise configuration (the same one aerich reads), and starting and stopping the ORM."""

from __future__ import annotations

import errno
import logging
import socket
import sqlite3
from pathlib import Path

import asyncpg
from tortoise import Tortoise, connections
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.backends.base.executor import EXECUTOR_CACHE
from tortoise.exceptions import DBConnectionError, OperationalError

from .files import private_file
from .observability import PoolFigures
from .settings import dialect_of

MODEL_MODULES = ["graphql_portal.models", "aerich.models"]


def normalise_url(database_url: str) -> str:
    """Accept `postgresql://` as well as Tortoise's `postgres://`."""
    if database_url.startswith("postgresql://"):
        return "postgres://" + database_url[len("postgresql://") :]
    return database_url


class PooledConnection(asyncpg.Connection):
    """A PostgreSQL connection that goes back to the pool without asyncpg's session reset.

    Tortoise takes a pooled connection for each statement, and asyncpg sends
    `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL` each time one is
    released: a second round trip for every statement. The service keeps no session state (no
    advisory locks, LISTEN, cursors outside transactions or SET), so there is nothing to reset;
    asyncpg still rolls back a transaction left open before it asks for this query.
    """

    def get_reset_query(self) -> str:
        return ""


def tortoise_config(database_url: str) -> dict:
    connection: str | dict = normalise_url(database_url)
    if dialect_of(database_url) == "postgres":
        connection = expand_db_url(connection)
        connection["credentials"]["connection_class"] = PooledConnection
    return {
        "connections": {"default": connection},
        "apps": {"models": {"models": MODEL_MODULES, "default_connection": "default"}},
        "use_tz": True,
        "timezone": "UTC",
    }


def _ensure_sqlite_dir(database_url: str) -> None:
    """The SQLite file, created private (SQLite gives its WAL files the database file's mode)."""
    if dialect_of(database_url) != "sqlite":
        return
    path = database_url.split("://", 1)[1].split("?", 1)[0]
    if path and path != ":memory:":
        private_file(Path(path))


async def init_db(database_url: str, *, global_fallback: bool = True) -> None:
    """Initialise the ORM for this process.

    The global fallback makes the ORM visible to tasks started outside the current context
    (uvicorn's request tasks, the worker), which a context-variable-only init would not reach.
    """
    _ensure_sqlite_dir(database_url)
    # Tortoise caches each model's INSERT/DELETE SQL by connection name, not by dialect: a
    # process that re-initialises on another database (tests, `migrate` then `serve`) must
    # drop the cached statements or it sends SQLite placeholders to PostgreSQL.
    EXECUTOR_CACHE.clear()
    await Tortoise.init(config=tortoise_config(database_url), _enable_global_fallback=global_fallback)
    if dialect_of(database_url) == "sqlite":
        # Open the file now: Tortoise opens it lazily under a lock that it never releases when
        # the open fails, so every later query would hang instead of failing.
        await connections.get("default").create_connection(with_db=True)


async def close_db() -> None:
    await connections.close_all()
    await Tortoise.close_connections()


async def ping() -> bool:
    """True when the database answers a trivial query."""
    try:
        await connections.get("default").execute_query("SELECT 1")
    except Exception:
        return False
    return True


def pool_figures() -> PoolFigures | None:
    """The PostgreSQL pool's size, idle connections, limit and waiting tasks (None on SQLite or
    before the pool opens). asyncpg counts no waiters itself: they wait on its queue of holders."""
    try:
        pool = getattr(connections.get("default"), "_pool", None)
    except Exception:
        return None
    if pool is None or not hasattr(pool, "get_size"):
        return None
    waiting = getattr(getattr(pool, "_queue", None), "_getters", ())
    return PoolFigures(
        size=pool.get_size(),
        idle=pool.get_idle_size(),
        max_size=pool.get_max_size(),
        waiters=sum(1 for waiter in waiting if not waiter.done()),
    )


_OUTAGE_ERRNOS = {
    errno.ECONNREFUSED,
    errno.ECONNRESET,
    errno.ECONNABORTED,
    errno.EPIPE,
    errno.ETIMEDOUT,
    errno.EHOSTUNREACH,
    errno.EHOSTDOWN,
    errno.ENETUNREACH,
    errno.ENETDOWN,
    errno.EADDRNOTAVAIL,
}
_POSTGRES_OUTAGES = (
    asyncpg.exceptions.PostgresConnectionError,  # class 08: refused, lost, closed mid-query
    asyncpg.exceptions.CannotConnectNowError,  # starting up or shutting down
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.TooManyConnectionsError,
)
_OUTAGE_TYPES = (DBConnectionError, *_POSTGRES_OUTAGES, ConnectionError, TimeoutError, socket.gaierror)
_SQLITE_OUTAGES = ("unable to open database file", "database is locked", "disk i/o error")


def is_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc`, or an exception that caused it, says the database cannot be reached now.

    Such a failure is an outage to wait out (503, a worker's back-off), not a bug to report.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, _OUTAGE_TYPES):
            return True
        if isinstance(exc, OSError) and (
            exc.errno in _OUTAGE_ERRNOS or str(exc).startswith("Multiple exceptions")
        ):
            return True
        if isinstance(exc, asyncpg.exceptions.InterfaceError) and "closed" in str(exc):
            return True
        if (
            isinstance(exc, sqlite3.OperationalError | OperationalError)
            and str(exc).lower() in _SQLITE_OUTAGES
        ):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


class QuietOutages(logging.Filter):
    """Keeps tracebacks of an unreachable database out of the log; every other error keeps its own.

    The transport answers a request that meets an outage with a 503 and logs one warning line for
    it, so Strawberry's record of the same error is dropped (`drop=True`). asyncpg's pool logs its
    reconnect attempts with a traceback each: the line stays, the traceback goes.
    """

    def __init__(self, *, drop: bool) -> None:
        super().__init__()
        self.drop = drop

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is None or not is_unavailable(exc):
            return True
        if self.drop:
            return False
        record.exc_info, record.exc_text = None, None
        record.msg = f"{record.msg} ({type(exc).__name__}: {exc})"
        return True


QUIET_LOGGERS = {"strawberry.execution": True, "asyncpg.pool": False}


def quiet_outages_in_library_logs() -> None:
    """Install `QuietOutages` on Strawberry's and asyncpg's loggers, once per process."""
    for name, drop in QUIET_LOGGERS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, QuietOutages) for f in logger.filters):
            logger.addFilter(QuietOutages(drop=drop))
