"""Helpers of the admin tests: a live server, a real order, a real SMTP server, signing in."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import re
import socket
import threading
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from aiosmtpd.controller import Controller

from graphql_portal.app import create_app
from graphql_portal.auth import Principal
from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Customer, Order, OrderStatus, PartnerUser, PrimaryProductMode, TokenKind
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.rules import UpgradeRequest
from graphql_portal.ordering.submit import submit_upgrade
from graphql_portal.settings import Settings, load_settings
from tests.conftest import STAFF_PASSWORD

STAFF_EMAIL = "staff@portal.example"
# Each test module runs on SQLite only: `pytestmark = SQLITE_ONLY`. The admin has no SQL of its
# own beyond plain filters; the domain it calls is tested on both dialects in its own folders.
SQLITE_ONLY = pytest.mark.parametrize("db", ["sqlite"], indirect=True)
SECRET_KEY = "admin-tests-secret-key-" + "k" * 20
ROOT = Path(__file__).resolve().parents[2]


def make_settings(database_url: str, var_dir: Path, **overrides) -> Settings:
    """Test settings: quick job retries and sign-in delays; `overrides` replace fields (e.g.
    upload_max_bytes)."""
    settings = load_settings(
        {
            "PORTAL_DATABASE_URL": database_url,
            "PORTAL_SECRET_KEY": SECRET_KEY,
            "PORTAL_VAR_DIR": str(var_dir),
            "PORTAL_JOB_MAX_ATTEMPTS": "1",
            "PORTAL_JOB_BACKOFF_SECONDS": "0.05",
            "PORTAL_JOB_BACKOFF_MAX_SECONDS": "0.1",
            "PORTAL_WORKER_POLL_SECONDS": "0.05",
        },
        dotenv=False,
    )
    return dataclasses.replace(settings, **{"signin_delay_max_seconds": 0.05, **overrides})


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


async def principal(email: str) -> Principal:
    user = await PartnerUser.get(email_key=email)
    return Principal(kind=TokenKind.PARTNER_USER, token_id=0, user=user)


async def place_fabrikam_order() -> Order:
    """The demo data's worked example, reviewed and submitted by Oscar: SEG-ESS -> SEG-PRO,
    + ADD-IMP, seats +10 (104.00 -> 202.80 USD a month)."""
    oscar = await principal("oscar@northwind.example")
    fabrikam = await Customer.get(account_code="FAB-001")
    lead = await PartnerUser.get(email_key="lena@northwind.example")
    request = UpgradeRequest(
        customer_id=fabrikam.id,
        implementation_lead_id=lead.id,
        seat_adjustment=10,
        mode=PrimaryProductMode.SELECT_NEW,
        sku="SEG-PRO",
        replaces_sku="SEG-ESS",
        addon_skus=("ADD-IMP",),
    )
    reviewed = await review_upgrade(oscar, request)
    assert reviewed.errors == [], reviewed.errors
    submitted = await submit_upgrade(
        oscar, reviewed.review.id, confirm_msa=True, confirm_authorized=True, queue_followups=queue_fulfilment
    )
    assert submitted.errors == [], submitted.errors
    return submitted.order


async def work_until_settled(settings: Settings, order_id: int, timeout: float = 30) -> OrderStatus:
    """Run the worker until the order is no longer PROCESSING (deferred jobs come due quickly)."""
    worker = Worker(settings, "admin-tests")
    deadline = time.monotonic() + timeout
    while True:
        await worker.run_once()
        status = (await Order.get(id=order_id)).status
        if status is not OrderStatus.PROCESSING or time.monotonic() > deadline:
            return status
        await asyncio.sleep(0.05)


@dataclass
class SmtpSink:
    """A real SMTP server (aiosmtpd) on a given loopback port that keeps every message."""

    port: int
    messages: list[tuple[str, list[str]]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        with self._lock:
            self.messages.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 OK"

    def start(self) -> SmtpSink:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def recipients(self) -> list[str]:
        with self._lock:
            return sorted(r for _, rcpts in self.messages for r in rcpts)


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


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
