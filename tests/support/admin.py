"""The admin in tests: the whole app under uvicorn on a loopback port, and signing in to it."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from graphql_portal.app import create_app
from graphql_portal.settings import Settings

from .demo import STAFF_EMAIL, STAFF_PASSWORD
from .html import csrf_from

# Each admin test module runs on SQLite only: `pytestmark = SQLITE_ONLY`. The admin has no SQL of
# its own beyond plain filters; the domain it calls is tested on both dialects in its own folders.
SQLITE_ONLY = pytest.mark.parametrize("db", ["sqlite"], indirect=True)


@dataclass
class LiveServer:
    """The whole application under uvicorn on a loopback port, in the test's event loop (so it
    shares the ORM the `db` fixture initialised)."""

    url: str
    settings: Settings

    def admin(self, path: str = "/") -> str:
        return f"{self.url}/admin{path}"

    def client(self, **kwargs) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.url, follow_redirects=False, timeout=10, **kwargs)


@contextlib.asynccontextmanager
async def live_server(settings: Settings) -> AsyncIterator[LiveServer]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = create_app(settings, manage_db=False, run_worker=False)
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield LiveServer(
            f"http://127.0.0.1:{port}", dataclasses.replace(settings, base_url=f"http://127.0.0.1:{port}")
        )
    finally:
        server.should_exit = True
        await task
        sock.close()


async def http_sign_in(client: httpx.AsyncClient, password: str) -> str:
    """Sign in over plain HTTP (no browser); returns the session's CSRF token."""
    page = await client.get("/admin/signin")
    response = await client.post(
        "/admin/signin",
        data={"csrf_token": csrf_from(page.text), "email": STAFF_EMAIL, "password": password, "next": "/"},
    )
    assert response.status_code == 303, response.text
    home = await client.get("/admin/")
    assert home.status_code == 200
    return csrf_from(home.text)


async def sign_in(page, live: LiveServer, password: str = STAFF_PASSWORD, path: str = "/") -> None:
    """Open `path` and sign in on the page the admin redirects to."""
    await page.goto(live.admin(path))
    await page.fill("input[name=email]", STAFF_EMAIL)
    await page.fill("input[name=password]", password)
    await page.click("form button[type=submit]")
    await page.wait_for_url(lambda url: "/admin/signin" not in url)
