"""Fixtures of the portal tests: one seeded database and one live server per module and dialect
(the browser and a fresh page per test come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from graphql_portal.db import close_db, init_db
from tests.support.database import drop_database, new_database, require_dialect
from tests.support.portal import Portal, portal_server


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
async def portal(request, db_root, tmp_path_factory) -> Portal:
    """The application with the demo data; the tests of a module share it, so each test works
    on customers and users the others leave alone."""
    await require_dialect(request.param)
    database = await new_database(request.param, db_root)
    await init_db(database.url)
    try:
        async with portal_server(database.url, tmp_path_factory.mktemp("var")) as server:
            yield server
    finally:
        await close_db()
        await drop_database(database)
