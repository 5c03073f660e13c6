"""Fixtures of the portal tests: one seeded database and one live server per module and dialect
(the browser and a fresh page per test come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.portal import Portal, seeded_portal


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
async def portal(request, db_root, tmp_path_factory) -> Portal:
    """The application with the demo data; the tests of a module share it, so each test works
    on customers and users the others leave alone."""
    async with seeded_portal(request.param, db_root, tmp_path_factory.mktemp("var")) as server:
        yield server
