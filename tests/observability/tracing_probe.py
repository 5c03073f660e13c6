"""Run in a process of its own by test_tracing.py (tracing, once on, stays on for the process):
review and submit an order over ASGI, run the worker, print the finished spans as JSON."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import httpx
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from graphql_portal.app import create_app
from graphql_portal.auth import create_user_token
from graphql_portal.db import close_db, init_db
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Job
from graphql_portal.observability import tracing
from tests.support.environment import make_settings
from tests.support.upgrades import upgrade_input

REVIEW = "mutation Review($input: UpgradeInput!) { reviewUpgrade(input: $input) { review { id } } }"
SUBMIT = """mutation Submit($id: ID!) { submitUpgrade(input: { reviewId: $id, confirmMsa: true, confirmAuthorized: true }) {
  order { id } } }"""


async def main(database_url: str, var_dir: str) -> None:
    exporter = InMemorySpanExporter()
    tracing.setup_tracing({}, exporter=exporter)
    await init_db(database_url)
    try:
        await run(database_url, var_dir, exporter)
    finally:
        await close_db()


async def run(database_url: str, var_dir: str, exporter: InMemorySpanExporter) -> None:
    settings = make_settings(database_url, Path(var_dir))
    app = create_app(settings, manage_db=False)
    token = (await create_user_token("alice@northwind.example")).token
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        review = await client.post(
            "/graphql", json={"query": REVIEW, "variables": {"input": await upgrade_input()}}, headers=headers
        )
        review_id = review.json()["data"]["reviewUpgrade"]["review"]["id"]
        submitted = await client.post(
            "/graphql",
            json={"query": SUBMIT, "variables": {"id": review_id}},
            headers={**headers, "X-Request-ID": "submit-9"},
        )
        assert submitted.status_code == 200, submitted.text
    traceparents = sorted({job.traceparent for job in await Job.all()})
    await Worker(settings, "w1").run_once()
    spans = [
        {
            "name": span.name,
            "trace": format(span.context.trace_id, "032x"),
            "span": format(span.context.span_id, "016x"),
            "parent": format(span.parent.span_id, "016x") if span.parent else None,
            "links": [format(link.context.trace_id, "032x") for link in span.links],
            "attributes": {k: v for k, v in (span.attributes or {}).items() if isinstance(v, str | int)},
        }
        for span in exporter.get_finished_spans()
    ]
    print(json.dumps({"spans": spans, "traceparents": traceparents}))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
