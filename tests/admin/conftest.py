"""Fixtures of the admin tests: settings and a live server per test (the browser is in tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.support.admin import LiveServer, live_server
from tests.support.environment import make_settings


@pytest.fixture
def settings(db, tmp_path):
    return make_settings(db.url, tmp_path)


@pytest.fixture
async def live(settings) -> LiveServer:
    async with live_server(settings) as server:
        yield server
