"""Concurrent reviewUpgrade + submitUpgrade pairs over HTTP, each on its own customer.

    .venv/bin/python -m bench.bench_submit --pairs 200 --concurrency 16

Starts the app (`graphql-portal serve --no-worker`, so only the request path is timed; the jobs
it queues stay PENDING) on a free loopback port, picks `--pairs` distinct eligible Northwind
customers at random, and has `--concurrency` clients each take the next customer, review a
one-seat upgrade (mode KEEP_EXISTING, Lena Lead as implementation lead) and submit the review.
The ordering users take turns. Prints orders per second, p50 and p99 of a pair and of each
mutation, and the errors (the aim is none); then checks in the database that every pair left
exactly one order with two deliveries and three jobs. Each run adds `--pairs` orders to the
data set. Needs a generated database (`python -m bench.generate --reset`).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import random
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
    cpu_seconds,
    issue_tokens,
    percentile,
    portal_server,
    print_machine,
    require_postgres,
)

ORDERING_USERS = ("alice@northwind.example", "oscar@northwind.example", "lena@northwind.example")
LEAD_EMAIL = "lena@northwind.example"
AIM_ORDERS_PER_SECOND = 100

REVIEW = """
mutation Review($input: UpgradeInput!) {
  reviewUpgrade(input: $input) {
    review { id seatsAfter monthlyCostAfter { amount currency } }
    errors { code message field }
  }
}
"""
SUBMIT = """
mutation Submit($input: SubmitUpgradeInput!) {
  submitUpgrade(input: $input) {
    order { id number status }
    message
    errors { code message field }
  }
}
"""

# Eligible: active, holding at least one primary of the current price list and no primary outside
# it, with room for one more seat under every held product's maximum.
CANDIDATES_SQL = """
WITH current_list AS (
  SELECT id FROM price_list_version WHERE effective_on <= current_date ORDER BY effective_on DESC LIMIT 1
)
SELECT c.id FROM customer c JOIN partner p ON p.id = c.partner_id
WHERE p.name = 'Northwind Managed IT' AND c.status = 'ACTIVE'
  AND EXISTS (SELECT 1 FROM customer_product h JOIN product pr ON pr.id = h.product_id
              WHERE h.customer_id = c.id AND pr.kind = 'PRIMARY')
  AND NOT EXISTS (
    SELECT 1 FROM customer_product h JOIN product pr ON pr.id = h.product_id
    WHERE h.customer_id = c.id AND (
      c.seats + 1 > pr.max_seats
      OR (pr.kind = 'PRIMARY' AND NOT EXISTS (
        SELECT 1 FROM price_list_item i
        WHERE i.product_id = pr.id AND i.version_id = (SELECT id FROM current_list)))))
ORDER BY c.id
"""


def gid(type_name: str, pk: int) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def pk_of(global_id: str) -> int:
    return int(base64.urlsafe_b64decode(global_id + "=" * (-len(global_id) % 4)).decode().split(":")[1])


@dataclass
class Outcome:
    pair: list[float] = field(default_factory=list)
    review: list[float] = field(default_factory=list)
    submit: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    review_ids: list[int] = field(default_factory=list)


async def pick(database_url: str, count: int, seed: int) -> tuple[list[int], int]:
    """`count` distinct eligible customers and the lead's user id."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        candidates = [r["id"] for r in await conn.fetch(CANDIDATES_SQL)]
        lead = await conn.fetchval("SELECT id FROM partner_user WHERE email_key = $1", LEAD_EMAIL)
    finally:
        await conn.close()
    if len(candidates) < count:
        raise SystemExit(f"only {len(candidates)} eligible customers for {count} pairs: generate more")
    return random.Random(seed).sample(candidates, count), lead


async def one_pair(
    conn: HttpConnection, token: str, customer_id: int, lead_id: int, out: Outcome | None
) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    review_input = {
        "customerId": gid("Customer", customer_id),
        "seatAdjustment": 1,
        "implementationLeadId": gid("User", lead_id),
        "primaryProduct": {"mode": "KEEP_EXISTING"},
    }
    t0 = time.perf_counter()
    status, body = await conn.post_json(
        "/graphql", {"query": REVIEW, "variables": {"input": review_input}}, headers
    )
    t1 = time.perf_counter()
    payload = (body.get("data") or {}).get("reviewUpgrade") if status == 200 else None
    if not payload or payload["errors"] or "errors" in body:
        if out is not None:
            out.errors.append(f"review of customer {customer_id}: HTTP {status} {body}")
        return
    review_id = payload["review"]["id"]
    submit_input = {"reviewId": review_id, "confirmMsa": True, "confirmAuthorized": True}
    status, body = await conn.post_json(
        "/graphql", {"query": SUBMIT, "variables": {"input": submit_input}}, headers
    )
    t2 = time.perf_counter()
    payload = (body.get("data") or {}).get("submitUpgrade") if status == 200 else None
    if not payload or payload["errors"] or "errors" in body or payload["order"] is None:
        if out is not None:
            out.errors.append(f"submit for customer {customer_id}: HTTP {status} {body}")
        return
    if out is not None:
        out.review.append(t1 - t0)
        out.submit.append(t2 - t1)
        out.pair.append(t2 - t0)
        out.review_ids.append(pk_of(review_id))


async def run_pairs(
    port: int, tokens: list[str], customers: list[int], lead_id: int, concurrency: int, out: Outcome | None
) -> float:
    queue: asyncio.Queue[tuple[int, int]] = asyncio.Queue()
    for n, customer_id in enumerate(customers):
        queue.put_nowait((n, customer_id))

    async def client() -> None:
        conn = await HttpConnection.open(port)
        try:
            while not queue.empty():
                n, customer_id = queue.get_nowait()
                await one_pair(conn, tokens[n % len(tokens)], customer_id, lead_id, out)
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(concurrency)))
    return time.perf_counter() - started


async def verify(database_url: str, review_ids: list[int]) -> list[str]:
    """Each submitted review has one order, two deliveries and three queued jobs."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        rows = await conn.fetch(
            """
            SELECT o.id,
                   (SELECT count(*) FROM delivery d WHERE d.order_id = o.id) AS deliveries,
                   (SELECT count(*) FROM job j WHERE j.order_id = o.id) AS jobs
            FROM change_order o WHERE o.review_id = ANY($1::int[])
            """,
            review_ids,
        )
    finally:
        await conn.close()
    problems = []
    if len(rows) != len(review_ids):
        problems.append(f"{len(review_ids)} submitted reviews but {len(rows)} orders")
    problems += [
        f"order {r['id']}: {r['deliveries']} deliveries, {r['jobs']} jobs"
        for r in rows
        if (r["deliveries"], r["jobs"]) != (2, 3)
    ]
    return problems


async def measure(args: argparse.Namespace, server: Server, tokens: list[str]) -> int:
    port = server.port
    customers, lead_id = await pick(args.database_url, args.pairs + args.warmup, args.seed)
    await run_pairs(
        port, tokens, customers[: args.warmup], lead_id, min(args.concurrency, args.warmup or 1), None
    )
    out = Outcome()
    spy = PySpy(server.process.pid, args.profile / "submit.txt") if args.profile else None
    cpu_before = cpu_seconds(server.process.pid)
    elapsed = await run_pairs(port, tokens, customers[args.warmup :], lead_id, args.concurrency, out)
    server_cpu = cpu_seconds(server.process.pid) - cpu_before
    profile = spy.stop() if spy is not None else None
    done = len(out.pair)
    rate = done / elapsed
    print(
        f"submit: {args.pairs} review+submit pairs on distinct customers, "
        f"{args.concurrency} concurrent clients"
    )
    print(f"  {rate:.1f} orders/s ({done} orders in {elapsed:.2f} s), {len(out.errors)} errors")
    print(f"  server CPU {server_cpu * 1000 / max(1, args.pairs):.2f} ms per pair")
    for name, values in (("pair", out.pair), ("reviewUpgrade", out.review), ("submitUpgrade", out.submit)):
        print(
            f"  {name:<14} p50 {percentile(values, 50) * 1000:7.1f} ms  "
            f"p99 {percentile(values, 99) * 1000:7.1f} ms"
        )
    verdict = "meets" if rate >= AIM_ORDERS_PER_SECOND and not out.errors else "misses"
    print(f"  {verdict} the aim of {AIM_ORDERS_PER_SECOND}+ orders/s with zero errors")
    for error in out.errors[:5]:
        print(f"  error: {error[:400]}", file=sys.stderr)
    problems = await verify(args.database_url, out.review_ids)
    found = "; ".join(problems[:5]) if problems else "every order has 2 deliveries and 3 jobs"
    print(f"  database: {found}")
    if profile:
        print(f"\nThe API server during the timed pairs ({args.profile / 'submit.txt'}):\n{profile}")
    print_machine()
    return 1 if out.errors or problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--warmup", type=int, default=16, help="untimed pairs first (on other customers)")
    parser.add_argument("--profile", type=Path, help="record the API server with py-spy, into this folder")
    parser.add_argument("--seed", type=int, default=None, help="customer sample seed (default: random)")
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)
    if args.seed is None:
        args.seed = random.SystemRandom().randrange(2**32)
    tokens = asyncio.run(issue_tokens(args.database_url, ORDERING_USERS))
    print_machine()
    with tempfile.TemporaryDirectory(prefix="gp-bench-") as tmp:
        server = portal_server(args.database_url, Path(tmp), "http://portal.bench.example")
        with server.running():
            return asyncio.run(measure(args, server, [tokens[e] for e in ORDERING_USERS]))


if __name__ == "__main__":
    sys.exit(main())
