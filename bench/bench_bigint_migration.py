"""How long the 64-bit keys migration takes on a large PostgreSQL database.

    .venv/bin/python -m bench.generate --reset --customers 10000 --orders 1000000 \\
        --database-url postgres://postgres@127.0.0.1:5432/gp_bench_storage
    .venv/bin/python -m bench.bench_bigint_migration \\
        --database-url postgres://postgres@127.0.0.1:5432/gp_bench_storage [--drop]

The generated database is at the head; the script first puts it back as it was before the
migration (its downgrade: every key INT, every sequence INTEGER; not timed), then applies it the
way `graphql-portal migrate` does and times that. It prints each table's rows and size, the
time, and checks that no key column or sequence is left 32-bit. `--drop` drops the database after.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import sys
import time

import asyncpg

from graphql_portal.migrate import history_dir, migrate, migration_files

from .support import DEFAULT_DATABASE_URL, asyncpg_dsn, database_name, maintenance_dsn, require_postgres

MIGRATION_SUFFIX = "_bigint_ids.py"


def _migration():
    name = next(f for f in migration_files(history_dir("postgres")) if f.endswith(MIGRATION_SUFFIX))
    spec = importlib.util.spec_from_file_location("bigint_ids", history_dir("postgres") / name)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return name.removesuffix(".py"), module


NARROW_KEYS = """
SELECT count(*) FROM information_schema.columns
WHERE table_schema = 'public' AND table_name <> 'aerich' AND data_type = 'integer'
  AND (column_name = 'id' OR column_name LIKE '%\\_id')
"""
NARROW_SEQUENCES = (
    "SELECT count(*) FROM pg_sequences WHERE data_type::text <> 'bigint' AND sequencename <> 'aerich_id_seq'"
)
SIZES = """
SELECT c.relname, c.reltuples::bigint, pg_total_relation_size(c.oid)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'aerich'
ORDER BY pg_total_relation_size(c.oid) DESC
"""


async def run(database_url: str) -> None:
    name, module = _migration()
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        applied = await conn.fetchval("SELECT count(*) FROM aerich WHERE version LIKE $1", name + "%")
        if not applied:
            sys.exit(f"{database_name(database_url)} is not at the head: run bench.generate --reset first")
        print("Putting the database back before the migration (its downgrade, not timed) ...", flush=True)
        started = time.perf_counter()
        async with conn.transaction():
            await conn.execute(await module.downgrade(None))
            await conn.execute("DELETE FROM aerich WHERE version LIKE $1", name + "%")
        narrow = await conn.fetchval(NARROW_KEYS)
        print(f"  downgrade: {time.perf_counter() - started:.1f} s; key columns 32-bit again: {narrow}")
        await conn.execute("CHECKPOINT")
        print("\n| table | rows | size |\n|---|---:|---:|")
        for relname, rows, size in await conn.fetch(SIZES):
            print(f"| {relname} | {rows:,} | {size / 2**20:,.0f} MiB |")
    finally:
        await conn.close()

    started = time.perf_counter()
    done = await migrate(database_url)
    elapsed = time.perf_counter() - started
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        narrow_keys, narrow_sequences = (
            await conn.fetchval(NARROW_KEYS),
            await conn.fetchval(NARROW_SEQUENCES),
        )
        total = await conn.fetchval("SELECT pg_database_size(current_database())")
    finally:
        await conn.close()
    print(f"\nmigrate applied {done} in {elapsed:.1f} s (database {total / 2**30:.2f} GiB)")
    print(f"key columns left 32-bit: {narrow_keys}; sequences left 32-bit: {narrow_sequences}")
    if narrow_keys or narrow_sequences or done != [name]:
        sys.exit("the migration did not leave every key 64-bit")


async def drop(database_url: str) -> None:
    conn = await asyncpg.connect(maintenance_dsn(database_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database_name(database_url)}" WITH (FORCE)')
    finally:
        await conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--drop", action="store_true", help="drop the database when done")
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)
    try:
        asyncio.run(run(args.database_url))
    finally:
        if args.drop:
            asyncio.run(drop(args.database_url))
            print(f"dropped {database_name(args.database_url)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
