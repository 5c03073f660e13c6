"""Fulfilment benchmark: addendum render time and worker throughput, each beside a baseline.

    .venv/bin/python bench/bench_fulfilment.py                      # SQLite in a temporary folder
    .venv/bin/python bench/bench_fulfilment.py --database-url postgres://postgres@127.0.0.1:5432/postgres

With a PostgreSQL URL the benchmark creates a scratch database on that server and drops it at the
end. It prints the median of `--renders` addendum renders beside the median of an empty render,
the median of our SMTP send of the submitter's email beside a bare `smtplib` send of the same
bytes, and the orders per second one worker completes against a local aiosmtpd server.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import smtplib
import socket
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
from aiosmtpd.controller import Controller

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graphql_portal.auth import Principal
from graphql_portal.db import close_db, init_db
from graphql_portal.demo import seed_demo
from graphql_portal.fulfilment.addendum import (
    file_addendum,
    html_to_pdf,
    load_addendum_data,
    render_addendum_pdf,
)
from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.fulfilment.mail import build_message, smtp_send
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.migrate import migrate
from graphql_portal.models import (
    Customer,
    Delivery,
    DeliveryKind,
    Order,
    OrderStatus,
    PartnerUser,
    PrimaryProductMode,
    TokenKind,
)
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.rules import UpgradeRequest
from graphql_portal.ordering.submit import submit_upgrade
from graphql_portal.settings import load_settings

EMPTY_HTML = "<html><body><p>x</p></body></html>"


class Sink:
    """Accepts every message and counts them."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


async def median_ms_async(fn, repeat: int) -> float:
    """`median_ms` of a coroutine function, awaited in the running loop."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        await fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


async def place_orders(count: int) -> list[int]:
    """`count` orders through the real review and submit: one seat more for sample customers."""
    alice = Principal(
        kind=TokenKind.PARTNER_USER,
        token_id=0,
        user=await PartnerUser.get(email_key="alice@northwind.example"),
    )
    customers = await Customer.filter(account_code__startswith="SMP-").order_by("id")
    order_ids = []
    for i in range(count):
        customer = await Customer.get(id=customers[i % len(customers)].id)
        request = UpgradeRequest(
            customer_id=customer.id,
            implementation_lead_id=customer.implementation_lead_id,
            seat_adjustment=1,
            mode=PrimaryProductMode.KEEP_EXISTING,
        )
        reviewed = await review_upgrade(alice, request)
        assert not reviewed.errors, reviewed.errors
        submitted = await submit_upgrade(
            alice,
            reviewed.review.id,
            confirm_msa=True,
            confirm_authorized=True,
            queue_followups=queue_fulfilment,
        )
        assert not submitted.errors, submitted.errors
        order_ids.append(submitted.order.id)
    return order_ids


async def bench(database_url: str, var_dir: Path, renders: int, orders: int) -> dict:
    await migrate(database_url)
    await init_db(database_url)
    try:
        await seed_demo()
        port = free_port()
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            settings = load_settings(
                {
                    "PORTAL_DATABASE_URL": database_url,
                    "PORTAL_SECRET_KEY": "b" * 32,
                    "PORTAL_VAR_DIR": str(var_dir),
                    "PORTAL_SMTP_URL": f"smtp://127.0.0.1:{port}",
                    "PORTAL_WORKER_POLL_SECONDS": "0.05",
                }
            )
            # One order to measure the pieces on.
            (sample_id,) = await place_orders(1)
            data = await load_addendum_data(sample_id)
            render_addendum_pdf(data)  # warm caches (fonts, templates) before timing
            html_to_pdf(EMPTY_HTML)
            render = median_ms(lambda: render_addendum_pdf(data), renders)
            empty = median_ms(lambda: html_to_pdf(EMPTY_HTML), renders)

            attachment, _ = await file_addendum(sample_id, settings)
            delivery = await Delivery.get(order_id=sample_id, kind=DeliveryKind.SUBMITTER_ADDENDUM)
            mail = build_message(delivery, data, attachment, settings)
            raw = mail.message.as_bytes()

            def bare_send() -> None:
                with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
                    client.sendmail(settings.mail_from, [delivery.recipient], raw)

            sends = max(renders // 2, 10)
            bare = median_ms(bare_send, sends)
            ours = await median_ms_async(lambda: smtp_send(mail, settings.smtp), sends)
            await Worker(settings, "bench").run_once()  # finish the sample order

            order_ids = await place_orders(orders)
            started = time.perf_counter()
            ran = await Worker(settings, "bench").run_once()
            elapsed = time.perf_counter() - started
            completed = await Order.filter(id__in=order_ids, status=OrderStatus.COMPLETED).count()
        finally:
            controller.stop()
    finally:
        await close_db()
    return {
        "render": render,
        "empty": empty,
        "bare": bare,
        "ours": ours,
        "sends": sends,
        "ran": ran,
        "completed": completed,
        "elapsed": elapsed,
        "pdf_bytes": attachment.size,
        "mail_bytes": len(raw),
    }


async def scratch_postgres(admin_url: str, action: str, name: str) -> None:
    conn = await asyncpg.connect(admin_url.replace("postgres://", "postgresql://", 1))
    try:
        if action == "create":
            await conn.execute(f'CREATE DATABASE "{name}"')
        else:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


async def main_async(args: argparse.Namespace) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-fulfilment-") as tmp:
        var_dir = Path(tmp) / "var"
        if args.database_url is None:
            return await bench(f"sqlite://{tmp}/bench.sqlite3", var_dir, args.renders, args.orders)
        name = f"gp_bench_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        await scratch_postgres(args.database_url, "create", name)
        try:
            url = args.database_url.rsplit("/", 1)[0] + "/" + name
            return await bench(url, var_dir, args.renders, args.orders)
        finally:
            await scratch_postgres(args.database_url, "drop", name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL (a scratch database is made on it)")
    parser.add_argument("--renders", type=int, default=50)
    parser.add_argument("--orders", type=int, default=200)
    args = parser.parse_args()
    result = asyncio.run(main_async(args))
    dialect = "postgres" if args.database_url else "sqlite"
    r = result
    floor = r["render"] + 2 * r["bare"]
    rate = r["completed"] / r["elapsed"]
    lines = [
        f"machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}, {dialect}",
        f"addendum render, median of {args.renders}: {r['render']:.1f} ms ({r['pdf_bytes']} bytes)",
        f"  baseline, empty render:        {r['empty']:.1f} ms  (ratio {r['render'] / r['empty']:.1f}x)",
        f"submitter email send, median of {r['sends']}: {r['ours']:.1f} ms ({r['mail_bytes']} bytes)",
        f"  baseline, bare smtplib send:   {r['bare']:.1f} ms  (ratio {r['ours'] / r['bare']:.1f}x)",
        f"worker throughput: {r['completed']} of {args.orders} orders completed, {r['ran']} jobs "
        f"in {r['elapsed']:.2f} s = {rate:.1f} orders/s ({1000 / rate:.1f} ms per order)",
        f"  baseline, render + 2 bare sends: {floor:.1f} ms per order "
        f"(worker overhead {1000 / rate / floor:.2f}x)",
    ]
    print("\n".join(lines))
    return 0 if result["completed"] == args.orders else 1


if __name__ == "__main__":
    sys.exit(main())
