"""upgradePreview, the running total of Change Options, under 16 concurrent clients.

    .venv/bin/python -m bench.bench_preview --seconds 20 --concurrency 16

Starts the app (`graphql-portal serve --no-worker`) on a free loopback port against the generated
data set (`python -m bench.generate --reset`: a million orders, so the customer's pending-order
check and the statements around it run at size), picks `--customers` eligible Northwind
customers at random, and has `--concurrency` clients each send, back to back for `--seconds`, the
preview of a change to the next customer: a seat increase of 1 to 10 with Lena Lead as
implementation lead, half of them adding an add-on the customer can take. Every answer is
checked (HTTP 200, no top-level errors, the preview priced with no `errors`).

The servers are the shipped app under uvicorn with each answer timed by the server itself
(`bench/timed_server.py`: `Server-Timing`, from the app receiving the request to the start of its
answer, queueing behind the other requests in that process included). Prints, per round, the
server time's p50, p95 and p99, the latency the clients saw, the servers' CPU time per request,
and a baseline measured in the same run: the same clients asking `{ viewer { user { id } } }`
(authentication and the GraphQL path alone). It runs once with one server process and once with
`--processes` of them sharing the port (SO_REUSEPORT). The aim: p95 server time at most 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg

from .bench_submit import CANDIDATES_SQL, LEAD_EMAIL, ORDERING_USERS, gid
from .support import (
    DEFAULT_DATABASE_URL,
    HttpConnection,
    Server,
    asyncpg_dsn,
    cpu_seconds,
    free_port,
    graphql_ok,
    issue_tokens,
    percentile,
    portal_env,
    print_machine,
    require_postgres,
)

AIM_P95_MS = 50
PREVIEW = """
query Preview($input: UpgradeInput!) {
  upgradePreview(input: $input) {
    seatsBefore seatsAfter
    monthlyCostBefore { amount currency } monthlyCostAfter { amount currency }
    proratedCharge { amount currency } effectiveOn
    errors { code field message }
  }
}
"""
BASELINE = "query Me { viewer { user { id } } }"
# Add-ons a customer may take beside the gateway primaries, when it has none of them yet.
ADDONS_SQL = """
SELECT h.customer_id, array_agg(p.sku) AS skus FROM customer_product h JOIN product p ON p.id = h.product_id
WHERE h.customer_id = ANY($1::int[]) GROUP BY h.customer_id
"""


def preview_ok(status: int, body: bytes) -> bool:
    """A priced preview with no errors (checked on the bytes: the clients share the machine)."""
    return graphql_ok(status, body) and body.endswith(b'"errors":[]}}}') and b'"seatsAfter":null' not in body


async def requests(database_url: str, count: int, seed: int, tokens: list[str], port: int) -> list[bytes]:
    """One HTTP request per chosen customer (its preview), tokens taking turns."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        candidates = [r["id"] for r in await conn.fetch(CANDIDATES_SQL)]
        lead = await conn.fetchval("SELECT id FROM partner_user WHERE email_key = $1", LEAD_EMAIL)
        chosen = random.Random(seed).sample(candidates, min(count, len(candidates)))
        held = {r["customer_id"]: set(r["skus"]) for r in await conn.fetch(ADDONS_SQL, chosen)}
    finally:
        await conn.close()
    rng = random.Random(seed + 1)
    raws = []
    probe = await HttpConnection.open(port)
    try:
        for n, customer_id in enumerate(chosen):
            primary: dict = {"mode": "KEEP_EXISTING"}
            if (
                n % 2
                and "ADD-IMP" not in held.get(customer_id, set())
                and "SEG-ESS" not in held.get(customer_id, set())
            ):
                primary["addonSkus"] = ["ADD-IMP"]
            variables = {
                "input": {
                    "customerId": gid("Customer", customer_id),
                    "seatAdjustment": rng.randint(1, 10),
                    "implementationLeadId": gid("User", lead),
                    "primaryProduct": primary,
                }
            }
            body = json.dumps({"query": PREVIEW, "variables": variables}).encode()
            headers = {
                "Authorization": f"Bearer {tokens[n % len(tokens)]}",
                "Content-Type": "application/json",
            }
            raw = probe.request_bytes("/graphql", body, headers)
            status, answer = await probe.send(raw)
            if preview_ok(status, answer):  # customers the rules refuse (a maximum reached) are left out
                raws.append(raw)
    finally:
        await probe.close()
    return raws


async def load(
    port: int, raws: list[bytes], concurrency: int, seconds: float, pids: list[int], check
) -> dict:
    """`concurrency` clients sending the requests in turn, back to back, for `seconds`."""
    connections = [await HttpConnection.open(port) for _ in range(concurrency)]
    latencies: list[float] = []
    server_times: list[float] = []
    errors: list[str] = []
    turn = 0
    cpu_before = sum(cpu_seconds(pid) for pid in pids)
    started = time.perf_counter()
    deadline = started + seconds

    async def client(conn: HttpConnection) -> None:
        nonlocal turn
        while time.perf_counter() < deadline:
            raw = raws[turn % len(raws)]
            turn += 1
            t0 = time.perf_counter()
            status, headers, answer = await conn.exchange(raw)
            took = time.perf_counter() - t0
            if check(status, answer):
                latencies.append(took)
                server_times.append(float(headers["server-timing"].split("dur=")[1]) / 1000)
            else:
                errors.append(f"HTTP {status}: {answer[:300]!r}")

    try:
        await asyncio.gather(*(client(c) for c in connections))
    finally:
        for conn in connections:
            await conn.close()
    elapsed = time.perf_counter() - started
    cpu = sum(cpu_seconds(pid) for pid in pids) - cpu_before
    answered = len(latencies) + len(errors)
    return {
        "rps": len(latencies) / elapsed,
        "p50": percentile(server_times, 50) * 1000,
        "p95": percentile(server_times, 95) * 1000,
        "p99": percentile(server_times, 99) * 1000,
        "latency_p95": percentile(latencies, 95) * 1000,
        "cpu": cpu * 1000 / max(1, answered),
        "count": len(latencies),
        "errors": errors,
    }


def line(name: str, r: dict) -> str:
    return (
        f"  {name:<18} {r['rps']:7.1f} req/s  server time p50 {r['p50']:6.1f} ms  p95 {r['p95']:6.1f} ms  "
        f"p99 {r['p99']:6.1f} ms  (client latency p95 {r['latency_p95']:6.1f} ms)  "
        f"server CPU {r['cpu']:5.2f} ms/req  ({r['count']} requests, {len(r['errors'])} errors)"
    )


@contextlib.contextmanager
def timed_servers(database_url: str, work_dir: Path, count: int) -> Iterator[tuple[int, list[int]]]:
    """`count` timed server processes sharing one port; the port and their process ids."""
    port = free_port()
    servers = []
    for n in range(count):
        argv = [sys.executable, "-m", "bench.timed_server", "--port", str(port)]
        if count > 1:
            argv.append("--reuse-port")
        env = portal_env(database_url, work_dir / "var", "http://portal.bench.example")
        servers.append(Server(f"timed-{n}", argv, env, port, work_dir / f"timed-{n}.log"))
    with contextlib.ExitStack() as stack:
        for server in servers:
            stack.enter_context(server.running())
        yield port, [server.process.pid for server in servers]


async def measure(
    args: argparse.Namespace, port: int, pids: list[int], tokens: list[str]
) -> tuple[float, bool]:
    raws = await requests(args.database_url, args.customers, args.seed, tokens, port)
    if not raws:
        raise SystemExit("no customer could be previewed: generate the data set first")
    headers = {"Authorization": f"Bearer {tokens[0]}", "Content-Type": "application/json"}
    probe = await HttpConnection.open(port)
    baseline_raw = probe.request_bytes("/graphql", json.dumps({"query": BASELINE}).encode(), headers)
    await probe.close()
    # Warm up: caches (parsed and validated documents, the catalog) as a running server has them.
    await load(port, raws, args.concurrency, 3, pids, preview_ok)
    print(
        f"upgradePreview with {len(pids)} server process{'es' if len(pids) > 1 else ''}: {len(raws)} "
        f"customers' previews in turn, {args.concurrency} concurrent clients, {args.rounds} rounds of "
        f"{args.seconds:.0f} s"
    )
    worst = 0.0
    failed = False
    for n in range(args.rounds):
        preview = await load(port, raws, args.concurrency, args.seconds, pids, preview_ok)
        baseline = await load(port, [baseline_raw], args.concurrency, args.seconds, pids, graphql_ok)
        print(f" round {n + 1}")
        print(line("upgradePreview", preview))
        print(line("baseline (viewer)", baseline))
        print(f"  p95 server time, ratio to the baseline: {preview['p95'] / baseline['p95']:.2f}x")
        worst = max(worst, preview["p95"])
        for error in preview["errors"][:3]:
            print(f"  error: {error}", file=sys.stderr)
        failed = failed or bool(preview["errors"])
    verdict = "meets" if worst <= AIM_P95_MS and not failed else "misses"
    print(f"  worst p95 server time {worst:.1f} ms: {verdict} the aim of p95 <= {AIM_P95_MS} ms")
    return worst, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--customers", type=int, default=500)
    parser.add_argument("--processes", type=int, default=2, help="server processes of the second run")
    parser.add_argument("--seed", type=int, default=20261216)
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)
    tokens = asyncio.run(issue_tokens(args.database_url, ORDERING_USERS))
    tokens = [tokens[e] for e in ORDERING_USERS]
    print_machine()
    failed = False
    for count in sorted({1, args.processes}):
        with (
            tempfile.TemporaryDirectory(prefix="gp-bench-") as tmp,
            timed_servers(args.database_url, Path(tmp), count) as (port, pids),
        ):
            _worst, bad = asyncio.run(measure(args, port, pids, tokens))
            failed = failed or bad
    print_machine()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
