"""The partner portal in tests: the whole app under uvicorn with the worker and a real SMTP server
beside it, and signing in as a demo user."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from playwright.async_api import expect

from graphql_portal.app import create_app
from graphql_portal.auth import set_password
from graphql_portal.clock import FileClock
from graphql_portal.db import close_db, init_db
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.settings import Settings

from .database import drop_database, new_database, require_dialect
from .environment import make_settings
from .html import csrf_from
from .smtp import Mailbox, SmtpServer

PASSWORDS = {
    "alice@northwind.example": "Blue-harbour-17",
    "oscar@northwind.example": "Green-meadow-42",
    "vera@northwind.example": "Quiet-river-93",
    "lena@northwind.example": "Amber-valley-28",
    "carl@contoso.example": "Silver-canyon-55",
}


@dataclass
class Portal:
    url: str
    settings: Settings
    mail: Mailbox
    worker_running: asyncio.Event

    @contextlib.asynccontextmanager
    async def worker_paused(self) -> AsyncIterator[None]:
        """Hold the worker (after the job it may be running) so an order stays PROCESSING."""
        self.worker_running.clear()
        await asyncio.sleep(0.2)
        try:
            yield
        finally:
            self.worker_running.set()

    def at(self, path: str = "/") -> str:
        return self.url + path

    def client(self, **kwargs) -> httpx.AsyncClient:
        return httpx.AsyncClient(**{"base_url": self.url, "follow_redirects": False, "timeout": 10, **kwargs})


class Turns:
    """Requests and the worker take turns: any number of requests at once, or one worker step.

    Every query the portal answers through a compiled plan is answered again by graphql-core and
    the two compared (tests/conftest.py); a worker step between the two (an addendum filed, an
    event recorded) would make them differ for a reason of their own.
    """

    def __init__(self) -> None:
        self.requests = 0
        self.working = False
        self.changed = asyncio.Condition()

    @contextlib.asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        async with self.changed:
            await self.changed.wait_for(lambda: not self.working)
            self.requests += 1
        try:
            yield
        finally:
            async with self.changed:
                self.requests -= 1
                self.changed.notify_all()

    @contextlib.asynccontextmanager
    async def work(self) -> AsyncIterator[None]:
        async with self.changed:
            await self.changed.wait_for(lambda: self.requests == 0)
            self.working = True
        try:
            yield
        finally:
            async with self.changed:
                self.working = False
                self.changed.notify_all()


def taking_turns(app, turns: Turns):
    """The ASGI app, each HTTP request answered in its turn."""

    async def answer(scope, receive, send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        async with turns.request():
            await app(scope, receive, send)

    return answer


async def _work(settings: Settings, stop: asyncio.Event, running: asyncio.Event, turns: Turns) -> None:
    """The worker, polling quickly, held while `running` is clear, a step at a time between requests."""
    worker = Worker(settings, "portal-tests")
    while not stop.is_set():
        if running.is_set():
            async with turns.work():
                await worker.run_once()
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def portal_server(database_url: str, var_dir: Path, **fields) -> AsyncIterator[Portal]:
    """The whole application under uvicorn on a loopback port, in the test's event loop (so it
    shares the ORM the fixture initialised), with the worker and an SMTP server beside it."""
    for address, password in PASSWORDS.items():
        await set_password(address, password)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    smtp = SmtpServer().start()
    settings = make_settings(database_url, var_dir, smtp_port=smtp.port, base_url=url, **fields)
    turns = Turns()
    app = taking_turns(create_app(settings, manage_db=False, run_worker=False), turns)
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    stop, running = asyncio.Event(), asyncio.Event()
    running.set()
    worker = asyncio.create_task(_work(settings, stop, running, turns))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield Portal(url, settings, smtp.mailbox, running)
    finally:
        stop.set()
        server.should_exit = True
        await task
        await worker
        sock.close()
        smtp.stop()


@contextlib.asynccontextmanager
async def seeded_portal(dialect: str, db_root: Path, var_dir: Path, **fields) -> AsyncIterator[Portal]:
    """`portal_server` on a fresh copy of the seeded database of `dialect` (the ORM initialised on
    it for the test's own reads and writes), dropped afterwards; `fields` replace settings."""
    await require_dialect(dialect)
    database = await new_database(dialect, db_root)
    await init_db(database.url)
    try:
        async with portal_server(database.url, var_dir, **fields) as server:
            yield server
    finally:
        await close_db()
        await drop_database(database)


@contextlib.asynccontextmanager
async def seeded_portal_at(dialect: str, db_root: Path, var_dir: Path, when) -> AsyncIterator[Portal]:
    """`seeded_portal` whose clock is a file in `var_dir` standing at `when` (tests move it on)."""
    clock = FileClock(var_dir / "clock")
    clock.set(when)
    async with seeded_portal(dialect, db_root, var_dir, clock=clock) as server:
        yield server


async def sign_in(page, portal: Portal, email_address: str, path: str = "/") -> None:
    """Open `path` and sign in on the page the portal redirects to."""
    await page.goto(portal.at(path))
    await page.get_by_label("Email").fill(email_address)
    await page.get_by_label("Password").fill(PASSWORDS[email_address])
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(lambda url: "/signin" not in url)


REVIEW_TERMS = ("cost-change", "prorated-charge", "effective-on", "partner-reference")


async def review_terms(page, customer_name: str) -> dict[str, str]:
    """Press Review Upgrade on a customer's Change Options and wait for the review; its change,
    prorated charge, effective date and (when it has one) partner reference, by element id."""
    await page.get_by_role("button", name="Review Upgrade").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Review Upgrade: {customer_name}")
    return {
        term: await page.inner_text(f"#{term}")
        for term in REVIEW_TERMS
        if await page.locator(f"#{term}").count()
    }


async def http_sign_in(client: httpx.AsyncClient, email_address: str) -> str:
    """Sign in over plain HTTP (no browser); returns the session's CSRF token."""
    page = await client.get("/signin")
    response = await client.post(
        "/signin",
        data={
            "csrf_token": csrf_from(page.text),
            "email": email_address,
            "password": PASSWORDS[email_address],
            "next": "/customers",
        },
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/customers"
    customers = await client.get("/customers")
    assert customers.status_code == 200
    return csrf_from(customers.text)
