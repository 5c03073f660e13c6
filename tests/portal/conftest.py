"""Fixtures of the portal tests: one seeded database and one live server per module and
dialect, one headless Chromium, and a fresh browser context per test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from graphql_portal.db import close_db, init_db
from tests.support.database import drop_database, new_database, require_dialect
from tests.support.environment import IN_CI
from tests.support.portal import Portal, portal_server

CHROMIUM = os.environ.get("PORTAL_TEST_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


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


def _missing_browser() -> str | None:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)"
    return None


@pytest.fixture(scope="session")
async def chromium():
    reason = _missing_browser()
    if reason:
        if IN_CI:
            pytest.fail(f"{reason}; under CI=true the browser tests must run")
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            await browser.close()


@pytest.fixture
async def page(chromium):
    """A fresh browser context (no cookies) with a laptop-sized window."""
    context = await chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(10_000)
    page = await context.new_page()
    try:
        yield page
    finally:
        await context.close()
