"""What GraphQL execution alone costs for the customers page: the floor under the API's time.

    .venv/bin/python -m bench.graphql_floor

In one process, per page of 50 customers, CPU time of: the hand-written page (`baseline_app`:
raw asyncpg plus building the dicts), encoding it as JSON, and graphql-core executing the same
page over those ready-made dicts with the served schema (`schema.graphql`) and its default
resolvers: no ORM, no Strawberry, no I/O, nothing but field-by-field execution. The last is a
lower bound for any graphql-core server answering this page, so (baseline + execution) / baseline
is the best ratio the API could reach against the baseline without leaving graphql-core. The
same page through the compiled plan (`graphql_portal.schema.compiled`, over the same dicts)
is the floor with compiled execution.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time

import asyncpg
from graphql import build_schema, execute_sync, parse, validate

from graphql_portal.schema.compiled import CompiledExecutor

from .baseline_app import customers_page
from .bench_customers_page import BASE_URL, PAGE_QUERY
from .support import DEFAULT_DATABASE_URL, REPO_ROOT, asyncpg_dsn, print_machine, require_postgres


def count_fields(value: object) -> int:
    """Fields in a GraphQL answer: every key of every object."""
    if isinstance(value, dict):
        return len(value) + sum(count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 0


def cpu_ms_per_call(fn, repeat: int) -> float:
    started = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - started) * 1000 / repeat


def cpu_ms_alternating(fns, repeat: int) -> list[float]:
    """CPU ms per call of each function, called in turn `repeat` times, so that all of them see
    the same machine (the ratios between them hold even when the load moves)."""
    spent = [0.0] * len(fns)
    for _ in range(repeat):
        for n, fn in enumerate(fns):
            started = time.process_time()
            fn()
            spent[n] += time.process_time() - started
    return [s * 1000 / repeat for s in spent]


async def baseline_pages(database_url: str, repeat: int) -> tuple[dict, float, float]:
    """The page as the baseline builds it, its CPU ms (this process) and wall ms per page."""
    conn = await asyncpg.connect(asyncpg_dsn(database_url))
    try:
        partner_id = await conn.fetchval("SELECT id FROM partner WHERE name = 'Northwind Managed IT'")
        data = await customers_page(conn, partner_id, 50, BASE_URL)
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(repeat):
            data = await customers_page(conn, partner_id, 50, BASE_URL)
        cpu_ms = (time.process_time() - cpu) * 1000 / repeat
        wall_ms = (time.perf_counter() - wall) * 1000 / repeat
    finally:
        await conn.close()
    return data, cpu_ms, wall_ms


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)

    data, page_cpu, page_wall = asyncio.run(baseline_pages(args.database_url, args.repeat))
    schema = build_schema((REPO_ROOT / "schema.graphql").read_text())
    document = parse(PAGE_QUERY)
    problems = validate(schema, document)
    if problems:
        raise SystemExit(f"the page query does not validate against schema.graphql: {problems}")

    def execute() -> None:
        result = execute_sync(schema, document, root_value=data, variable_values={"first": 50})
        assert result.errors is None, result.errors

    def execute_compiled() -> None:
        result = execute_sync(
            schema, document, root_value=data, variable_values={"first": 50}, executor_class=CompiledExecutor
        )
        assert result.errors is None, result.errors

    if execute_sync(schema, document, root_value=data, variable_values={"first": 50}).data != data:
        raise SystemExit("graphql-core answered differently from the page it was given")
    once = execute_sync(
        schema, document, root_value=data, variable_values={"first": 50}, executor_class=CompiledExecutor
    )
    if json.dumps(once.data) != json.dumps(data):
        raise SystemExit("the compiled plan answered differently from graphql-core")
    execution, compiled = cpu_ms_alternating([execute, execute_compiled], args.repeat)
    encoding = cpu_ms_per_call(lambda: json.dumps({"data": data}), args.repeat)
    validation = cpu_ms_per_call(lambda: validate(schema, document), max(5, args.repeat // 5))
    parsing = cpu_ms_per_call(lambda: parse(PAGE_QUERY), args.repeat)
    fields = count_fields(data)

    print(f"customers page, first 50: {fields:,} fields in the answer, {len(json.dumps(data)):,} bytes")
    print(
        f"  baseline page (asyncpg + dicts)    {page_cpu:6.2f} ms CPU ({page_wall:.2f} ms wall, sequential)"
    )
    print(f"  JSON encoding                      {encoding:6.2f} ms CPU")
    per_field = execution * 1000 / fields
    print(f"  graphql-core execution over dicts  {execution:6.2f} ms CPU ({per_field:.2f} µs per field)")
    compiled_per_field = compiled * 1000 / fields
    print(
        f"  compiled execution over dicts      {compiled:6.2f} ms CPU ({compiled_per_field:.2f} µs per field,"
        f" {execution / compiled:.1f}x below graphql-core)"
    )
    print(f"  validation (when not cached)       {validation:6.2f} ms CPU")
    print(f"  parsing (when not cached)          {parsing:6.2f} ms CPU")
    floor = (page_cpu + encoding + execution) / (page_cpu + encoding)
    print(f"  floor of the API/baseline CPU ratio with graphql-core: {floor:.1f}x (HTTP serving excluded)")
    floor = (page_cpu + encoding + compiled) / (page_cpu + encoding)
    print(f"  the same floor with compiled execution:               {floor:.1f}x")
    print_machine()
    return 0


if __name__ == "__main__":
    sys.exit(main())
