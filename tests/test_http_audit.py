"""The GraphQL-over-HTTP audit suite (npm's `graphql-http`, `serverAudits`) against the served app.

The npm packages are installed into tests/http_audit/ by `make test` and `.ci/run` (`npm ci`);
this test installs nothing. It skips only when node or npm is missing and CI is not set.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
from pathlib import Path

import pytest

from graphql_portal.app import create_app
from graphql_portal.auth import create_user_token
from tests.support.environment import make_settings
from tests.support.served import served

AUDIT_DIR = Path(__file__).parent / "http_audit"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def node_or_skip() -> str:
    node, npm = shutil.which("node"), shutil.which("npm")
    if node and npm:
        return node
    if IN_CI:
        pytest.fail("node and npm are required under CI=true for the GraphQL-over-HTTP audit")
    pytest.skip("node/npm not installed: the GraphQL-over-HTTP audit (graphql-http) did not run")


async def test_graphql_over_http_audit_reports_no_error_and_no_warning(db, tmp_path):
    node = node_or_skip()
    assert (AUDIT_DIR / "node_modules" / "graphql-http").is_dir(), (
        "run `npm ci` in tests/http_audit (make test and .ci/run do)"
    )
    app = create_app(make_settings(db.url, tmp_path / "var"), manage_db=False)
    token = (await create_user_token("alice@northwind.example")).token
    async with served(app) as base_url:
        process = await asyncio.create_subprocess_exec(
            node,
            "audit.mjs",
            f"{base_url}/graphql",
            token,
            cwd=AUDIT_DIR,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, stderr.decode()
    results = json.loads(stdout)
    assert len(results) > 50  # the whole suite ran
    problems = [r for r in results if r["status"] in ("error", "warn")]
    assert problems == []
    # Notices are optional features not offered: queries over GET (GET /graphql is 405 by design).
    notices = {r["id"] for r in results if r["status"] == "notice"}
    assert notices <= {"5A70", "D6D5", "6A70"}, [r for r in results if r["status"] == "notice"]
