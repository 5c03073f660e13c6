"""The customers page under concurrent load: the API beside a hand-written baseline, in one run.

    .venv/bin/python -m bench.bench_customers_page --seconds 20 --concurrency 16

Starts three servers on free loopback ports, each in its own process: the app as it ships
(`graphql-portal serve --no-worker`, compiled execution), the same with
`PORTAL_COMPILED_EXECUTION=0` (graphql-core's executor; `--compiled-only` leaves it out) and
`bench/baseline_app.py` (raw asyncpg, no ORM, no GraphQL), all under uvicorn with the same
settings. Asserts once that all answer the page with equal JSON, warms them up, then measures
them in alternating rounds with `--concurrency` keep-alive clients
sending the page back to back (from this process), and prints requests per second, p50 and p99
latency and the server process's CPU time per request of each, and the ratios. The servers are
stopped when the script ends, however it ends. Needs a generated database
(`python -m bench.generate --reset`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import tempfile
from pathlib import Path

from .pyspy import PySpy
from .support import (
    DEFAULT_DATABASE_URL,
    HOST,
    HttpConnection,
    LoadResult,
    Server,
    bearer,
    free_port,
    graphql_body,
    graphql_ok,
    issue_tokens,
    portal_env,
    portal_server,
    print_machine,
    require_postgres,
    run_load,
)

BASE_URL = "http://portal.bench.example"
AIM_RATIO = 2.5

PAGE_QUERY = """
query CustomersPage($first: Int!) {
  customers(first: $first) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      id name accountCode status seats
      lines { sku name kind seats unitPrice { amount currency } monthlyAmount { amount currency } }
      monthlyCost { amount currency }
      implementationLead { id name email }
      eligibility { eligible reason }
      attachments { id filename size url }
      orders(first: 3) { nodes { id number status submittedAt monthlyCostChange { amount currency } } }
    }
  }
}
"""


def baseline_server(database_url: str, work_dir: Path) -> Server:
    port = free_port()
    argv = [
        sys.executable, "-m", "bench.baseline_app", "--port", str(port),
        "--database-url", database_url, "--base-url", BASE_URL,
    ]  # fmt: skip
    return Server(
        "baseline",
        argv,
        portal_env(database_url, work_dir / "var", BASE_URL),
        port,
        work_dir / "baseline.log",
    )


def first_difference(a: object, b: object, path: str = "$") -> str | None:
    """Where two JSON values first differ, or None when they are equal."""
    if isinstance(a, dict) and isinstance(b, dict):
        if list(a) != list(b):
            return f"{path}: keys {list(a)} != {list(b)}"
        for key in a:
            if (found := first_difference(a[key], b[key], f"{path}.{key}")) is not None:
                return found
        return None
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} items != {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if (found := first_difference(x, y, f"{path}[{i}]")) is not None:
                return found
        return None
    return None if a == b and type(a) is type(b) else f"{path}: {a!r} != {b!r}"


async def fetch_page(port: int, body: bytes, headers: dict[str, str]) -> dict:
    conn = await HttpConnection.open(port)
    try:
        status, raw = await conn.send(conn.request_bytes("/graphql", body, headers))
    finally:
        await conn.close()
    if status != 200:
        raise SystemExit(f"port {port} answered HTTP {status}: {raw[:500]!r}")
    return json.loads(raw)


def summary(results: list[LoadResult]) -> LoadResult:
    return LoadResult(
        latencies=[x for r in results for x in r.latencies],
        errors=sum(r.errors for r in results),
        elapsed=sum(r.elapsed for r in results),
        first_error=next((r.first_error for r in results if r.first_error), None),
        server_cpu=sum(r.server_cpu or 0.0 for r in results),
    )


async def measure(
    args: argparse.Namespace, apis: list[tuple[str, Server]], baseline: Server, token: str
) -> int:
    """`apis`: (label, server) of the API with compiled execution and, unless --compiled-only,
    with graphql-core's executor; each is measured against the baseline in the same rounds."""
    body = graphql_body(PAGE_QUERY, {"first": args.first})
    headers = bearer(token)
    base_page = await fetch_page(baseline.port, body, headers)
    for label, server in apis:
        api_page = await fetch_page(server.port, body, headers)
        if "errors" in api_page:
            raise SystemExit(f"the API ({label}) answered with errors: {api_page['errors']}")
        difference = first_difference(api_page, base_page)
        if difference is not None:
            raise SystemExit(f"the baseline's JSON differs from the API's ({label}) at {difference}")
    nodes = base_page["data"]["customers"]["nodes"]
    print(
        f"Equal JSON from all: {len(nodes)} customers, {sum(len(n['lines']) for n in nodes)} lines, "
        f"{sum(len(n['attachments']) for n in nodes)} attachments, "
        f"{sum(len(n['orders']['nodes']) for n in nodes)} orders, {len(json.dumps(base_page))} bytes."
    )

    def load(server: Server, seconds: float):
        return run_load(
            server.port,
            "/graphql",
            body,
            headers,
            concurrency=args.concurrency,
            seconds=seconds,
            check=graphql_ok,
            server_pid=server.process.pid,
        )

    servers = [*apis, ("baseline (asyncpg)", baseline)]
    for _label, server in servers:
        await load(server, args.warmup)
    runs: dict[str, list[LoadResult]] = {label: [] for label, _ in servers}
    profile = None
    for n in range(args.rounds):
        for label, server in servers:
            spy = None
            if args.profile and n == 0 and server is apis[0][1]:
                spy = PySpy(server.process.pid, args.profile / "customers-page.txt")
            runs[label].append(await load(server, args.seconds))
            if spy is not None:
                profile = spy.stop()
            print(f"round {n + 1}: {label:<22} {runs[label][-1].line()}")
    results = {label: summary(found) for label, found in runs.items()}
    base = results["baseline (asyncpg)"]
    print()
    print(
        f"customers page, first {args.first}, {args.concurrency} concurrent clients, "
        f"{args.rounds} x {args.seconds:.0f} s each"
    )
    for label, result in results.items():
        print(f"  {label:<22} {result.line()}")
    if args.compare_with:
        ours, theirs = results[apis[0][0]], results[apis[-1][0]]
        print(
            f"  {apis[0][0]} against {apis[-1][0]}: {ours.rps / theirs.rps:.3f}x the throughput, "
            f"{ours.cpu_ms / theirs.cpu_ms:.3f}x the server CPU per request"
        )
    for label, _server in apis:
        api = results[label]
        ratio = base.rps / api.rps if api.rps else float("inf")
        verdict = "meets" if ratio <= AIM_RATIO else "misses"
        print(
            f"  {label}: {ratio:.2f}x slower than the baseline in throughput ({verdict} the aim of"
            f" {AIM_RATIO}x), {api.cpu_ms / base.cpu_ms:.2f}x its server CPU per request"
        )
    if profile:
        print(f"\nThe compiled API server during round 1 ({args.profile / 'customers-page.txt'}):\n{profile}")
    print_machine()
    for label, result in results.items():
        if result.errors:
            print(f"{label} errors: {result.errors}, first: {result.first_error}", file=sys.stderr)
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument(
        "--email", default="alice@northwind.example", help="the partner user whose page is read"
    )
    parser.add_argument("--first", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=20.0, help="length of one measured round per server")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (api, baseline, api, ...)")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument(
        "--profile", type=Path, help="record the compiled API server with py-spy in round 1, into this folder"
    )
    parser.add_argument(
        "--compiled-only", action="store_true", help="leave out the API on graphql-core's executor"
    )
    parser.add_argument(
        "--compare-with",
        type=Path,
        metavar="DIR",
        help="also measure the API of the code in DIR (e.g. `git archive <commit> | tar -x -C DIR`)",
    )
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)
    token = asyncio.run(issue_tokens(args.database_url, (args.email,)))[args.email]
    print_machine()
    with tempfile.TemporaryDirectory(prefix="gp-bench-") as tmp:
        work = Path(tmp)
        apis = [("API compiled", portal_server(args.database_url, work, BASE_URL))]
        if not args.compiled_only:
            off = portal_server(args.database_url, work, BASE_URL, compiled=False)
            apis.append(("API graphql-core", off))
        if args.compare_with:
            other = portal_server(args.database_url, work, BASE_URL, code_dir=args.compare_with.resolve())
            apis.append((f"API {args.compare_with.name}", other))
        baseline = baseline_server(args.database_url, work)
        for label, server in [*apis, ("baseline", baseline)]:
            print(f"{label} on {HOST}:{server.port}")
        with contextlib.ExitStack() as stack:
            for server in [*(s for _, s in apis), baseline]:
                stack.enter_context(server.running())
            return asyncio.run(measure(args, apis, baseline, token))


if __name__ == "__main__":
    sys.exit(main())
