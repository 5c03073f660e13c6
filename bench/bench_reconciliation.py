"""A full reconciliation pass over every order through the GraphQL API, in pages of 500.

    .venv/bin/python -m bench.bench_reconciliation

Starts the app (`graphql-portal serve --no-worker`) on a free loopback port, and a second one
with `PORTAL_COMPILED_EXECUTION=0` (graphql-core's executor; `--compiled-only` leaves it out),
issues a reconciliation token, and pages through `orders(first: 500, after: ...)` from the first
order to the last with the fields a finance job reads, one request at a time as such a job does;
the two passes take turns page by page, so both see the same machine. Prints for each pass
orders per second, the time of the first and the last full page (and the medians of the first and
last ten, which are less noisy), and checks that every order in the database was seen exactly once
and in (updatedAt, id) order. `--max-pages` stops early (then only order and uniqueness are
checked). Needs a generated database (`python -m bench.generate --reset`) and no writers meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import asyncpg

from .pyspy import PySpy
from .support import (
    DEFAULT_DATABASE_URL,
    HttpConnection,
    Server,
    asyncpg_dsn,
    bearer,
    cpu_seconds,
    graphql_body,
    issue_tokens,
    portal_server,
    print_machine,
    require_postgres,
)

AIM_LAST_OVER_FIRST = 1.3

RECONCILIATION_QUERY = """
query Reconcile($first: Int!, $after: String) {
  orders(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id number status updatedAt submittedAt
      partner { id }
      customer { id accountCode }
      monthlyCostBefore { amount currency }
      monthlyCostAfter { amount currency }
      monthlyCostChange { amount currency }
      linesAfter { sku seats unitPrice { amount } monthlyAmount { amount } }
    }
  }
}
"""


def order_pk(global_id: str) -> int:
    kind, _, pk = base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode().partition(":")
    if kind != "Order":
        raise ValueError(f"not an order id: {global_id}")
    return int(pk)


async def expected_ids(database_url: str) -> set[int]:
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        return {r[0] for r in await conn.fetch("SELECT id FROM change_order")}
    finally:
        await conn.close()


async def cursor_at(database_url: str, fraction: float) -> str | None:
    """A cursor positioned `fraction` of the way through all orders, to time late pages without a
    whole pass. It is built the way the API builds its cursors today (base64 of a JSON
    `[updatedAt ISO, id]`), so it is a development aid only: a full pass needs none."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        total = await conn.fetchval("SELECT count(*) FROM change_order")
        row = await conn.fetchrow(
            "SELECT updated_at, id FROM change_order ORDER BY updated_at, id OFFSET $1 LIMIT 1",
            max(0, int(total * fraction) - 1),
        )
    finally:
        await conn.close()
    if row is None:
        return None
    key = [row["updated_at"].astimezone(dt.UTC).isoformat(), row["id"]]
    return base64.urlsafe_b64encode(json.dumps(key, separators=(",", ":")).encode()).decode().rstrip("=")


@dataclass
class Pass:
    """One reconciliation pass through one server, a page at a time."""

    label: str
    server: Server
    first: int
    after: str | None = None
    conn: HttpConnection | None = None
    seen: dict[int, int] = field(default_factory=dict)
    page_times: list[float] = field(default_factory=list)
    page_sizes: list[int] = field(default_factory=list)
    previous: tuple[dt.datetime, int] | None = None
    out_of_order: int = 0
    done: bool = False
    cpu_before: float = 0.0
    server_cpu: float = 0.0

    async def open(self, headers: dict[str, str]) -> None:
        self.conn = await HttpConnection.open(self.server.port)
        # One untimed request first: the server's parser and validation caches and its connection
        # pool start cold, which is not what the first page of a pass measures.
        body = graphql_body(RECONCILIATION_QUERY, {"first": 1})
        await self.conn.send(self.conn.request_bytes("/graphql", body, headers))
        self.cpu_before = cpu_seconds(self.server.process.pid)

    async def page(self, headers: dict[str, str]) -> None:
        body = graphql_body(RECONCILIATION_QUERY, {"first": self.first, "after": self.after})
        t0 = time.perf_counter()
        status, raw = await self.conn.send(self.conn.request_bytes("/graphql", body, headers))
        self.page_times.append(time.perf_counter() - t0)
        answer = json.loads(raw)
        if status != 200 or "errors" in answer:
            raise SystemExit(f"{self.label}, page {len(self.page_times)}: HTTP {status} {raw[:500]!r}")
        orders = answer["data"]["orders"]
        self.page_sizes.append(len(orders["nodes"]))
        for node in orders["nodes"]:
            pk = order_pk(node["id"])
            self.seen[pk] = self.seen.get(pk, 0) + 1
            key = (dt.datetime.fromisoformat(node["updatedAt"]), pk)
            if self.previous is not None and key <= self.previous:
                self.out_of_order += 1
            self.previous = key
        self.done = not orders["pageInfo"]["hasNextPage"]
        self.after = orders["pageInfo"]["endCursor"]

    async def close(self) -> None:
        self.server_cpu = cpu_seconds(self.server.process.pid) - self.cpu_before
        if self.conn is not None:
            await self.conn.close()

    def report(self, args: argparse.Namespace, expected: set[int]) -> tuple[bool, float, float]:
        """Prints the pass's figures; returns (failed, orders/s, last/first full page)."""
        total, elapsed = sum(self.page_sizes), sum(self.page_times)
        full = [t for t, n in zip(self.page_times, self.page_sizes, strict=True) if n == args.first]
        duplicates = sum(1 for n in self.seen.values() if n > 1)
        rate = total / elapsed if elapsed else 0.0
        print(
            f"{self.label}: {len(self.page_times)} pages of {args.first}, {total:,} orders in {elapsed:.1f} s"
        )
        print(f"  {rate:,.0f} orders/s, {statistics.median(self.page_times) * 1000:.0f} ms median page")
        print(
            f"  server CPU {self.server_cpu * 1000 / len(self.page_times):.1f} ms per page, "
            f"{self.server_cpu:.1f} s in all"
        )
        ratio = float("nan")
        if len(full) >= 2:
            ratio = full[-1] / full[0]
            head, tail = full[:10], full[-10:]
            median_ratio = statistics.median(tail) / statistics.median(head)
            print(
                f"  first full page {full[0] * 1000:.0f} ms, last full page {full[-1] * 1000:.0f} ms: "
                f"last/first {ratio:.2f} (aim < {AIM_LAST_OVER_FIRST})"
            )
            print(
                f"  median of first 10 {statistics.median(head) * 1000:.0f} ms, of last 10 "
                f"{statistics.median(tail) * 1000:.0f} ms: {median_ratio:.2f}"
            )
        print(
            f"  order: {self.out_of_order} out of (updatedAt, id) order; "
            f"{duplicates} orders seen more than once"
        )
        failed = self.out_of_order > 0 or duplicates > 0
        if self.done and not args.start_fraction:
            missing = len(expected - self.seen.keys())
            unexpected = len(self.seen.keys() - expected)
            print(
                f"  exactly once: {len(expected):,} orders in the database, "
                f"{missing} missed, {unexpected} unknown"
            )
            failed = failed or missing > 0 or unexpected > 0
        else:
            print("  partial pass (--max-pages or --start-fraction): completeness not checked")
        return failed, rate, ratio


async def reconcile(
    args: argparse.Namespace, servers: list[tuple[str, Server]], token: str, expected: set[int]
) -> int:
    """The passes through all servers advance together, a page on each in turn, so that every
    pass sees the same machine; each pass's time is the sum of its own requests."""
    headers = bearer(token)
    start = await cursor_at(args.database_url, args.start_fraction) if args.start_fraction else None
    passes = [Pass(label, server, args.first, after=start) for label, server in servers]
    spy = PySpy(servers[0][1].process.pid, args.profile / "reconciliation.txt") if args.profile else None
    profile = None
    try:
        for one in passes:
            await one.open(headers)
        pages = 0
        started = time.perf_counter()
        while not all(p.done for p in passes) and (args.max_pages is None or pages < args.max_pages):
            for one in passes:
                if not one.done:
                    await one.page(headers)
            pages += 1
            if args.progress and pages % args.progress == 0:
                rates = ", ".join(f"{p.label} {sum(p.page_sizes) / sum(p.page_times):,.0f}" for p in passes)
                print(
                    f"  {pages} pages in {time.perf_counter() - started:.0f} s; orders/s: {rates}",
                    file=sys.stderr,
                )
        for one in passes:
            await one.close()
    finally:
        if spy is not None and spy.process.poll() is None:
            profile = spy.stop()
    failed = False
    summary = []
    for one in passes:
        one_failed, rate, ratio = one.report(args, expected)
        failed = failed or one_failed
        summary.append((one.label, rate, ratio))
    if len(summary) == 2 and summary[1][1]:
        print(
            f"compiled execution: {summary[0][1] / summary[1][1]:.2f}x the orders/s "
            "of graphql-core's executor"
        )
    if profile:
        print(
            f"\nThe compiled API server during the pass ({args.profile / 'reconciliation.txt'}):\n{profile}"
        )
    print_machine()
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--first", type=int, default=500)
    parser.add_argument("--max-pages", type=int, default=None)
    parser.add_argument(
        "--start-fraction",
        type=float,
        default=None,
        help="start this far into the orders (0..1), to time late pages",
    )
    parser.add_argument(
        "--profile", type=Path, help="record the compiled API server with py-spy, into this folder"
    )
    parser.add_argument(
        "--compiled-only", action="store_true", help="leave out the pass through graphql-core's executor"
    )
    parser.add_argument("--progress", type=int, default=100, help="print progress every N pages (0: never)")
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)
    token = asyncio.run(issue_tokens(args.database_url, reconciliation="bench reconciliation"))[
        "bench reconciliation"
    ]
    expected = asyncio.run(expected_ids(args.database_url))
    print_machine()
    with tempfile.TemporaryDirectory(prefix="gp-bench-") as tmp:
        base_url = "http://portal.bench.example"
        servers = [("compiled", portal_server(args.database_url, Path(tmp), base_url))]
        if not args.compiled_only:
            servers.append(
                ("graphql-core", portal_server(args.database_url, Path(tmp), base_url, compiled=False))
            )
        with contextlib.ExitStack() as stack:
            for _label, server in servers:
                stack.enter_context(server.running())
            return asyncio.run(reconcile(args, servers, token, expected))


if __name__ == "__main__":
    sys.exit(main())
