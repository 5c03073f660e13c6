"""What GraphQL execution alone costs for a reconciliation page of 500 orders.

    .venv/bin/python -m bench.graphql_floor_orders

In one process: the CPU time of the served schema executing the reconciliation page (Strawberry,
our resolvers, the ORM over PostgreSQL, no HTTP) with compiled execution on and off, and of
graphql-core and of the compiled plan executing the same page over the finished answer as plain
dicts with default resolvers (no ORM, no Strawberry, no I/O). The last two are the execution
floors of this page with and without compiled execution.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import sys
import time

from graphql import build_schema, execute_sync, parse

from graphql_portal.auth import Principal
from graphql_portal.db import close_db, init_db
from graphql_portal.models import TokenKind
from graphql_portal.resolvers.context import Context
from graphql_portal.schema import schema
from graphql_portal.schema.compiled import CompiledExecutor
from graphql_portal.settings import load_settings

from .bench_reconciliation import RECONCILIATION_QUERY
from .graphql_floor import count_fields, cpu_ms_alternating
from .support import DEFAULT_DATABASE_URL, REPO_ROOT, print_machine, require_postgres


async def served_page(database_url: str, repeat: int) -> tuple[dict, float, float]:
    """The page as the served schema answers it, and its CPU ms per page in this process with
    compiled execution on and off (alternating, so both see the same machine)."""
    settings = load_settings({"PORTAL_DATABASE_URL": database_url, "PORTAL_SECRET_KEY": "bench" * 8})
    off = dataclasses.replace(settings, compiled_execution=False)
    await init_db(database_url)
    principal = Principal(kind=TokenKind.RECONCILIATION, token_id=0)
    variables = {"first": 500, "after": None}

    async def once(settings) -> dict:
        result = await schema.execute(
            RECONCILIATION_QUERY, variable_values=variables, context_value=Context(principal, settings)
        )
        assert not result.errors, result.errors
        return result.data

    try:
        data = await once(off)
        if json.dumps(await once(settings)) != json.dumps(data):
            raise SystemExit("compiled execution answered differently from graphql-core")
        spent = {True: 0.0, False: 0.0}
        for _ in range(repeat):
            for compiled in (True, False):
                started = time.process_time()
                await once(settings if compiled else off)
                spent[compiled] += time.process_time() - started
        return data, spent[True] * 1000 / repeat, spent[False] * 1000 / repeat
    finally:
        await close_db()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)

    data, served_compiled, served = asyncio.run(served_page(args.database_url, args.repeat))
    plain = build_schema((REPO_ROOT / "schema.graphql").read_text())
    document = parse(RECONCILIATION_QUERY)
    variables = {"first": 500, "after": None}

    def execute() -> None:
        result = execute_sync(plain, document, root_value=data, variable_values=variables)
        assert result.errors is None, result.errors

    def execute_compiled() -> None:
        result = execute_sync(
            plain, document, root_value=data, variable_values=variables, executor_class=CompiledExecutor
        )
        assert result.errors is None, result.errors

    if execute_sync(plain, document, root_value=data, variable_values=variables).data != data:
        raise SystemExit("graphql-core answered differently from the page it was given")
    once = execute_sync(
        plain, document, root_value=data, variable_values=variables, executor_class=CompiledExecutor
    )
    if json.dumps(once.data) != json.dumps(data):
        raise SystemExit("the compiled plan answered differently from graphql-core")
    floor, compiled = cpu_ms_alternating([execute, execute_compiled], args.repeat)
    fields = count_fields(data)
    print(f"reconciliation page, first 500: {fields:,} fields in the answer")
    print(f"  served schema, graphql-core executor          {served:6.1f} ms CPU per page")
    print(
        f"  served schema, compiled execution             {served_compiled:6.1f} ms CPU per page"
        f" ({served / served_compiled:.1f}x less)"
    )
    per_field = floor * 1000 / fields
    print(f"  graphql-core alone over ready dicts           {floor:6.1f} ms CPU ({per_field:.2f} µs/field)")
    per_field = compiled * 1000 / fields
    print(
        f"  compiled plan alone over ready dicts          {compiled:6.1f} ms CPU ({per_field:.2f} µs/field,"
        f" {floor / compiled:.1f}x below graphql-core)"
    )
    print(f"  ceiling for any graphql-core server: {500 / floor * 1000:,.0f} orders/s of execution alone")
    print(f"  ceiling with compiled execution:     {500 / compiled * 1000:,.0f} orders/s of execution alone")
    print_machine()
    return 0


if __name__ == "__main__":
    sys.exit(main())
