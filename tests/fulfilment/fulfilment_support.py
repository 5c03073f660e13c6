"""Helpers of the fulfilment tests: orders from the demo data, settings, a real SMTP server."""

from __future__ import annotations

import asyncio
import datetime as dt
import email
import email.policy
import os
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller
from tortoise.transactions import in_transaction

from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.models import (
    Customer,
    Order,
    Partner,
    PartnerUser,
    PriceListVersion,
    PrimaryProductMode,
    Review,
)
from graphql_portal.settings import Settings, load_settings
from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]

# Fabrikam Dental's worked example of the demo data: SEG-ESS -> SEG-PRO, + ADD-IMP, seats +10.
FABRIKAM_BEFORE = [
    {
        "sku": "SEG-ESS",
        "name": "Secure Email Gateway Essentials",
        "kind": "PRIMARY",
        "seats": 50,
        "unit_price": "1.60",
        "monthly_amount": "80.00",
    },
    {
        "sku": "ADD-URL",
        "name": "URL Protection",
        "kind": "ADDON",
        "seats": 50,
        "unit_price": "0.48",
        "monthly_amount": "24.00",
    },
]
FABRIKAM_AFTER = [
    {
        "sku": "SEG-PRO",
        "name": "Secure Email Gateway Professional",
        "kind": "PRIMARY",
        "seats": 60,
        "unit_price": "2.50",
        "monthly_amount": "150.00",
    },
    {
        "sku": "ADD-URL",
        "name": "URL Protection",
        "kind": "ADDON",
        "seats": 60,
        "unit_price": "0.48",
        "monthly_amount": "28.80",
    },
    {
        "sku": "ADD-IMP",
        "name": "Impersonation Protection",
        "kind": "ADDON",
        "seats": 60,
        "unit_price": "0.40",
        "monthly_amount": "24.00",
    },
]
SUBMITTER = "oscar@northwind.example"
LEAD = "lena@northwind.example"


async def make_order(
    *,
    account_code: str = "FAB-001",
    submitter_email: str = SUBMITTER,
    lead_email: str = LEAD,
    submitted_at: dt.datetime | None = None,
) -> Order:
    """A Fabrikam-style order (review, order, its jobs and deliveries) as submit would write it."""
    customer = await Customer.get(account_code=account_code)
    partner = await Partner.get(id=customer.partner_id).prefetch_related("agreement")
    submitter = await PartnerUser.get(email_key=submitter_email)
    lead = await PartnerUser.get(email_key=lead_email)
    price_list = (
        await PriceListVersion.filter(effective_on__lte=dt.date.today()).order_by("-effective_on").first()
    )
    now = submitted_at or dt.datetime.now(dt.UTC)
    async with in_transaction() as conn:
        review = await Review.create(
            partner=partner,
            customer=customer,
            created_by=submitter,
            implementation_lead=lead,
            seat_adjustment=10,
            primary_mode=PrimaryProductMode.SELECT_NEW,
            primary_sku="SEG-PRO",
            replaces_sku="SEG-ESS",
            addon_skus=["ADD-IMP"],
            seats_before=50,
            seats_after=60,
            lines_before=FABRIKAM_BEFORE,
            lines_after=FABRIKAM_AFTER,
            monthly_cost_before=Decimal("104.00"),
            monthly_cost_after=Decimal("202.80"),
            currency="USD",
            msa_reference=partner.agreement.msa_reference,
            customer_version=customer.version,
            agreement_revision=partner.agreement.revision,
            price_list_version=price_list,
            expires_at=now + dt.timedelta(minutes=30),
            effective_on=now.date(),
            using_db=conn,
        )
        order = await Order.create(
            partner=partner,
            customer=customer,
            review=review,
            submitted_by=submitter,
            implementation_lead=lead,
            submitted_at=now,
            updated_at=now,
            seats_before=50,
            seats_after=60,
            lines_before=FABRIKAM_BEFORE,
            lines_after=FABRIKAM_AFTER,
            monthly_cost_before=Decimal("104.00"),
            monthly_cost_after=Decimal("202.80"),
            monthly_cost_change=Decimal("98.80"),
            currency="USD",
            msa_reference=partner.agreement.msa_reference,
            effective_on=now.date(),
            applied_at=now,
            using_db=conn,
        )
        await queue_fulfilment(order, submitter, lead, using_db=conn)
    return order


def settings_env(database_url: str, var_dir: Path, *, smtp_port: int | None = None, **overrides: str) -> dict:
    """The environment of a test worker: quick retries, short polls."""
    env = {
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": "x" * 32,
        "PORTAL_VAR_DIR": str(var_dir),
        "PORTAL_BASE_URL": "http://portal.test",
        "PORTAL_MAIL_FROM": "orders@portal.example",
        "PORTAL_JOB_MAX_ATTEMPTS": "3",
        "PORTAL_JOB_BACKOFF_SECONDS": "0.05",
        "PORTAL_JOB_BACKOFF_MAX_SECONDS": "0.2",
        "PORTAL_JOB_LEASE_SECONDS": "30",
        "PORTAL_WORKER_POLL_SECONDS": "0.05",
    }
    if smtp_port is not None:
        env["PORTAL_SMTP_URL"] = f"smtp://127.0.0.1:{smtp_port}"
    env.update(overrides)
    return env


def make_settings(
    database_url: str, var_dir: Path, *, smtp_port: int | None = None, **overrides: str
) -> Settings:
    return load_settings(settings_env(database_url, var_dir, smtp_port=smtp_port, **overrides))


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        return self.message.get_body(("plain",)).get_content()

    @property
    def html(self) -> str:
        return self.message.get_body(("html",)).get_content()

    def attachments(self) -> list[tuple[str, bytes]]:
        return [(part.get_filename(), part.get_content()) for part in self.message.iter_attachments()]


@dataclass
class Mailbox:
    """An aiosmtpd handler that keeps what it accepts and can refuse or stall on demand."""

    messages: list[Received] = field(default_factory=list)
    refuse_recipients: dict[str, str] = field(default_factory=dict)
    # Seconds to stall before accepting, consumed one per DATA command.
    stalls: list[float] = field(default_factory=list)
    data_started: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        answer = self.refuse_recipients.get(address)
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_started.set()
        with self.lock:
            stall = self.stalls.pop(0) if self.stalls else 0.0
        if stall:
            # A client that goes away meanwhile cancels this coroutine: nothing is accepted.
            await asyncio.sleep(stall)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.rcpt_tos]


class SmtpServer:
    """A real SMTP server on a loopback port, started and stopped by the test."""

    def __init__(self, port: int | None = None, mailbox: Mailbox | None = None) -> None:
        self.port = port or free_port()
        self.mailbox = mailbox or Mailbox()
        self.controller: Controller | None = None

    def start(self) -> SmtpServer:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


async def wait_for(predicate: Callable[[], Awaitable[bool]], timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if await predicate():
            return True
        await asyncio.sleep(interval)
    return await predicate()


def worker_env(env: dict) -> dict:
    """The environment of a worker subprocess: ours plus the test settings, no stray PORTAL_*."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    return {**base, **env, "PYTHONUNBUFFERED": "1"}
