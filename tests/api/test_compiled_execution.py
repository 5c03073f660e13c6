"""Compiled execution answers every query exactly as graphql-core's executor does.

Besides these tests, every query any test sends through a compiled plan is answered a second
time by graphql-core and compared byte for byte (the autouse fixture in tests/conftest.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tortoise import Tortoise

from graphql_portal.app import create_app
from graphql_portal.auth import Principal
from graphql_portal.ids import encode_id
from graphql_portal.models import (
    Customer,
    Delivery,
    DeliveryStatus,
    Order,
    OrderStatus,
    Partner,
    PartnerUser,
    TokenKind,
)
from graphql_portal.resolvers.context import Context
from graphql_portal.schema import schema
from graphql_portal.schema.compiled import executor as compiled
from graphql_portal.settings import load_settings
from tests.api.query_strategy import queries
from tests.support.api import Api
from tests.support.environment import make_settings
from tests.support.orders import make_completed_order

README = Path(__file__).resolve().parents[2] / "README.md"
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


async def answer(query: str, variables: dict | None, principal: Principal, settings_) -> bytes:
    result = await schema.execute(
        query, variable_values=variables, context_value=Context(principal, settings_)
    )
    errors = [e.formatted for e in result.errors or []]
    return orjson.dumps({"data": result.data, "errors": errors})


async def both(query: str, variables: dict | None, principal: Principal, settings_) -> tuple[bytes, bytes]:
    """The same request with compiled execution on, then off."""
    on = await answer(query, variables, principal, settings_)
    off = await answer(query, variables, principal, dataclasses.replace(settings_, compiled_execution=False))
    return on, off


async def partner_user(email: str = "alice@northwind.example") -> Principal:
    return Principal(kind=TokenKind.PARTNER_USER, token_id=0, user=await PartnerUser.get(email_key=email))


def finance() -> Principal:
    return Principal(kind=TokenKind.RECONCILIATION, token_id=0)


async def with_orders() -> dict[str, list[str]]:
    """Orders beside the demo data (completed, processing without addendum, a failed delivery);
    the ids the query strategy uses."""
    northwind = await Partner.get(name="Northwind Managed IT")
    ours = await Customer.filter(partner_id=northwind.id).order_by("name", "id").limit(4)
    theirs = await Customer.exclude(partner_id=northwind.id).order_by("id").limit(2)
    start = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
    orders = []
    for n, customer in enumerate([*ours, *theirs]):
        orders.append(
            await make_completed_order(customer, at=start + dt.timedelta(hours=n), with_addendum=n % 2 == 0)
        )
    await Order.filter(id=orders[1].id).update(status=OrderStatus.PROCESSING, completed_at=None)
    await Delivery.filter(order_id=orders[1].id).update(
        status=DeliveryStatus.FAILED, last_error="550 mailbox unavailable", sent_at=None
    )
    user = await PartnerUser.filter(partner_id=northwind.id).first()
    return {
        "Customer": [encode_id("Customer", c.id) for c in (ours[0], ours[1], theirs[0])],
        "Order": [encode_id("Order", o.id) for o in (orders[0], orders[1], orders[-1])],
        "Other": [encode_id("User", user.id)],
    }


async def damage(ids: dict[str, list[str]]) -> None:
    """Nulls, and data our resolvers fail on: errors in non-null and in nullable positions."""
    orders = await Order.all().order_by("id")
    await Order.filter(id=orders[0].id).update(
        lines_after=[{**orders[0].lines_after[0], "unit_price": "not a number"}]
    )
    await Order.filter(id=orders[2].id).update(lines_before=[{"name": "no sku"}])
    customers = await Customer.filter(implementation_lead_id__not_isnull=True).order_by("id")
    await Customer.filter(id__in=[c.id for c in customers[:3]]).update(implementation_lead_id=None)
    # a user that no longer loads (an unknown role): customers' leads fail where they may be null
    lead = next(
        c.implementation_lead_id
        for c in customers[3:]
        if c.implementation_lead_id != orders[0].submitted_by_id
    )
    await Tortoise.get_connection("default").execute_script(
        f"UPDATE partner_user SET role = 'RETIRED' WHERE id = {int(lead)}"
    )


@pytest.fixture
def runs():
    """How many requests compiled plans answered, and how many fell back to graphql-core."""
    before = dict(compiled.stats)

    def delta() -> dict[str, int]:
        return {k: compiled.stats[k] - before[k] for k in before}

    return delta


# -- the documents of the README and of the benchmarks ------------------------------------------


def readme_queries() -> list[str]:
    blocks = re.findall(r"```graphql\n(.*?)```", README.read_text(), re.S)
    return [b for b in blocks if not b.lstrip().startswith("mutation")]


async def test_readme_queries_answer_the_same_bytes_over_http(api: Api, db, tmp_path, runs):
    off = create_app(make_settings(db.url, tmp_path / "var", compiled_execution=False), manage_db=False)
    import httpx

    documents = readme_queries()
    assert len(documents) >= 2
    transport = httpx.ASGITransport(app=off)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        for query in documents:
            for token in ("alice", "finance"):
                variables = {"after": None, "since": None} if "$since" in query else {}
                on = await api.post(query, variables, token=token)
                headers = {"Authorization": f"Bearer {api.tokens[token]}"}
                off_answer = await client.post(
                    "/graphql", json={"query": query, "variables": variables}, headers=headers
                )
                assert on.status_code == off_answer.status_code
                assert on.content == off_answer.content, query
    assert runs()["ran"] >= 2


async def test_benchmark_pages_answer_the_same_bytes(db, runs):
    from bench.bench_customers_page import PAGE_QUERY
    from bench.bench_reconciliation import RECONCILIATION_QUERY

    await with_orders()
    settings_ = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40})
    on, off = await both(PAGE_QUERY, {"first": 50}, await partner_user(), settings_)
    assert on == off
    assert b'"errors":[]' in on and b'"accountCode"' in on
    on, off = await both(RECONCILIATION_QUERY, {"first": 500, "after": None}, finance(), settings_)
    assert on == off
    assert on.count(b'"linesAfter"') == await Order.all().count() >= 5
    assert runs()["ran"] == 2 and runs()["fallbacks"] == 0


# -- errors: graphql-core answers ----------------------------------------------------------------


async def test_a_request_with_errors_is_answered_by_graphql_core(db, runs):
    settings_ = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40})
    query = "{ viewer { kind } customers(first: -1) { totalCount } }"
    on, off = await both(query, None, await partner_user(), settings_)
    assert on == off
    body = orjson.loads(on)
    assert body["data"] is None
    assert body["errors"][0]["path"] == ["customers"]
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT"}
    assert runs() == {"compiled": runs()["compiled"], "ran": 0, "fallbacks": 1}


async def test_null_propagation_and_masked_errors_are_graphql_cores(db, runs):
    ids = await with_orders()
    await damage(ids)
    settings_ = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40})
    query = """query($n: Int) {
      orders(first: $n) { nodes { id linesAfter { sku unitPrice { amount } } } }
      viewer { kind }
    }"""
    on, off = await both(query, {"n": 10}, finance(), settings_)
    assert on == off
    body = orjson.loads(on)
    assert body["data"] is None  # linesAfter is [OrderLine!]!, nodes [Order!]!, orders non-null
    assert body["errors"] == [
        {
            "message": "Internal server error.",
            "locations": [{"line": 2, "column": 38}],
            "path": ["orders", "nodes", 0, "linesAfter"],
            "extensions": {"code": "INTERNAL"},
        }
    ]
    assert runs()["fallbacks"] == 1 and runs()["ran"] == 0
    # without the failing field the same page is compiled and answered
    on, off = await both(
        "{ orders(first: 10) { nodes { id linesBefore { sku } } } }", None, finance(), settings_
    )
    assert on == off and b'errors":[{' in on
    on, off = await both("{ orders(first: 10) { nodes { id number } } }", None, finance(), settings_)
    assert on == off and runs()["ran"] == 1


# -- the switch, the cache, the verifier ----------------------------------------------------------


async def test_the_setting_turns_compiled_execution_off(db, runs):
    assert load_settings({"PORTAL_SECRET_KEY": "k" * 40}).compiled_execution is True
    off = load_settings({"PORTAL_SECRET_KEY": "k" * 40, "PORTAL_COMPILED_EXECUTION": "0"})
    assert off.compiled_execution is False
    principal = await partner_user()
    await answer("{ customers(first: 3) { nodes { name } } }", None, principal, off)
    assert runs()["ran"] == 0
    on = dataclasses.replace(off, compiled_execution=True)
    await answer("{ customers(first: 3) { nodes { name } } }", None, principal, on)
    assert runs()["ran"] == 1


async def test_plans_are_compiled_once_per_document_operation_and_switch_values(db, runs):
    compiled._caches.clear()
    settings_ = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40})
    principal = await partner_user()
    query = """query A($full: Boolean!) { customers(first: 2) { nodes { name seats @include(if: $full) } } }
    query B { viewer { kind } }"""
    for full in (True, False, True, False):
        result = await schema.execute(
            query, {"full": full}, Context(principal, settings_), operation_name="A"
        )
        assert ("seats" in result.data["customers"]["nodes"][0]) is full
    result = await schema.execute(query, {}, Context(principal, settings_), operation_name="B")
    assert result.data == {"viewer": {"kind": "PARTNER_USER"}}
    assert runs() == {"compiled": 3, "ran": 5, "fallbacks": 0}


async def test_mutations_and_introspection_run_on_graphql_core(db, runs):
    settings_ = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40})
    principal = await partner_user()
    result = await schema.execute(
        "{ __schema { queryType { name } } customers(first: 1) { totalCount } }",
        context_value=Context(principal, settings_),
    )
    assert result.data["__schema"] == {"queryType": {"name": "Query"}}
    result = await schema.execute(
        'mutation { createUser(input: {name: "N", email: "n@northwind.example"}) { errors { code } } }',
        context_value=Context(principal, settings_),
    )
    assert result.errors is None
    assert runs()["ran"] == 0 and runs()["fallbacks"] == 0


async def test_the_verifier_reports_an_answer_that_differs(
    db, compiled_execution_matches_graphql_core, monkeypatch
):
    mismatches = compiled_execution_matches_graphql_core
    compile_ = compiled.Compiler.compile

    def wrong(self):
        plan = compile_(self)
        root = plan.root
        plan.root = lambda src, path, rt: {**root(src, path, rt), "extra": 1}
        return plan

    monkeypatch.setattr(compiled.Compiler, "compile", wrong)
    settings_ = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40})
    try:
        await answer("{ verifierCheck: viewer { kind } }", None, finance(), settings_)
    finally:
        compiled._caches.clear()
    assert len(mismatches) == 1 and '"extra"' in mismatches[0]
    mismatches.clear()


# -- random queries over the whole schema ---------------------------------------------------------


async def _random_queries_match(db, data, damaged: bool) -> None:
    if not hasattr(db, "ids"):  # once per database: hypothesis reuses the function's fixtures
        db.ids = await with_orders()
        if damaged:
            await damage(db.ids)
        db.principals = {"alice": await partner_user(), "finance": finance()}
        db.settings = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40})
    query, variables = data.draw(queries(schema._schema, db.ids), label="query")
    who = data.draw(st.sampled_from(["alice", "finance"]), label="who")
    on, off = await both(query, variables, db.principals[who], db.settings)
    assert on == off


@PROPERTY
@given(data=st.data())
async def test_random_queries_on_the_demo_data_answer_the_same_bytes(db, data):
    await _random_queries_match(db, data, damaged=False)


@PROPERTY
@given(data=st.data())
async def test_random_queries_on_data_with_nulls_and_errors_answer_the_same_bytes(db, data):
    await _random_queries_match(db, data, damaged=True)


async def test_random_queries_mostly_run_compiled(db, runs):
    """The property tests are only worth something if plans answer most of their queries."""
    ids = await with_orders()
    seen = []

    # A fixed sample: the share that runs compiled is then a property of the code, not of luck.
    @settings(max_examples=40, database=None, deadline=None, derandomize=True)
    @given(queries(schema._schema, ids))
    def collect(example) -> None:
        seen.append(example)

    collect()
    settings_ = load_settings({"PORTAL_DATABASE_URL": db.url, "PORTAL_SECRET_KEY": "k" * 40})
    principal = await partner_user()
    for query, variables in seen:
        await answer(query, variables, principal, settings_)
    counted = runs()
    assert counted["ran"] >= len(seen) // 3, (counted, len(seen))


def test_graphql_core_reruns_a_request_with_the_context_it_started_with():
    """What an abandoned plan loaded is not seen by the rerun: concurrent failures then happen in
    graphql-core's own order."""
    settings_ = load_settings({"PORTAL_SECRET_KEY": "k" * 40})
    context = Context(finance(), settings_, request="request", response="response")
    fresh = compiled.fresh_context(context)
    assert fresh is not context and type(fresh) is Context
    assert (fresh.principal, fresh.settings, fresh.request, fresh.response) == (
        context.principal,
        settings_,
        "request",
        "response",
    )
    assert fresh.loaders is not context.loaders and type(fresh.loaders) is type(context.loaders)
    assert compiled.fresh_context({"not": "a dataclass"}) == {"not": "a dataclass"}
