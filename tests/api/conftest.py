"""Fixtures of the API tests: the app over ASGI with tokens for the demo users."""

from __future__ import annotations

import pytest

from tests.support.api import make_api
from tests.support.environment import make_settings


@pytest.fixture
async def api(db, tmp_path):
    async with make_api(make_settings(db.url, tmp_path / "var")) as client:
        yield client
