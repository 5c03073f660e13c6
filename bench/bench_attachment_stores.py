"""Attachment stores side by side: the database (the baseline), a folder, S3 (moto's server).

    .venv/bin/python -m bench.bench_attachment_stores \\
        [--database-url postgres://postgres@127.0.0.1:5432/gp_bench_stores] [--orders 60] [--downloads 20]

Creates the PostgreSQL database (dropped at the end), loads the demo data and starts moto's
S3-compatible server on a loopback port. For each store it measures:
- addendum render-and-store: `file_addendum` (render, write, read back and check, the row) for
  `--orders` orders placed beforehand, and the store alone (`file_attachment` of those bytes);
- downloads of a 10 MB document through `graphql-portal serve` (a process of its own): MB/s of
  `--downloads` sequential downloads, then 4 at a time, and the server's resident memory
  (VmRSS sampled every 20 ms) before, at its peak and after.
Ratios are against the database store, measured in the same run.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import asyncpg
import httpx

from graphql_portal.db import close_db, init_db
from graphql_portal.demo import seed_demo
from graphql_portal.fulfilment.addendum import file_addendum
from graphql_portal.fulfilment.attachments import file_attachment
from graphql_portal.fulfilment.downloads import attachment_path
from graphql_portal.migrate import migrate
from graphql_portal.models import Attachment, AttachmentKind, Customer
from graphql_portal.settings import load_settings

from .bench_fulfilment import place_orders
from .support import (
    SECRET_KEY,
    database_name,
    free_port,
    issue_tokens,
    maintenance_dsn,
    portal_server,
    print_machine,
    require_postgres,
)

BUCKET = "portal-bench"
ACCESS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_REGION": "eu-west-1"}
DOWNLOAD_BYTES = 10 * 1000 * 1000
CONCURRENT = 4


def start_moto(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    import boto3

    boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{port}",
        aws_access_key_id=ACCESS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=ACCESS["AWS_SECRET_ACCESS_KEY"],
        region_name=ACCESS["AWS_REGION"],
    ).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": ACCESS["AWS_REGION"]})
    return process


def store_envs(work: Path, moto_port: int) -> dict[str, dict[str, str]]:
    return {
        "database": {"PORTAL_ATTACHMENT_STORE": "database"},
        "file": {"PORTAL_ATTACHMENT_STORE": f"file://{work / 'attachments'}"},
        "s3": {
            "PORTAL_ATTACHMENT_STORE": f"s3://{BUCKET}/attachments",
            "PORTAL_S3_ENDPOINT_URL": f"http://127.0.0.1:{moto_port}",
            **ACCESS,
        },
    }


def settings_for(database_url: str, work: Path, env: dict[str, str]):
    return load_settings(
        {
            "PORTAL_DATABASE_URL": database_url,
            "PORTAL_SECRET_KEY": SECRET_KEY,
            "PORTAL_VAR_DIR": str(work / "var"),
            **env,
        }
    )


async def filing(database_url: str, work: Path, envs: dict, orders: int) -> dict[str, tuple[float, float]]:
    """Per store: milliseconds per addendum rendered and filed, and per store write alone."""
    await init_db(database_url, global_fallback=False)
    results = {}
    try:
        customer = await Customer.filter(account_code__startswith="SMP-").first()
        for name, env in envs.items():
            settings = settings_for(database_url, work, env)
            order_ids = await place_orders(orders)
            started = time.perf_counter()
            pdfs = []
            for order_id in order_ids:
                attachment, created = await file_addendum(order_id, settings)
                assert created and attachment.store == settings.attachment_store
                pdfs.append((attachment.filename, attachment.size))
            render_and_store = (time.perf_counter() - started) * 1000 / orders
            pdf = bytes((await Attachment.get(id=attachment.id)).data) if name == "database" else None
            if pdf is None:
                pdf = os.urandom(pdfs[0][1])
            started = time.perf_counter()
            for i in range(orders):
                await file_attachment(
                    settings,
                    customer_id=customer.id,
                    kind=AttachmentKind.DOCUMENT,
                    filename=f"store-only-{i}.pdf",
                    content_type="application/pdf",
                    data=pdf,
                )
            store_only = (time.perf_counter() - started) * 1000 / orders
            results[name] = (render_and_store, store_only, len(pdf))
    finally:
        await close_db()
    return results


async def ten_megabytes(database_url: str, work: Path, env: dict) -> tuple[int, bytes]:
    await init_db(database_url, global_fallback=False)
    try:
        customer = await Customer.filter(account_code="FAB-001").first()
        data = os.urandom(DOWNLOAD_BYTES)
        row = await file_attachment(
            settings_for(database_url, work, env),
            customer_id=customer.id,
            kind=AttachmentKind.DOCUMENT,
            filename="ten-megabytes.bin",
            content_type="application/octet-stream",
            data=data,
        )
        return row.id, data
    finally:
        await close_db()


class RssSampler:
    """The server's resident memory (VmRSS), sampled every 20 ms in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def rss(self) -> int:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.rss())
            time.sleep(0.02)

    def __enter__(self) -> RssSampler:
        self.peak = self.rss()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


async def download_all(url: str, token: str, count: int, concurrency: int, expected: str) -> float:
    """MB/s of `count` downloads, `concurrency` at a time, each streamed in 64 KiB reads and checked."""
    limit = asyncio.Semaphore(concurrency)

    async def one(client: httpx.AsyncClient) -> None:
        async with limit, client.stream("GET", url, headers={"Authorization": f"Bearer {token}"}) as response:
            assert response.status_code == 200, response.status_code
            digest = hashlib.sha256()
            async for chunk in response.aiter_bytes(65536):
                digest.update(chunk)
            assert digest.hexdigest() == expected

    async with httpx.AsyncClient(timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(one(client) for _ in range(count)))
        elapsed = time.perf_counter() - started
    return count * DOWNLOAD_BYTES / elapsed / 1e6


ROUNDS = (("one at a time", 1), (f"{CONCURRENT} at a time", CONCURRENT), ("again", CONCURRENT))


async def downloads(database_url: str, work: Path, envs: dict, count: int) -> dict[str, dict]:
    """Per store: the server's RSS after warming up, then per round its MB/s, peak and final RSS."""
    tokens = await issue_tokens(database_url, ("alice@northwind.example",))
    token = tokens["alice@northwind.example"]
    results = {}
    for name, env in envs.items():
        attachment_id, data = await ten_megabytes(database_url, work, env)
        expected = hashlib.sha256(data).hexdigest()
        server = portal_server(database_url, work / name, "http://127.0.0.1")
        server.env.update(env)
        with server.running():
            url = server.url + attachment_path(attachment_id)
            await download_all(url, token, 2, 1, expected)  # warm up
            rounds = []
            before = RssSampler(server.process.pid).rss()
            for _label, concurrency in ROUNDS:
                with RssSampler(server.process.pid) as sampler:
                    rate = await download_all(url, token, count, concurrency, expected)
                rounds.append((rate, sampler.peak, sampler.rss()))
            results[name] = {"before": before, "rounds": rounds}
    return results


async def create(database_url: str) -> None:
    conn = await asyncpg.connect(maintenance_dsn(database_url))
    try:
        name = database_name(database_url)
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    await migrate(database_url)
    await init_db(database_url, global_fallback=False)
    try:
        await seed_demo()
    finally:
        await close_db()


async def drop(database_url: str) -> None:
    conn = await asyncpg.connect(maintenance_dsn(database_url))
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{database_name(database_url)}" WITH (FORCE)')
    finally:
        await conn.close()


def mib(size: int) -> str:
    return f"{size / 2**20:.0f} MiB"


async def run(args: argparse.Namespace) -> None:
    await create(args.database_url)
    moto_port = free_port()
    moto = start_moto(moto_port)
    try:
        with tempfile.TemporaryDirectory(prefix="bench-stores-") as tmp:
            work = Path(tmp)
            (work / "attachments").mkdir(mode=0o700)
            envs = store_envs(work, moto_port)
            filed = await filing(args.database_url, work, envs, args.orders)
            base_render, base_store, pdf_size = filed["database"]
            print(
                f"\nAddendum render-and-store, {args.orders} orders per store (PDF of {pdf_size:,} bytes):\n"
            )
            print("| store | render + store per addendum | addenda/s | ratio | store alone | ratio |")
            print("|---|---:|---:|---:|---:|---:|")
            for name, (render, store, _) in filed.items():
                print(
                    f"| {name} | {render:.1f} ms | {1000 / render:.1f} | {render / base_render:.2f} "
                    f"| {store:.1f} ms | {store / base_store:.2f} |"
                )
            got = await downloads(args.database_url, work, envs, args.downloads)
            base = got["database"]["rounds"]
            print(
                f"\nDownloads of a 10 MB document: {args.downloads} one at a time, then {args.downloads} "
                f"{CONCURRENT} at a time, twice; MB/s (ratio to the database store) and the server's RSS "
                "after warming up, at the peak of each round and at its end:\n"
            )
            print(
                "| store | RSS before | "
                + " | ".join(f"{label}: MB/s, peak, end" for label, _ in ROUNDS)
                + " |"
            )
            print("|---|---:|" + "---:|" * len(ROUNDS))
            for name, r in got.items():
                cells = [
                    f"{rate:.0f} ({rate / base[i][0]:.2f}), {mib(peak)}, {mib(end)}"
                    for i, (rate, peak, end) in enumerate(r["rounds"])
                ]
                print(f"| {name} | {mib(r['before'])} | " + " | ".join(cells) + " |")
    finally:
        moto.kill()
        moto.wait()
        if not args.keep:
            await drop(args.database_url)
            print(f"\ndropped {database_name(args.database_url)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/gp_bench_stores")
    parser.add_argument("--orders", type=int, default=60)
    parser.add_argument("--downloads", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)
    print_machine()
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(run(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
