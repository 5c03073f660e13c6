"""With OTLP configured: one span per GraphQL operation inside the HTTP request's trace, the
database's statements, and each job run as a span linked to the request that queued it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from graphql_portal.observability import tracing

ROOT = Path(__file__).resolve().parents[2]


def test_tracing_is_off_and_costs_nothing_without_an_endpoint():
    assert tracing.setup_tracing({}) is False
    assert not tracing.enabled()
    assert tracing.current_traceparent() is None
    with tracing.job_span("job x", "00-" + "1" * 32 + "-" + "2" * 16 + "-01"):
        pass


async def test_operations_requests_statements_and_jobs_are_traced(db, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTAL_", "OTEL_"))}
    done = subprocess.run(
        [sys.executable, "-m", "tests.observability.tracing_probe", db.url, str(tmp_path / "var")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout.splitlines()[-1])
    spans = found["spans"]
    names = [span["name"] for span in spans]
    submit = next(span for span in spans if span["name"] == "GraphQL mutation Submit")
    request = [span for span in spans if span["trace"] == submit["trace"] and span["parent"] is None]
    assert [span["name"] for span in request] == ["POST /graphql"]  # Starlette's server span
    assert submit["attributes"]["graphql.operation.name"] == "Submit"
    assert "GraphQL mutation Review" in names
    # Per operation only: no span per field.
    assert not [name for name in names if name.startswith("GraphQL Resolving")]
    # Each job run is a root span of its own, linked to the submit's trace.
    jobs = [span for span in spans if span["name"].startswith("job ")]
    assert sorted(span["name"] for span in jobs) == [
        "job render_addendum",
        "job send_email",
        "job send_email",
    ]
    assert all(span["parent"] is None and span["links"] == [submit["trace"]] for span in jobs)
    assert {span["attributes"]["portal.request_id"] for span in jobs} == {"submit-9"}
    assert len(found["traceparents"]) == 1 and submit["trace"] in found["traceparents"][0]
    if db.dialect == "postgres":
        statements = [span for span in spans if span["attributes"].get("db.system") == "postgresql"]
        assert any(span["trace"] == submit["trace"] for span in statements)
        assert any(span["trace"] == jobs[0]["trace"] for span in statements)
