"""Documents whose fragments fan out cost time linear in their size, not in the paths through them.

A fragment that spreads the previous one k times, n fragments deep, has k**n paths. Every check a
request goes through (the depth and alias limits, graphql-core's rules, the selection's look-ahead
for page priming, the read scope, the worst-case size, the compiled plan) must visit each fragment
once; a check that walks every path holds the event loop, and with it every request, for ever.
"""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest
from graphql import FragmentDefinitionNode, OperationDefinitionNode, SelectionSetNode, parse, validate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphql_portal.app import create_app
from graphql_portal.schema import LIMIT_RULES, MAX_ALIASES, MAX_DEPTH, schema
from graphql_portal.schema.limits import Measure, _Measurer
from tests.support.api import make_api
from tests.support.environment import make_settings
from tests.support.served import served

LEAVES = {
    "Viewer": "kind user { name }",
    "Customer": "name seats orders(first: 1) { nodes { number } }",
    "Order": "number status customer { name }",
    "User": "name email",
}
ROOTS = {
    "Viewer": "viewer { %s }",
    "Customer": "customers(first: 3) { nodes { %s } }",
    "Order": "orders(first: 3) { nodes { %s } }",
    "User": "users(first: 3) { nodes { %s } }",
}  # %s: where the fragment is spread


def fan_out(n: int, k: int, on: str = "Viewer", leaf: str | None = None) -> str:
    """`query Q` spreading F{n}, where each F{i} spreads F{i-1} k times and F0 selects `leaf`."""
    fragments = [f"fragment F0 on {on} {{ {leaf or LEAVES[on]} }}"]
    fragments += [f"fragment F{i} on {on} {{ {' '.join([f'...F{i - 1}'] * k)} }}" for i in range(1, n + 1)]
    return "query Q { " + ROOTS[on].replace("%s", f"...F{n}") + " }\n" + "\n".join(fragments)


# --- the limits rule: the same figures as walking every path, each selection set measured once ---


def _walk_every_path(
    selection_set: SelectionSetNode, fragments: dict, seen: frozenset = frozenset()
) -> Measure:
    """The reference: what a walk of every path finds (exponential; small documents only)."""
    depth = aliases = 0
    for selection in selection_set.selections:
        kind = selection.kind
        if kind == "fragment_spread":
            name = selection.name.value
            if name in seen or name not in fragments:
                continue
            inner = _walk_every_path(fragments[name].selection_set, fragments, seen | {name})
            depth, aliases = max(depth, inner.depth), aliases + inner.aliases
        elif kind == "inline_fragment":
            inner = _walk_every_path(selection.selection_set, fragments, seen)
            depth, aliases = max(depth, inner.depth), aliases + inner.aliases
        else:
            aliases += 1 if selection.alias else 0
            if selection.selection_set is not None:
                inner = _walk_every_path(selection.selection_set, fragments, seen)
                aliases += inner.aliases
                if not selection.name.value.startswith("__"):
                    depth = max(depth, 1 + inner.depth)
    return Measure(depth, aliases)


@st.composite
def fragment_documents(draw) -> str:
    """Random acyclic fragments over Viewer that spread earlier ones any number of times, with
    aliases, inline fragments and nested fields. (Cycles are refused by graphql-core's rules.)"""
    count = draw(st.integers(1, 9))
    parts_of = {
        "field": lambda i: "kind",
        "alias": lambda i: f"a{draw(st.integers(0, 3))}: kind",
        "nested": lambda i: draw(st.sampled_from(["user { name }", "u: user { n: name }"])),
        "inline": lambda i: "... on Viewer { b: kind user { name } }",
        "spread": lambda i: f"...F{draw(st.integers(0, i - 1))}" if i else "kind",
    }
    bodies = []
    for i in range(count):
        kinds = draw(
            st.lists(
                st.sampled_from(["field", "alias", "nested", "inline", "spread", "spread"]),
                min_size=1,
                max_size=5,
            )
        )
        bodies.append(f"fragment F{i} on Viewer {{ {' '.join(parts_of[kind](i) for kind in kinds)} }}")
    spreads = " ".join(f"...F{draw(st.integers(0, count - 1))}" for _ in range(draw(st.integers(1, 3))))
    return f"query Q {{ viewer {{ {spreads} }} x: viewer {{ ...F{count - 1} }} }}\n" + "\n".join(bodies)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fragment_documents())
def test_the_limits_find_what_walking_every_path_finds(text):
    document = parse(text)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert _Measurer(fragments).measure(operation.selection_set) == _walk_every_path(
        operation.selection_set, fragments
    )


class _CountingMeasurer(_Measurer):
    def __init__(self, fragments):
        super().__init__(fragments)
        self.combined = 0

    def _combine(self, selection_set):
        self.combined += 1
        return super()._combine(selection_set)


@pytest.mark.parametrize(("n", "k"), [(40, 2), (16, 3), (60, 4), (200, 2)])
def test_each_selection_set_is_measured_once(n, k):
    document = parse(fan_out(n, k), max_tokens=10_000)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    (operation,) = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    measurer = _CountingMeasurer(fragments)
    measure = measurer.measure(operation.selection_set)
    # The operation, `viewer`, each fragment, and F0's `user`.
    assert measurer.combined == 1 + 1 + (n + 1) + 1
    assert measure == Measure(depth=2, aliases=0)


def test_aliases_count_once_per_spread_and_depth_through_fragments():
    fifteen = " ".join(f"a{i}: kind" for i in range(15))
    aliases = f"fragment A on Viewer {{ {fifteen} }}"
    at_limit = "query Q { viewer { ...A ...A } }\n" + aliases
    over = "query Q { viewer { ...A ...A z: kind } }\n" + aliases
    assert validate(schema._schema, parse(at_limit), LIMIT_RULES) == []
    (error,) = validate(schema._schema, parse(over), LIMIT_RULES)
    assert (error.message, error.extensions) == (
        f"31 aliases found. Allowed: {MAX_ALIASES}",
        {"code": "QUERY_TOO_COMPLEX"},
    )
    # A fan-out of forty fragments with one alias in the last: 2**40 aliases, counted exactly.
    (error,) = validate(schema._schema, parse(fan_out(40, 2, leaf="a: kind")), LIMIT_RULES)
    assert error.message == f"{2**40} aliases found. Allowed: {MAX_ALIASES}"

    nested = "fragment D on Customer { orders { nodes { ...E } } }\n"
    nested += "fragment E on Order { customer { orders { totalCount } } }\n"
    deep_enough = "query Q { customers { nodes { orders { nodes { customer { ...D } } } } } }\n" + nested
    assert validate(schema._schema, parse(deep_enough), LIMIT_RULES) == []
    too_deep = deep_enough.replace("orders { totalCount }", "orders { nodes { id } }")
    (error,) = validate(schema._schema, parse(too_deep), LIMIT_RULES)
    assert (error.message, error.extensions) == (
        f"'Q' exceeds maximum operation depth of {MAX_DEPTH}",
        {"code": "QUERY_TOO_COMPLEX"},
    )


def test_a_cycle_of_fragments_is_refused_once_not_walked_for_ever():
    text = (
        "query Q { viewer { ...A } }\nfragment A on Viewer { kind ...B }\nfragment B on Viewer { ...A ...B }"
    )
    errors = [e.message for e in validate(schema._schema, parse(text))]
    assert errors and all("Cannot spread fragment" in m for m in errors)
    assert validate(schema._schema, parse(text), LIMIT_RULES) == []


def test_one_field_repeated_to_the_token_limit_is_refused_quickly_as_too_complex():
    """graphql-core's overlap check compares fields pairwise; its budget is ours to bound."""
    text = "{ viewer { " + "user { name } " * 490 + "} }"
    errors = validate(schema._schema, parse(text))
    assert [e.message for e in errors] == ["Validation aborted."]


# --- the whole request: answered at once, every path merged, the service alive meanwhile ---------


@pytest.mark.parametrize("on", list(LEAVES))
@pytest.mark.parametrize(("n", "k"), [(40, 2), (16, 3)])
async def test_fan_outs_are_answered_like_their_one_fragment(api, on, n, k):
    plain = (await api.post(fan_out(0, 1, on))).json()
    assert "errors" not in plain, plain
    fanned = (await api.post(fan_out(n, k, on))).json()
    assert fanned == plain


async def test_fan_outs_are_answered_within_two_seconds_while_healthz_answers(db, tmp_path):
    """Sent together, as an attacker would, to a real server: each is answered within 2 s, and
    /healthz, asked every 50 ms meanwhile, answers within 0.5 s each time."""
    settings_ = make_settings(db.url, tmp_path / "var")
    async with make_api(settings_) as api, served(create_app(settings_, manage_db=False)) as url:
        headers = {"Authorization": f"Bearer {api.tokens['vera']}"}
        documents = [fan_out(40, 2), fan_out(16, 3), fan_out(40, 2, "Customer"), fan_out(16, 3, "Order")]
        documents += [d.replace("F", "G") for d in documents]  # not served from the caches
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            done = asyncio.Event()
            health: list[float] = []

            async def poll_health() -> None:
                while not done.is_set():
                    started = time.perf_counter()
                    assert (await client.get("/healthz")).status_code == 200
                    health.append(time.perf_counter() - started)
                    await asyncio.sleep(0.05)

            async def ask(document: str) -> float:
                started = time.perf_counter()
                response = await client.post("/graphql", json={"query": document}, headers=headers)
                assert response.status_code == 200
                assert "errors" not in response.json(), response.json()
                return time.perf_counter() - started

            poller = asyncio.create_task(poll_health())
            await asyncio.sleep(0.06)
            answered = await asyncio.gather(*(ask(d) for d in documents))
            done.set()
            await poller
    assert max(answered) < 2.0, answered
    assert health and max(health) < 0.5, health
