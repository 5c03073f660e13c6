"""Two deploys migrating one PostgreSQL database at once take turns on an advisory lock."""

from __future__ import annotations

import asyncio
import os
import sys

import asyncpg
import pytest

from graphql_portal.migrate import ADVISORY_LOCK_KEY, migration_names

postgres_only = pytest.mark.parametrize("empty_db", ["postgres"], indirect=True)


async def _migrate(url: str, tmp_path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    env.update(PORTAL_DATABASE_URL=url, PORTAL_VAR_DIR=str(tmp_path / "var"), PORTAL_SECRET_KEY="k" * 40)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "graphql_portal.cli", "migrate",
        env=env, cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    out, err = await asyncio.wait_for(process.communicate(), 300)
    assert out == b""
    return process.returncode, err.decode()


@postgres_only
async def test_two_concurrent_migrates_apply_each_migration_once(empty_db, tmp_path):
    url = empty_db.url.replace("postgres://", "postgresql://", 1)
    # Hold the lock first, so both processes are surely waiting for it at the same time.
    holder = await asyncpg.connect(url)
    await holder.execute("SELECT pg_advisory_lock($1)", ADVISORY_LOCK_KEY)
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    runs = [asyncio.create_task(_migrate(empty_db.url, tmp_path / name)) for name in ("a", "b")]
    waiting = 0
    for _ in range(1200):  # a loaded machine takes seconds to start a process
        waiting = await holder.fetchval(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = $1",
            ADVISORY_LOCK_KEY,
        )
        if waiting == 2 or all(run.done() for run in runs):
            break
        await asyncio.sleep(0.1)
    await holder.execute("SELECT pg_advisory_unlock($1)", ADVISORY_LOCK_KEY)
    results = await asyncio.gather(*runs)
    try:
        assert [code for code, _ in results] == [0, 0], results
        messages = sorted(err.strip().splitlines()[-1] for _, err in results)
        names = migration_names("postgres")
        assert messages == [f"Applied {len(names)} migration(s): {', '.join(names)}", "The database is up to date."]
        versions = await holder.fetch("SELECT version FROM aerich ORDER BY id")
        assert [v["version"].removesuffix(".py") for v in versions] == names
        assert waiting == 2  # both had reached the lock while it was held
    finally:
        await holder.close()
