"""Hostile GraphQL documents against the served app: answer times, and /healthz meanwhile.

    .venv/bin/python -m bench.bench_hostile_documents [--rounds 3]

A document of n fragments that each spread the previous one k times has k**n paths. The server
(`graphql-portal serve --no-worker`, SQLite in a temporary folder, the demo data) answers each
fan-out while a second connection asks /healthz every 20 ms. The baseline of the same run is the
single fragment the fan-out expands to (the same answer). The figures of Strawberry's own
depth-and-alias validators, which walk every path, are measured in this process on smaller n to
show the growth the service no longer has.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.support import HttpConnection, bearer, graphql_body, portal_env, portal_server, print_machine

LEAVES = {
    "Viewer": ("viewer { %s }", "kind user { name }"),
    "Customer": ("customers(first: 3) { nodes { %s } }", "name seats orders(first: 1) { nodes { number } }"),
    "Order": ("orders(first: 3) { nodes { %s } }", "number status customer { name }"),
}


def fan_out(n: int, k: int, on: str, prefix: str = "F") -> str:
    root, leaf = LEAVES[on]
    fragments = [f"fragment {prefix}0 on {on} {{ {leaf} }}"]
    fragments += [
        f"fragment {prefix}{i} on {on} {{ {' '.join([f'...{prefix}{i - 1}'] * k)} }}" for i in range(1, n + 1)
    ]
    return "query Q { " + root.replace("%s", f"...{prefix}{n}") + " }\n" + "\n".join(fragments)


def cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "graphql_portal.cli", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


async def health_poller(port: int, stop: asyncio.Event, seen: list[float]) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    while not stop.is_set():
        started = time.perf_counter()
        writer.write(request)
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(
            next(h for h in head.split(b"\r\n") if h.lower().startswith(b"content-length")).split(b":")[1]
        )
        await reader.readexactly(length)
        seen.append(time.perf_counter() - started)
        await asyncio.sleep(0.02)
    writer.close()


async def timed(connection: HttpConnection, port: int, document: str, token: str) -> tuple[float, dict]:
    raw = connection.request_bytes("/graphql", graphql_body(document), bearer(token))
    started = time.perf_counter()
    status, body = await connection.send(raw)
    assert status == 200, body[:300]
    return time.perf_counter() - started, json.loads(body)


async def measure(port: int, token: str, rounds: int) -> None:
    connection = await HttpConnection.open(port)
    stop, health = asyncio.Event(), []
    poller = asyncio.create_task(health_poller(port, stop, health))
    print(f"{'document':<46} {'baseline ms':>12} {'fan-out ms':>11} {'ratio':>7}")
    for on in LEAVES:
        for n, k in ((40, 2), (16, 3)):
            baselines, fanned = [], []
            for r in range(rounds):
                seconds, plain = await timed(connection, port, fan_out(0, 1, on, f"B{r}x"), token)
                baselines.append(seconds)
                seconds, answer = await timed(connection, port, fan_out(n, k, on, f"R{r}x"), token)
                assert answer == plain, (answer, plain)  # the same data, no error
                fanned.append(seconds)
            base, fan = statistics.median(baselines) * 1000, statistics.median(fanned) * 1000
            print(
                f"{on + f' {n} fragments x {k} spreads':<46} {base:>12.1f} {fan:>11.1f} {fan / base:>6.1f}x"
            )
    stop.set()
    await poller
    await connection.close()
    print(
        f"/healthz during the run: {len(health)} answers, median {statistics.median(health) * 1000:.1f} ms, "
        f"max {max(health) * 1000:.1f} ms"
    )


def strawberry_walks() -> None:
    """What walking every path costs: Strawberry's validators on smaller fan-outs, in this process."""
    from graphql import parse, validate
    from strawberry.extensions.max_aliases import create_validator as aliases_rule
    from strawberry.extensions.query_depth_limiter import create_validator as depth_rule

    from graphql_portal.schema import LIMIT_RULES, schema

    theirs = [depth_rule(9, None), aliases_rule(30)]
    print(f"{'Viewer fan-out, validation only':<46} {'every path':>12} {'once each':>11}")
    for n, k in ((12, 2), (14, 2), (16, 2), (9, 3), (10, 3), (40, 2), (16, 3)):
        document = parse(fan_out(n, k, "Viewer"))
        started = time.perf_counter()
        ours = validate(schema._schema, document, LIMIT_RULES)
        mine = time.perf_counter() - started
        if k**n > 10**6:
            every = "(not run)"
        else:
            started = time.perf_counter()
            validate(schema._schema, document, theirs)
            every = f"{(time.perf_counter() - started) * 1000:.1f} ms"
        assert ours == []
        print(f"{f'{n} fragments x {k} spreads ({k**n:.2g} paths)':<46} {every:>12} {mine * 1000:>8.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print_machine()
    strawberry_walks()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        database_url = f"sqlite://{work}/var/portal.sqlite3"
        env = portal_env(database_url, work / "var", "http://127.0.0.1")
        cli(env, "migrate")
        cli(env, "seed-demo")
        token = cli(env, "create-token", "vera@northwind.example")
        with portal_server(database_url, work, "http://127.0.0.1").running() as server:
            asyncio.run(measure(server.port, token, args.rounds))


if __name__ == "__main__":
    main()
