"""Every answer carries `X-Request-ID`; each log line of a request and of the jobs it queued names it."""

from __future__ import annotations

import logging
import re

import pytest

from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Job, JobKind, JobState
from tests.support.api import make_api
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order
from tests.support.upgrades import upgrade_input

NEW_ID = re.compile(r"[0-9a-f]{32}")
CUSTOMERS = "query Customers { customers(first: 2) { totalCount } }"
REVIEW = """mutation Review($input: UpgradeInput!) { reviewUpgrade(input: $input) { review { id } errors { code } } }"""
SUBMIT = """mutation Submit($id: ID!) { submitUpgrade(input: { reviewId: $id, confirmMsa: true, confirmAuthorized: true }) {
  order { id } errors { code } } }"""


@pytest.fixture
async def api(db, tmp_path):
    async with make_api(make_settings(db.url, tmp_path / "var")) as client:
        yield client


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("POST", "/graphql"),  # 401 without a token
        ("GET", "/graphql"),  # 405
        ("GET", "/no/such/page"),
        ("GET", "/shared/common.css"),
        ("GET", "/admin/"),
        ("GET", "/metrics"),  # 404 while PORTAL_METRICS_TOKEN is unset
    ],
)
async def test_every_answer_carries_a_request_id(api, method, path):
    response = await api.client.request(method, path)
    assert NEW_ID.fullmatch(response.headers["x-request-id"]), (response.status_code, response.headers)


async def test_an_acceptable_incoming_id_is_kept_and_any_other_replaced(api):
    for given in ("abc", "0" * 128, "trace-7f3a.b:c/d_e~!", "\x21" * 5):
        response = await api.client.get("/healthz", headers={"X-Request-ID": given})
        assert response.headers["x-request-id"] == given
    for given in ("", "a" * 129, "has space", "tab\there", "ünicode".encode(), "a\x7f"):
        response = await api.client.get("/healthz", headers={"X-Request-ID": given})
        assert NEW_ID.fullmatch(response.headers["x-request-id"]), given
    first = (await api.client.get("/healthz")).headers["x-request-id"]
    second = (await api.client.get("/healthz")).headers["x-request-id"]
    assert first != second


async def test_a_graphql_requests_log_lines_name_it_and_its_operation(api, caplog):
    caplog.set_level(logging.DEBUG, logger="tortoise.db_client")
    response = await api.client.post(
        "/graphql",
        json={"query": CUSTOMERS},
        headers={"Authorization": f"Bearer {api.tokens['alice']}", "X-Request-ID": "req-customers-1"},
    )
    assert response.status_code == 200 and response.headers["x-request-id"] == "req-customers-1"
    statements = [r for r in caplog.records if r.name == "tortoise.db_client"]
    assert statements, "the request ran statements"
    executing = [r for r in statements if getattr(r, "operation", None) == "Customers"]
    assert executing and all(r.request_id == "req-customers-1" for r in executing)
    # Nothing outside a request carries its id.
    caplog.clear()
    logging.getLogger("graphql_portal").warning("outside")
    assert caplog.records[-1].request_id is None


async def test_the_jobs_a_submit_queues_carry_its_request_id_into_the_workers_log(api, db, tmp_path, caplog):
    async def post(query, variables, request_id):
        response = await api.client.post(
            "/graphql",
            json={"query": query, "variables": variables},
            headers={"Authorization": f"Bearer {api.tokens['alice']}", "X-Request-ID": request_id},
        )
        return response.json()["data"]

    review = (await post(REVIEW, {"input": await upgrade_input()}, "review-1"))["reviewUpgrade"]
    submitted = (await post(SUBMIT, {"id": review["review"]["id"]}, "submit-1"))["submitUpgrade"]
    assert submitted["errors"] == []
    jobs = await Job.all().order_by("id")
    assert {(job.kind, job.request_id) for job in jobs} == {
        (JobKind.RENDER_ADDENDUM, "submit-1"),
        (JobKind.SEND_EMAIL, "submit-1"),
    }
    assert all(job.traceparent is None for job in jobs)  # tracing is off: nothing stored

    caplog.set_level(logging.INFO, logger="graphql_portal.worker")
    settings = make_settings(db.url, tmp_path / "var")
    assert await Worker(settings, "w1").run_once() == 3
    lines = [r for r in caplog.records if r.name == "graphql_portal.worker"]
    assert len(lines) == 3
    assert {r.request_id for r in lines} == {"submit-1"}
    assert {r.order for r in lines} == {jobs[0].order_id}
    assert sorted(getattr(r, "email", "-") for r in lines) == [
        "-",
        "implementation_lead",
        "submitter_addendum",
    ]


async def test_a_job_queued_by_no_request_gets_an_id_of_its_own(db, tmp_path, caplog):
    from graphql_portal.fulfilment.queue import stamp_new_jobs

    stamp_new_jobs()
    order = await write_fabrikam_order()
    jobs = await Job.filter(order_id=order.id)
    assert len(jobs) == 3 and all(NEW_ID.fullmatch(job.request_id) for job in jobs)
    caplog.set_level(logging.INFO, logger="graphql_portal.worker")
    await Worker(make_settings(db.url, tmp_path / "var"), "w1").run_once()
    by_job = {
        r.getMessage().split()[1]: r.request_id for r in caplog.records if r.name == "graphql_portal.worker"
    }
    assert by_job == {str(job.id): job.request_id for job in jobs}


async def test_a_staff_retry_runs_under_the_retrys_own_request_id(db, tmp_path):
    from graphql_portal.fulfilment.retries import requeue_order
    from graphql_portal.observability import working_for

    order = await write_fabrikam_order()
    await Job.filter(order_id=order.id).update(state=JobState.FAILED, request_id="submit-0")
    with working_for("staff-retry-1"):
        assert await requeue_order(order.id) == 3
    assert {job.request_id for job in await Job.filter(order_id=order.id)} == {"staff-retry-1"}
    await Job.filter(order_id=order.id).update(state=JobState.FAILED)
    assert await requeue_order(order.id) == 3  # outside any request: an id of its own
    (fresh,) = {job.request_id for job in await Job.filter(order_id=order.id)}
    assert NEW_ID.fullmatch(fresh)
