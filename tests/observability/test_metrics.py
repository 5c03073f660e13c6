"""`/metrics`: behind its token, valid for Prometheus (`promtool check metrics`), with exact figures."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import subprocess

import httpx
import pytest

from graphql_portal.clock import FixedClock
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Job, JobKind, JobState
from graphql_portal.observability import metrics
from graphql_portal.observability.server import serve_metrics
from graphql_portal.observability.tracing import OperationSpans
from graphql_portal.schema import schema
from tests.support.api import make_api
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order
from tests.support.ports import free_port
from tests.support.upgrades import upgrade_input

TOKEN = "metrics-token-for-the-tests-0123456789"
NOW = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def sample(name: str, **labels) -> float:
    return metrics.REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
async def api(db, tmp_path):
    settings = make_settings(db.url, tmp_path / "var", metrics_token=TOKEN, clock=FixedClock(NOW))
    async with make_api(settings) as client:
        yield client


async def scrape(api) -> str:
    response = await api.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    return response.text


def promtool_check(text: str) -> None:
    promtool = shutil.which("promtool")
    if promtool is None:
        from tests.support.environment import IN_CI

        if IN_CI:
            pytest.fail("promtool is missing; under CI=true .ci/run installs Debian's prometheus package")
        pytest.skip("promtool not found (Debian's prometheus package)")
    done = subprocess.run(
        [promtool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr


async def test_metrics_answer_only_with_the_token(db, tmp_path):
    async with make_api(make_settings(db.url, tmp_path / "var")) as unset:
        assert (
            await unset.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        ).status_code == 404
    async with make_api(make_settings(db.url, tmp_path / "var", metrics_token=TOKEN)) as api:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN},
                        {"Authorization": f"Bearer {TOKEN}x"}, {"Authorization": f"bearer  {TOKEN}"}):  # fmt: skip
            response = await api.client.get("/metrics", headers=headers)
            assert response.status_code == 401, headers
            assert response.headers["www-authenticate"] == "Bearer"
            assert "portal_" not in response.text
        assert (
            await api.client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
        ).status_code == 200


async def gql(
    api, query: str, variables: dict | None = None, token: str = "alice", operation: str | None = None
):
    body = {"query": query, "variables": variables or {}}
    if operation:
        body["operationName"] = operation
    return await api.client.post(
        "/graphql", json=body, headers={"Authorization": f"Bearer {api.tokens[token]}"}
    )


async def test_graphql_operations_are_counted_by_name_type_and_outcome(api):
    def count(operation, kind, outcome):
        return sample("portal_graphql_requests_total", operation=operation, type=kind, outcome=outcome)

    before = {
        key: count(*key)
        for key in [
            ("Customers", "query", "ok"),
            ("anonymous", "query", "ok"),
            ("Review", "mutation", "user_error"),
            ("Broken", "query", "bad_request"),
            ("FinanceCustomers", "query", "forbidden"),
        ]
    }
    histogram_before = sample(
        "portal_graphql_request_duration_seconds_count", operation="Customers", type="query"
    )
    await gql(api, "query Customers { customers(first: 1) { totalCount } }")
    await gql(api, "query Customers { customers(first: 1) { totalCount } }")
    await gql(api, "{ viewer { user { name } } }")
    review = await gql(
        api,
        "mutation Review($input: UpgradeInput!) { reviewUpgrade(input: $input) { errors { code } } }",
        {"input": {**(await upgrade_input()), "seatAdjustment": -100000}},
    )
    assert review.json()["data"]["reviewUpgrade"]["errors"], review.json()
    broken = await gql(api, "query Broken { customers { noSuchField } }")
    assert broken.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    forbidden = await gql(
        api, "query FinanceCustomers { customers(first: 1) { totalCount } }", token="finance"
    )
    assert forbidden.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN", forbidden.json()
    # Refused before execution: not a GraphQL operation, only an HTTP request.
    assert (
        await api.client.post("/graphql", json={"query": "query Nobody { viewer { user { name } } }"})
    ).status_code == 401

    assert {key: count(*key) - value for key, value in before.items()} == {
        ("Customers", "query", "ok"): 2,
        ("anonymous", "query", "ok"): 1,
        ("Review", "mutation", "user_error"): 1,
        ("Broken", "query", "bad_request"): 1,
        ("FinanceCustomers", "query", "forbidden"): 1,
    }
    assert sample("portal_graphql_requests_total", operation="Nobody", type="query", outcome="forbidden") == 0
    assert (
        sample("portal_graphql_request_duration_seconds_count", operation="Customers", type="query")
        - histogram_before
        == 2
    )
    text = await scrape(api)
    assert 'portal_graphql_requests_total{operation="Customers",outcome="ok",type="query"}' in text
    promtool_check(text)


def test_operation_names_are_bounded_to_200_then_other(monkeypatch):
    monkeypatch.setattr(metrics, "_names", set())
    labels = [metrics.operation_label(f"Op{n}") for n in range(250)]
    assert labels[:200] == [f"Op{n}" for n in range(200)]
    assert set(labels[200:]) == {"other"}
    assert metrics.operation_label("Op5") == "Op5"  # a name seen before keeps its label
    assert metrics.operation_label(None) == "anonymous"
    monkeypatch.setattr(metrics, "_names", set())
    assert [metrics.operation_label(n) for n in ("a b", "x" * 101, "1abc", "Ok_1")] == ["other"] * 3 + [
        "Ok_1"
    ]


def test_no_observing_extension_turns_graphql_cores_middleware_on():
    """A `resolve` hook would make an extension per-field middleware and turn compiled execution off."""
    extensions = [*schema.get_extensions(), OperationSpans()]
    assert not [type(ext).__name__ for ext in extensions if ext._implements_resolve()]


async def test_http_requests_are_counted_by_route_pattern(api):
    def count(route, method, status):
        return sample("portal_http_requests_total", route=route, method=method, status=status)

    cases = [
        ("GET", "/attachments/not-an-id", "/attachments/{attachment_id}", "404"),
        ("GET", "/attachments/QXR0YWNobWVudDo5OTk5", "/attachments/{attachment_id}", "404"),
        ("GET", "/healthz", "/healthz", "200"),
        ("GET", "/no/such/page", "unmatched", "303"),  # the portal sends signed-out visitors to sign in
        ("GET", "/orders/T3JkZXI6MQ", "/orders/{order_id}", "303"),
        ("GET", "/admin/orders/1", "/admin/orders/{order_id:int}", "303"),
        ("GET", "/shared/common.css", "/shared/{path}", "200"),
        ("BREW", "/healthz", "unmatched", "303"),  # an unknown method is labelled `other`
    ]
    before = {(route, method, status): count(route, "other" if method == "BREW" else method, status)
              for method, _, route, status in cases}  # fmt: skip
    for method, path, _, status in cases:
        response = await api.client.request(
            method, path, headers={"Authorization": f"Bearer {api.tokens['alice']}"}
        )
        assert str(response.status_code) == status, (method, path, response.status_code)
    after = {(route, method, status): count(route, "other" if method == "BREW" else method, status)
             for method, _, route, status in cases}  # fmt: skip
    assert {key: after[key] - before[key] for key in after} == {
        ("/attachments/{attachment_id}", "GET", "404"): 2,
        ("/healthz", "GET", "200"): 1,
        ("unmatched", "GET", "303"): 1,
        ("/orders/{order_id}", "GET", "303"): 1,
        ("/admin/orders/{order_id:int}", "GET", "303"): 1,
        ("/shared/{path}", "GET", "200"): 1,
        ("unmatched", "BREW", "303"): 1,
    }
    text = await scrape(api)
    assert "/no/such/page" not in text and "not-an-id" not in text


async def test_the_queue_gauges_are_read_from_the_database(api, db):
    order = await write_fabrikam_order(submitted_at=NOW - dt.timedelta(hours=2))
    render = await Job.get(order_id=order.id, kind=JobKind.RENDER_ADDENDUM)
    await Job.filter(id=render.id).update(run_after=NOW - dt.timedelta(seconds=3600))
    emails = await Job.filter(order_id=order.id, kind=JobKind.SEND_EMAIL).order_by("id")
    await Job.filter(id=emails[0].id).update(state=JobState.FAILED)
    await Job.filter(id=emails[1].id).update(run_after=NOW + dt.timedelta(hours=1))  # not due yet
    text = await scrape(api)
    lines = set(text.splitlines())
    assert {
        'portal_jobs{kind="render_addendum",state="queued"} 1.0',
        'portal_jobs{kind="send_email",state="queued"} 1.0',
        'portal_jobs{kind="send_email",state="failed"} 1.0',
        'portal_jobs{kind="send_email",state="running"} 0.0',
        'portal_jobs{kind="apply_change",state="queued"} 0.0',
        'portal_job_oldest_queued_seconds{kind="render_addendum"} 3600.0',
        'portal_job_oldest_queued_seconds{kind="send_email"} 0.0',
    } <= lines, text
    pool = {line.split()[0] for line in lines if line.startswith("portal_db_pool_")}
    if db.dialect == "postgres":  # the asyncpg pool that served this scrape: one connection at least
        assert pool == {
            "portal_db_pool_connections",
            "portal_db_pool_idle_connections",
            "portal_db_pool_max_connections",
            "portal_db_pool_waiters",
        }
        assert "portal_db_pool_waiters 0.0" in lines
        assert float(next(li for li in lines if li.startswith("portal_db_pool_connections ")).split()[1]) >= 1
    else:
        assert pool == set()
    promtool_check(text)


async def test_job_attempts_and_emails_are_counted_by_outcome(db, tmp_path, smtp):
    smtp.mailbox.refuse_recipients["lena@northwind.example"] = "550 5.1.1 mailbox unavailable"
    settings = make_settings(db.url, tmp_path / "var", smtp_port=smtp.port)
    names = [
        ("portal_job_attempts_total", {"kind": "render_addendum", "outcome": "ok"}),
        ("portal_job_attempts_total", {"kind": "send_email", "outcome": "ok"}),
        ("portal_job_attempts_total", {"kind": "send_email", "outcome": "failed"}),
        ("portal_emails_total", {"kind": "submitter_addendum", "outcome": "sent"}),
        ("portal_emails_total", {"kind": "implementation_lead", "outcome": "failed"}),
    ]
    before = [sample(name, **labels) for name, labels in names]
    await write_fabrikam_order()
    assert await Worker(settings, "w1").run_once() == 3
    assert [sample(name, **labels) - b for (name, labels), b in zip(names, before, strict=True)] == [
        1,
        1,
        1,
        1,
        1,
    ]


async def test_a_worker_serves_its_metrics_on_its_own_port():
    port = free_port()
    server = await serve_metrics("127.0.0.1", port, TOKEN, lambda: asyncio.sleep(0, b"portal_x 1\n"))
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            assert (await client.get("/metrics")).status_code == 401
            assert (await client.get("/metrics", headers={"Authorization": "Bearer nope"})).status_code == 401
            assert (
                await client.get("/other", headers={"Authorization": f"Bearer {TOKEN}"})
            ).status_code == 404
            ok = await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
            assert (ok.status_code, ok.text) == (200, "portal_x 1\n")
    finally:
        server.close()
        await server.wait_closed()


async def test_a_workers_scrape_reads_the_queue_and_passes_promtool(db, tmp_path):
    from graphql_portal.fulfilment.worker import metrics_body

    await write_fabrikam_order()
    text = (await metrics_body(make_settings(db.url, tmp_path / "var"))).decode()
    assert 'portal_jobs{kind="send_email",state="queued"} 2.0' in text
    assert "portal_job_attempts_total" in text
    promtool_check(text)


def test_a_worker_metrics_port_needs_the_token(monkeypatch, tmp_path, capsys):
    import logging

    from graphql_portal import cli

    for name in [k for k in os.environ if k.startswith("PORTAL_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("PORTAL_VAR_DIR", str(tmp_path))
    monkeypatch.setenv("PORTAL_SECRET_KEY", "k" * 40)
    monkeypatch.chdir(tmp_path)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        assert cli.main(["worker", "--metrics-port", str(free_port())]) == 1
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == (
        "graphql-portal: error: --metrics-port needs PORTAL_METRICS_TOKEN (the bearer token a scrape must send)"
    )
