"""Profile one API operation in process with pyinstrument: where a request's time goes.

    .venv/bin/python -m bench.profile_request customers --repeat 30
    .venv/bin/python -m bench.profile_request reconciliation --repeat 10
    .venv/bin/python -m bench.profile_request submit --repeat 30
    .venv/bin/python -m bench.profile_request preview --repeat 200

The app is built with `create_app` and driven through httpx's ASGI transport (no sockets, no
server), so the profile shows only the app: GraphQL execution, resolvers, the ORM and the driver.
The operations are the ones the benchmarks time. Prints pyinstrument's call tree (and writes an
HTML report with `--html`).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

import httpx
from pyinstrument import Profiler

from .bench_customers_page import BASE_URL, PAGE_QUERY
from .bench_preview import PREVIEW
from .bench_reconciliation import RECONCILIATION_QUERY
from .bench_submit import REVIEW, SUBMIT, gid, pick
from .support import DEFAULT_DATABASE_URL, SECRET_KEY

PACKAGES = (
    ("<compiled query", "compiled query plans"),
    ("graphql_portal/schema/compiled/", "compiled execution (runtime)"),
    ("graphql_portal/", "graphql_portal (our code)"),
    ("/graphql/", "graphql-core (execution, validation)"),
    ("/strawberry/", "strawberry"),
    ("/tortoise/", "tortoise-orm"),
    ("/pypika", "pypika (SQL building)"),
    ("/asyncpg/", "asyncpg"),
    ("/json/", "json"),
    ("/httpx/", "httpx + httpcore (the profiling client)"),
    ("/httpcore/", "httpx + httpcore (the profiling client)"),
    ("/starlette/", "starlette"),
    ("/asyncio/", "asyncio"),
    ("/decimal", "decimal"),
)


def package_of(path: str | None) -> str:
    for marker, name in PACKAGES:
        if path and marker in path:
            return name
    return "other: " + (path.rsplit("/", 2)[-2] if path and "/" in path else str(path))


def by_package(root) -> dict[str, float]:
    """Self time per library: a frame's time less its children's, attributed to the frame's file."""
    totals: dict[str, float] = {}
    stack = [(root, "other")]
    while stack:
        frame, parent_package = stack.pop()
        if frame.identifier.startswith("[await]"):
            package = "waiting (database I/O, other tasks)"
        elif frame.identifier.startswith("[") or frame.file_path is None:
            package = parent_package
        else:
            package = package_of(frame.file_path)
        self_time = frame.time - sum(child.time for child in frame.children)
        totals[package] = totals.get(package, 0.0) + self_time
        stack.extend((child, package) for child in frame.children)
    return totals


async def operation(args: argparse.Namespace, client: httpx.AsyncClient):
    """A coroutine function doing one round of the operation (submit: a review and its submit)."""
    from graphql_portal.auth import create_reconciliation_token, create_user_token

    async def post(payload: dict, headers: dict) -> dict:
        response = await client.post("/graphql", json=payload, headers=headers)
        response.raise_for_status()
        body = response.json()
        assert "errors" not in body, response.text[:500]
        return body["data"]

    if args.operation in ("customers", "reconciliation"):
        if args.operation == "customers":
            token = (await create_user_token("alice@northwind.example", name="profile")).token
            payload = {"query": PAGE_QUERY, "variables": {"first": 50}}
        else:
            token = (await create_reconciliation_token("profile")).token
            payload = {"query": RECONCILIATION_QUERY, "variables": {"first": 500, "after": None}}
        headers = {"Authorization": f"Bearer {token}"}

        async def read() -> None:
            await post(payload, headers)

        return read

    token = (await create_user_token("alice@northwind.example", name="profile")).token
    headers = {"Authorization": f"Bearer {token}"}
    if args.operation == "preview":
        customers, lead_id = await pick(args.database_url, 100, seed=args.repeat)
        turn = iter(range(10**9))

        async def preview() -> None:
            preview_input = {
                "customerId": gid("Customer", customers[next(turn) % len(customers)]),
                "seatAdjustment": 1,
                "implementationLeadId": gid("User", lead_id),
                "primaryProduct": {"mode": "KEEP_EXISTING"},
            }
            shown = (await post({"query": PREVIEW, "variables": {"input": preview_input}}, headers))[
                "upgradePreview"
            ]
            assert not shown["errors"], shown["errors"]

        return preview

    customers, lead_id = await pick(args.database_url, args.repeat + 3, seed=args.repeat)
    remaining = iter(customers)

    async def review_and_submit() -> None:
        review_input = {
            "customerId": gid("Customer", next(remaining)),
            "seatAdjustment": 1,
            "implementationLeadId": gid("User", lead_id),
            "primaryProduct": {"mode": "KEEP_EXISTING"},
        }
        review = (await post({"query": REVIEW, "variables": {"input": review_input}}, headers))[
            "reviewUpgrade"
        ]
        assert not review["errors"], review["errors"]
        submit_input = {"reviewId": review["review"]["id"], "confirmMsa": True, "confirmAuthorized": True}
        submitted = (await post({"query": SUBMIT, "variables": {"input": submit_input}}, headers))[
            "submitUpgrade"
        ]
        assert not submitted["errors"], submitted["errors"]

    return review_and_submit


async def profile(args: argparse.Namespace) -> None:
    from graphql_portal.app import create_app
    from graphql_portal.db import close_db, init_db
    from graphql_portal.settings import load_settings

    await init_db(args.database_url)
    try:
        with tempfile.TemporaryDirectory(prefix="gp-profile-") as tmp:
            settings = load_settings(
                {
                    "PORTAL_DATABASE_URL": args.database_url,
                    "PORTAL_SECRET_KEY": SECRET_KEY,
                    "PORTAL_VAR_DIR": str(Path(tmp) / "var"),
                    "PORTAL_BASE_URL": BASE_URL,
                },
                dotenv=False,
            )
            app = create_app(settings, manage_db=False)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
                once = await operation(args, client)
                for _ in range(3):  # warm the parser and validation caches and the pool
                    await once()
                profiler = Profiler(interval=0.0005, async_mode="enabled")
                started = time.perf_counter()
                profiler.start()
                for _ in range(args.repeat):
                    await once()
                profiler.stop()
                took = (time.perf_counter() - started) / args.repeat
    finally:
        await close_db()
    print(f"{args.operation}: {took * 1000:.1f} ms per round in process ({args.repeat} rounds)")
    print(profiler.output_text(unicode=True, color=False, show_all=False, short_mode=False))
    print(profiler.output_text(unicode=True, color=False, flat=True)[:4000])
    session_ms = profiler.last_session.duration * 1000 / args.repeat
    print(f"Time per request by where it was spent (self time, {session_ms:.1f} ms per request profiled):")
    for package, seconds in sorted(
        by_package(profiler.last_session.root_frame(trim_stem=False)).items(), key=lambda kv: -kv[1]
    ):
        print(f"  {package:<34} {seconds * 1000 / args.repeat:7.2f} ms")
    if args.html:
        Path(args.html).write_text(profiler.output_html())
        print(f"Wrote {args.html}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("operation", choices=("customers", "reconciliation", "submit", "preview"))
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--html", help="also write pyinstrument's HTML report here")
    asyncio.run(profile(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
