"""A full reconciliation pass over every order through the GraphQL API, in pages of 500.

    .venv/bin/python -m bench.bench_reconciliation

Starts the app (`graphql-portal serve --no-worker`) on a free loopback port, issues a
reconciliation token, and pages through `orders(first: 500, after: ...)` from the first order to
the last with the fields a finance job reads, one request at a time as such a job does. Prints
orders per second, the time of the first and the last full page (and the medians of the first and
last ten, which are less noisy), and checks that every order in the database was seen exactly once
and in (updatedAt, id) order. `--max-pages` stops early (then only order and uniqueness are
checked). Needs a generated database (`python -m bench.generate --reset`) and no writers meanwhile.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
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


async def reconcile(args: argparse.Namespace, server: Server, token: str, expected: set[int]) -> int:
    spy = PySpy(server.process.pid, args.profile / "reconciliation.txt") if args.profile else None
    try:
        return await _reconcile(args, server, token, expected, spy)
    finally:
        if spy is not None and spy.process.poll() is None:
            spy.stop()


async def _reconcile(
    args: argparse.Namespace, server: Server, token: str, expected: set[int], spy: PySpy | None
) -> int:
    conn = await HttpConnection.open(server.port)
    headers = bearer(token)
    seen: dict[int, int] = {}
    page_times: list[float] = []
    page_sizes: list[int] = []
    previous: tuple[dt.datetime, int] | None = None
    out_of_order = 0
    after = await cursor_at(args.database_url, args.start_fraction) if args.start_fraction else None
    # One untimed request first: the server's parser and validation caches and its connection
    # pool start cold, which is not what the first page of a pass measures.
    await conn.send(conn.request_bytes("/graphql", graphql_body(RECONCILIATION_QUERY, {"first": 1}), headers))
    cpu_before = cpu_seconds(server.process.pid)
    started = time.perf_counter()
    try:
        while args.max_pages is None or len(page_times) < args.max_pages:
            body = graphql_body(RECONCILIATION_QUERY, {"first": args.first, "after": after})
            t0 = time.perf_counter()
            status, raw = await conn.send(conn.request_bytes("/graphql", body, headers))
            page_times.append(time.perf_counter() - t0)
            answer = json.loads(raw)
            if status != 200 or "errors" in answer:
                raise SystemExit(f"page {len(page_times)}: HTTP {status} {raw[:500]!r}")
            orders = answer["data"]["orders"]
            page_sizes.append(len(orders["nodes"]))
            for node in orders["nodes"]:
                pk = order_pk(node["id"])
                seen[pk] = seen.get(pk, 0) + 1
                key = (dt.datetime.fromisoformat(node["updatedAt"]), pk)
                if previous is not None and key <= previous:
                    out_of_order += 1
                previous = key
            if args.progress and len(page_times) % args.progress == 0:
                rate = sum(page_sizes) / (time.perf_counter() - started)
                print(
                    f"  {len(page_times)} pages, {sum(page_sizes):,} orders, {rate:,.0f} orders/s",
                    file=sys.stderr,
                )
            if not orders["pageInfo"]["hasNextPage"]:
                break
            after = orders["pageInfo"]["endCursor"]
    finally:
        await conn.close()
    elapsed = time.perf_counter() - started
    server_cpu = cpu_seconds(server.process.pid) - cpu_before
    profile = spy.stop() if spy is not None else None
    complete = not orders["pageInfo"]["hasNextPage"]

    total = sum(page_sizes)
    full = [t for t, n in zip(page_times, page_sizes, strict=True) if n == args.first]
    duplicates = sum(1 for n in seen.values() if n > 1)
    print(
        f"reconciliation pass: {len(page_times)} pages of {args.first}, {total:,} orders in {elapsed:.1f} s"
    )
    print(f"  {total / elapsed:,.0f} orders/s, {statistics.median(page_times) * 1000:.0f} ms median page")
    print(f"  server CPU {server_cpu * 1000 / len(page_times):.1f} ms per page, {server_cpu:.1f} s in all")
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
    print(f"  order: {out_of_order} out of (updatedAt, id) order; {duplicates} orders seen more than once")
    failed = out_of_order > 0 or duplicates > 0
    if complete and not args.start_fraction:
        missing = len(expected - seen.keys())
        unexpected = len(seen.keys() - expected)
        print(
            f"  exactly once: {len(expected):,} orders in the database, "
            f"{missing} missed, {unexpected} unknown"
        )
        failed = failed or missing > 0 or unexpected > 0
    else:
        print("  partial pass (--max-pages or --start-fraction): completeness not checked")
    if profile:
        print(f"\nThe API server during the pass ({args.profile / 'reconciliation.txt'}):\n{profile}")
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
    parser.add_argument("--profile", type=Path, help="record the API server with py-spy, into this folder")
    parser.add_argument("--progress", type=int, default=100, help="print progress every N pages (0: never)")
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)
    token = asyncio.run(issue_tokens(args.database_url, reconciliation="bench reconciliation"))[
        "bench reconciliation"
    ]
    expected = asyncio.run(expected_ids(args.database_url))
    print_machine()
    with tempfile.TemporaryDirectory(prefix="gp-bench-") as tmp:
        server = portal_server(args.database_url, Path(tmp), "http://portal.bench.example")
        with server.running():
            return asyncio.run(reconcile(args, server, token, expected))


if __name__ == "__main__":
    sys.exit(main())
