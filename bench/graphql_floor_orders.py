"""What GraphQL execution alone costs for a reconciliation page of 500 orders.

    .venv/bin/python -m bench.graphql_floor_orders

In one process: the CPU time of the served schema executing the reconciliation page (Strawberry,
our resolvers, the ORM over PostgreSQL, no HTTP), and of graphql-core executing the same page over
the finished answer as plain dicts with default resolvers (no ORM, no Strawberry, no I/O). The
second is a floor under any graphql-core server answering this page with these fields.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from graphql import build_schema, execute_sync, parse

from graphql_portal.auth import Principal
from graphql_portal.db import close_db, init_db
from graphql_portal.models import TokenKind
from graphql_portal.resolvers.context import Context
from graphql_portal.schema import schema
from graphql_portal.settings import load_settings

from .bench_reconciliation import RECONCILIATION_QUERY
from .graphql_floor import count_fields, cpu_ms_per_call
from .support import DEFAULT_DATABASE_URL, REPO_ROOT, print_machine, require_postgres


async def served_page(database_url: str, repeat: int) -> tuple[dict, float]:
    """The page as the served schema answers it, and its CPU ms per page in this process."""
    settings = load_settings({"PORTAL_DATABASE_URL": database_url, "PORTAL_SECRET_KEY": "bench" * 8})
    await init_db(database_url)
    principal = Principal(kind=TokenKind.RECONCILIATION, token_id=0)
    variables = {"first": 500, "after": None}

    async def once() -> dict:
        result = await schema.execute(
            RECONCILIATION_QUERY, variable_values=variables, context_value=Context(principal, settings)
        )
        assert not result.errors, result.errors
        return result.data

    try:
        data = await once()
        started = time.process_time()
        for _ in range(repeat):
            await once()
        return data, (time.process_time() - started) * 1000 / repeat
    finally:
        await close_db()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    require_postgres(parser, args.database_url)

    data, served = asyncio.run(served_page(args.database_url, args.repeat))
    plain = build_schema((REPO_ROOT / "schema.graphql").read_text())
    document = parse(RECONCILIATION_QUERY)
    variables = {"first": 500, "after": None}

    def execute() -> None:
        result = execute_sync(plain, document, root_value=data, variable_values=variables)
        assert result.errors is None and result.data == data, result.errors

    floor = cpu_ms_per_call(execute, args.repeat)
    fields = count_fields(data)
    print(f"reconciliation page, first 500: {fields:,} fields in the answer")
    print(f"  served schema (Strawberry + resolvers + ORM)  {served:6.1f} ms CPU per page")
    per_field = floor * 1000 / fields
    print(f"  graphql-core alone over ready dicts           {floor:6.1f} ms CPU ({per_field:.2f} µs/field)")
    print(f"  ceiling for any graphql-core server: {500 / floor * 1000:,.0f} orders/s of execution alone")
    print_machine()
    return 0


if __name__ == "__main__":
    sys.exit(main())
