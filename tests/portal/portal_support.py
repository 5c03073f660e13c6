"""Helpers of the portal tests: one live server per module on its own seeded database, with the
worker and a real SMTP server that keeps every message whole."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import email
import email.policy
import re
import socket
import threading
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import httpx
import uvicorn
from aiosmtpd.controller import Controller
from tests.ports import free_port

from graphql_portal.app import create_app
from graphql_portal.auth import set_password
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.settings import Settings, load_settings

SECRET_KEY = "portal-tests-secret-key-" + "p" * 20
PASSWORDS = {
    "alice@northwind.example": "Blue-harbour-17",
    "oscar@northwind.example": "Green-meadow-42",
    "vera@northwind.example": "Quiet-river-93",
    "lena@northwind.example": "Amber-valley-28",
    "carl@contoso.example": "Silver-canyon-55",
}


@dataclass
class MailSink:
    """A real SMTP server (aiosmtpd) on a loopback port that keeps every message."""

    port: int = field(default_factory=free_port)
    messages: list[EmailMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 OK"

    def start(self) -> MailSink:
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address in str(m["To"])]

    async def wait_for(self, address: str, count: int = 1, timeout: float = 15) -> list[EmailMessage]:
        for _ in range(int(timeout / 0.05)):
            found = self.to(address)
            if len(found) >= count:
                return found
            await asyncio.sleep(0.05)
        raise AssertionError(f"no message #{count} to {address} within {timeout} s")


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()


def links_in(text: str) -> list[str]:
    """The links of a text part: each stands alone on its own line."""
    return [line.strip() for line in text.splitlines() if re.fullmatch(r"\s*https?://\S+\s*", line)]


@dataclass
class Portal:
    url: str
    settings: Settings
    mail: MailSink
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
        return httpx.AsyncClient(base_url=self.url, follow_redirects=False, timeout=10, **kwargs)


def make_settings(database_url: str, var_dir: Path, base_url: str, smtp_port: int) -> Settings:
    settings = load_settings(
        {
            "PORTAL_DATABASE_URL": database_url,
            "PORTAL_SECRET_KEY": SECRET_KEY,
            "PORTAL_VAR_DIR": str(var_dir),
            "PORTAL_BASE_URL": base_url,
            "PORTAL_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
            "PORTAL_JOB_MAX_ATTEMPTS": "3",
            "PORTAL_JOB_BACKOFF_SECONDS": "0.05",
            "PORTAL_JOB_BACKOFF_MAX_SECONDS": "0.1",
            "PORTAL_WORKER_POLL_SECONDS": "0.05",
        },
        dotenv=False,
    )
    return settings


async def _work(settings: Settings, stop: asyncio.Event, running: asyncio.Event) -> None:
    """The worker, polling quickly, held while `running` is clear."""
    worker = Worker(settings, "portal-tests")
    while not stop.is_set():
        if running.is_set():
            await worker.run_once()
        await asyncio.sleep(0.05)


@contextlib.asynccontextmanager
async def portal_server(database_url: str, var_dir: Path, **overrides) -> AsyncIterator[Portal]:
    """The whole application under uvicorn on a loopback port, in the test's event loop (so it
    shares the ORM the fixture initialised), with the worker and a mail sink beside it."""
    for address, password in PASSWORDS.items():
        await set_password(address, password)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    mail = MailSink().start()
    settings = dataclasses.replace(make_settings(database_url, var_dir, url, mail.port), **overrides)
    app = create_app(settings, manage_db=False, run_worker=False)
    server = uvicorn.Server(uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False))
    task = asyncio.create_task(server.serve(sockets=[sock]))
    stop, running = asyncio.Event(), asyncio.Event()
    running.set()
    worker = asyncio.create_task(_work(settings, stop, running))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield Portal(url, settings, mail, running)
    finally:
        stop.set()
        server.should_exit = True
        await task
        await worker
        sock.close()
        mail.stop()


async def sign_in(page, portal: Portal, email_address: str, path: str = "/") -> None:
    """Open `path` and sign in on the page the portal redirects to."""
    await page.goto(portal.at(path))
    await page.get_by_label("Email").fill(email_address)
    await page.get_by_label("Password").fill(PASSWORDS[email_address])
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(lambda url: "/signin" not in url)


CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


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
