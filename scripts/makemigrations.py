#!/usr/bin/env python
"""Generate the next aerich migration for both dialects after a model change.

    .venv/bin/python scripts/makemigrations.py NAME     # writes the new files into migrations/
    .venv/bin/python scripts/makemigrations.py --check  # exit 1 when a migration is missing
    .venv/bin/python scripts/makemigrations.py --restate  # after merging two branches' migrations

`--restate` is for a merge of two branches that each added migrations: once the incoming files
are renumbered after the others, the newest file of each history still carries its own branch's
models' state (aerich compares the models with the state of the last file), so this writes the
merged models' state into it; `--check` then confirms nothing is missing.

For each dialect it copies the history into a temporary folder, creates a throwaway database (a
temporary SQLite file; a temporary PostgreSQL database on the server of `--pg-url`), upgrades it to
the current head, runs aerich's migrate there and applies the new file to prove that its SQL runs.
Only when both dialects succeeded are the new files copied into `migrations/`, under one shared
file name. When only one dialect sees a change (a dialect-specific column type), the other gets an
empty migration of the same name, so the two histories stay aligned.

aerich keeps the operations it collects in class attributes and never resets them, so each
generation runs in its own subprocess (`_generate`, internal).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
if str(REPO_ROOT) not in sys.path:  # runnable without installing the package
    sys.path.insert(0, str(REPO_ROOT))

from graphql_portal.migrate import APP, DIALECTS, history_dir, migration_files  # noqa: E402

DEFAULT_PG_URL = os.environ.get("PORTAL_TEST_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")


class MakeMigrationsError(RuntimeError):
    """A generation could not be completed; nothing was written into the repository."""


# --- one dialect, in a subprocess -------------------------------------------------------------


async def generate(database_url: str, location: Path, name: str, *, empty: bool = False) -> str | None:
    """Generate the next migration of `location` against the (empty or migrated) database.

    Returns the new file name, or None when the models match the history. Run it once per
    process: aerich's class-level state would leak into a second run.
    """
    from aerich import Command

    from graphql_portal.db import tortoise_config

    (location / APP).mkdir(parents=True, exist_ok=True)
    command = Command(tortoise_config(database_url), app=APP, location=str(location))
    async with command:
        if not migration_files(location / APP):
            # The first migration: aerich's init-db writes `0_<time>_init.py` from the models;
            # plain CREATE TABLE, so a database that already has such a table fails loudly.
            await command.init_db(safe=False)
            return migration_files(location / APP)[-1]
        await command.upgrade()
        # aerich compares the models with the state recorded by the last *applied* migration,
        # which it reads when initialised: read it again now that the database is at the head.
        await command.init()
        version = await command.migrate(name, empty=empty, no_input=True)
        if not version:
            return None
        await command.upgrade()
        return version


def generate_in_subprocess(
    database_url: str, location: Path, name: str, *, empty: bool = False
) -> str | None:
    """`generate` in a fresh interpreter; raises MakeMigrationsError with aerich's output on failure."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as result:
        argv = [sys.executable, str(Path(__file__).resolve()), "_generate", database_url, str(location)]
        argv += [name, result.name] + (["--empty"] if empty else [])
        proc = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
        output = (proc.stdout + proc.stderr).strip()
        answer = json.loads(Path(result.name).read_text() or "{}")
        if "unsupported" in answer:
            raise MakeMigrationsError(
                f"{location.name}: {answer['unsupported']} Prefer an additive change (a new column); "
                "or rerun with --sqlite-by-hand for an empty SQLite migration to fill with a table "
                "rebuild (docs/migrations.md)"
            )
        if proc.returncode != 0:
            raise MakeMigrationsError(f"aerich failed for {location.name}:\n{output}")
        if output:
            print(output)
        return answer["version"]


def without_state(path: Path) -> str:
    """A migration file without its MODELS_STATE blob (compressed models), for people to read."""
    return path.read_text().split("\nMODELS_STATE", 1)[0].rstrip()


# --- throwaway databases ----------------------------------------------------------------------


@contextmanager
def throwaway_database(dialect: str, workdir: Path, pg_url: str) -> Iterator[str]:
    """The URL of a new empty database of `dialect`, dropped on exit."""
    if dialect == "sqlite":
        yield f"sqlite://{workdir / 'makemigrations.sqlite3'}"
        return
    name = f"gp_makemigrations_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_pg_admin(pg_url, f'CREATE DATABASE "{name}"'))
    try:
        yield pg_url.rsplit("/", 1)[0] + "/" + name
    finally:
        asyncio.run(_pg_admin(pg_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _pg_admin(pg_url: str, sql: str) -> None:
    import asyncpg

    dsn = pg_url.replace("postgres://", "postgresql://", 1)
    try:
        conn = await asyncpg.connect(dsn, timeout=5)
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        raise MakeMigrationsError(
            f"PostgreSQL at {pg_url} does not answer ({exc.__class__.__name__}: {exc}); both histories "
            "are generated together, so start PostgreSQL or pass --pg-url"
        ) from exc
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


# --- both dialects ----------------------------------------------------------------------------


def make_migrations(name: str, *, check: bool, pg_url: str, sqlite_by_hand: bool = False) -> list[Path]:
    """Generate (or, with `check`, only detect) the next migration of both histories.

    With `sqlite_by_hand` the SQLite file is an empty migration carrying the new models' state, for
    a change aerich cannot express on SQLite (modifying a column): its SQL is written by hand.
    Returns the files written into the repository (with `check`: the files that would be).
    """
    names = {d: migration_files(history_dir(d)) for d in DIALECTS}
    if len({tuple(v) for v in names.values()}) != 1:
        raise MakeMigrationsError(f"the histories differ before generating: {names}; align them first")
    with (
        tempfile.TemporaryDirectory(prefix="makemigrations-") as tmp,
        throwaway_database("sqlite", Path(tmp), pg_url) as sqlite_url,
        throwaway_database("postgres", Path(tmp), pg_url) as postgres_url,
    ):
        urls = {"sqlite": sqlite_url, "postgres": postgres_url}
        work = {d: Path(tmp) / d for d in DIALECTS}
        for dialect in DIALECTS:
            if history_dir(dialect).is_dir():
                ignore = shutil.ignore_patterns("__pycache__")
                shutil.copytree(history_dir(dialect), work[dialect] / APP, ignore=ignore)
        made = {
            d: generate_in_subprocess(urls[d], work[d], name, empty=sqlite_by_hand and d == "sqlite")
            for d in DIALECTS
        }
        if not any(made.values()):
            return []
        shared = next(v for v in made.values() if v)
        if check:
            for dialect, version in made.items():
                if version:
                    print(f"{dialect}: missing migration; aerich would generate:\n")
                    print(without_state(work[dialect] / APP / version) + "\n")
            return [history_dir(d) / shared for d in DIALECTS]
        for dialect in DIALECTS:
            if made[dialect] is None:
                print(f"{dialect}: no change seen; adding an empty migration to keep the names aligned")
                made[dialect] = generate_in_subprocess(urls[dialect], work[dialect], name, empty=True)
        # Copied only now that both dialects generated and applied their file.
        written = []
        for dialect in DIALECTS:
            target = history_dir(dialect) / shared
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work[dialect] / APP / made[dialect], target)
            written.append(target)
        return written


async def _models_state() -> dict:
    from aerich.utils import get_models_describe
    from tortoise import Tortoise

    from graphql_portal.db import tortoise_config

    await Tortoise.init(config=tortoise_config("sqlite://:memory:"))
    try:
        return get_models_describe(APP)
    finally:
        await Tortoise.close_connections()


def restate_latest() -> list[Path]:
    """Write the models' current state into the newest migration of each history."""
    from aerich.utils import get_formatted_compressed_data

    state = get_formatted_compressed_data(asyncio.run(_models_state()))
    written = []
    for dialect in DIALECTS:
        path = history_dir(dialect) / migration_files(history_dir(dialect))[-1]
        head = path.read_text().split("\nMODELS_STATE = (", 1)[0]
        path.write_text(f"{head}\nMODELS_STATE = (\n    {state}\n)\n")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["_generate"]:
        return _generate_main(args[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("name", nargs="?", help="what the migration does, e.g. add_order_note")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if a migration is missing"
    )
    parser.add_argument(
        "--pg-url", default=DEFAULT_PG_URL, help="a PostgreSQL URL allowed to create databases"
    )
    parser.add_argument(
        "--restate",
        action="store_true",
        help="write the models' state into the newest migration of each history (after a merge)",
    )
    parser.add_argument(
        "--sqlite-by-hand",
        action="store_true",
        help="write an empty SQLite migration (with the models' state) to fill in by hand",
    )
    opts = parser.parse_args(args)
    if opts.restate:
        for path in restate_latest():
            print(f"restated {path.relative_to(REPO_ROOT)}")
        return 0
    if not opts.check and not (opts.name and opts.name.isidentifier()):
        parser.error("NAME is required and must look like add_order_note (letters, digits, _)")
    try:
        files = make_migrations(
            opts.name or "check", check=opts.check, pg_url=opts.pg_url, sqlite_by_hand=opts.sqlite_by_hand
        )
    except MakeMigrationsError as exc:
        print(f"makemigrations: {exc}", file=sys.stderr)
        return 2
    if not files:
        print("No changes: the models match both migration histories.")
        return 0
    if opts.check:
        print("Missing migration: run scripts/makemigrations.py NAME", file=sys.stderr)
        return 1
    for path in files:
        print(f"created {path.relative_to(REPO_ROOT)}")
    if opts.sqlite_by_hand:
        print("Write the SQLite upgrade SQL by hand, then run: pytest -q tests/migrations")
    print("Read both files before committing them with the model change.")
    return 0


def _generate_main(args: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="makemigrations.py _generate")
    parser.add_argument("database_url")
    parser.add_argument("location", type=Path)
    parser.add_argument("name")
    parser.add_argument("result", type=Path)
    parser.add_argument("--empty", action="store_true")
    opts = parser.parse_args(args)
    from aerich.exceptions import NotSupportError

    try:
        version = asyncio.run(generate(opts.database_url, opts.location, opts.name, empty=opts.empty))
    except NotSupportError as exc:  # e.g. "Modify column is unsupported in SQLite."
        opts.result.write_text(json.dumps({"unsupported": str(exc)}))
        return 3
    opts.result.write_text(json.dumps({"version": version}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
