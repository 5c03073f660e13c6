"""Compiled execution on a plain graphql-core schema: the shapes our Strawberry schema never
produces (callable values, awaitable list items, generators, nested lists, exceptions as values,
plain enums and scalars that serialize to null) still answer exactly as graphql-core does."""

from __future__ import annotations

import asyncio
from enum import Enum

import orjson
import pytest
import strawberry
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLFloat,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    GraphQLString,
    execute,
    parse,
)

from graphql_portal.schema.compiled import CompiledExecutor
from graphql_portal.schema.compiled import executor as compiled


class Colour(Enum):
    RED = "r"
    GREEN = "g"


async def later(value):
    await asyncio.sleep(0)
    return value


async def failing():
    await asyncio.sleep(0)
    raise ValueError("async resolver failed")


def maybe_none(value):
    return None if value == "none" else f"<{value}>"


Odd = GraphQLScalarType("Odd", serialize=maybe_none)
ColourType = GraphQLEnumType("Colour", Colour)

Item = GraphQLObjectType(
    "Item",
    lambda: {
        "name": GraphQLField(GraphQLString),
        "size": GraphQLField(GraphQLNonNull(GraphQLInt)),
        "ratio": GraphQLField(GraphQLFloat),
        "odd": GraphQLField(Odd),
        "colour": GraphQLField(ColourType),
        "child": GraphQLField(Item),
        "children": GraphQLField(GraphQLList(GraphQLNonNull(Item))),
        "grid": GraphQLField(GraphQLList(GraphQLList(GraphQLInt))),
        "slow": GraphQLField(GraphQLString, resolve=lambda src, info: later(src.get("name"))),
        "greet": GraphQLField(
            GraphQLString,
            args={"who": GraphQLArgument(GraphQLString, default_value="you")},
        ),
    },
)

Query = GraphQLObjectType(
    "Query",
    {
        "item": GraphQLField(Item),
        "items": GraphQLField(GraphQLList(Item)),
        "strict": GraphQLField(GraphQLNonNull(GraphQLList(GraphQLNonNull(Item)))),
        "later": GraphQLField(Item, resolve=lambda src, info: later(src["item"])),
        "broken": GraphQLField(GraphQLString, resolve=lambda src, info: failing()),
        "echo": GraphQLField(
            GraphQLString,
            args={"text": GraphQLArgument(GraphQLNonNull(GraphQLString))},
            resolve=lambda src, info, text: text,
        ),
    },
)

SCHEMA = GraphQLSchema(Query)

ITEM = {
    "name": "a",
    "size": 3,
    "ratio": 0.5,
    "odd": "x",
    "colour": Colour.RED,
    "child": {"name": "b", "size": 1, "children": []},
    "children": [{"name": "c", "size": 2}, {"name": "d", "size": 4}],
    "grid": [[1, 2], [3], None],
    "greet": lambda info, who: f"hello {who}",
}

CASES = {
    "plain": ("{ item { name size ratio odd grid child { name } children { name size } } }", {}),
    "enum": ("{ item { colour } }", {}),
    "aliases and fragments": (
        "{ a: item { ...F n: name } b: item { ... on Item { size } } } fragment F on Item { name }",
        {},
    ),
    "callable value with default argument": ("{ item { greet } }", {}),
    "callable value with argument": ('{ item { greet(who: "me") } }', {}),
    "async resolvers": ("{ later { name slow child { slow } } item { slow } }", {}),
    "async error": ("{ item { name } broken }", {}),
    "null in non-null": ("{ items { name size } }", {"items": [{"name": "x", "size": None}]}),
    "null in non-null list item": ("{ strict { name } }", {"strict": [{"name": "x"}, None]}),
    "int out of range": ("{ item { size } }", {"item": {"size": 2**40}}),
    "float": ("{ item { ratio } }", {"item": {"ratio": 3}}),
    "scalar serializing to null": ("{ item { odd } }", {"item": {"odd": "none"}}),
    "enum not a member": ("{ item { colour } }", {"item": {"colour": "r"}}),
    "exception as value": ("{ item { name } }", {"item": {"name": ValueError("value error")}}),
    "generator as list": ("{ items { name } }", {"items": "generator"}),
    "tuple as list": ("{ items { name } }", {"items": ({"name": "t"},)}),
    "awaitable list item": ("{ items { name } }", {"items": "awaitable"}),
    "string as list": ("{ items { name } }", {"items": "abc"}),
    "nested list of lists": ("{ item { grid } }", {"item": {"grid": [[1, None], [], [2**33]]}}),
    "required argument from a variable": (
        "query($t: String!) { echo(text: $t) }",
        {"__variables__": {"t": "hi"}},
    ),
    "skip and include": (
        "query($s: Boolean!) { item { name @skip(if: $s) size @include(if: $s) } }",
        {"__variables__": {"s": True}},
    ),
}


def root_for(overrides: dict):
    root = {"item": ITEM, "items": [ITEM, None], "strict": [ITEM]}
    root.update({k: v for k, v in overrides.items() if k != "__variables__"})
    if root["items"] == "awaitable":
        root["items"] = [later({"name": "w"})]
    if root["items"] == "generator":
        root["items"] = (x for x in [{"name": "g"}])
    return root


async def run(document: str, overrides: dict, compiled_executor: bool) -> bytes:
    result = execute(
        SCHEMA,
        parse(document),
        root_value=root_for(overrides),
        variable_values=overrides.get("__variables__"),
        executor_class=CompiledExecutor if compiled_executor else None,
    )
    if asyncio.iscoroutine(result):
        result = await result
    return orjson.dumps(result.formatted)


@pytest.mark.parametrize("name", list(CASES))
async def test_answers_like_graphql_core(name):
    document, overrides = CASES[name]
    assert await run(document, overrides, True) == await run(document, overrides, False)


async def test_the_plain_cases_run_compiled_when_they_can():
    before = dict(compiled.stats)
    await run(*CASES["plain"], True)
    await run(*CASES["async resolvers"], True)
    await run(*CASES["callable value with argument"], True)
    await run(*CASES["tuple as list"], True)
    after = {k: compiled.stats[k] - before[k] for k in before}
    assert after == {"compiled": after["compiled"], "ran": 3, "fallbacks": 1}


# -- a Strawberry schema whose resolvers read all of their info ----------------------------------


@strawberry.type
class Leaf:
    n: int

    @strawberry.field
    def where(self, info: strawberry.Info) -> str:
        return f"{info.path.as_list()} {info.field_name} {info.python_name} {info.context['who']}"

    @strawberry.field
    def asked(self, info: strawberry.Info, depth: int = 1) -> list[str]:
        return [f.name for f in info.selected_fields] + [str(depth), str(info.variable_values)]


@strawberry.type
class Root:
    @strawberry.field
    def leaves(self, info: strawberry.Info, count: int = 2) -> list[Leaf]:
        return [Leaf(n=n) for n in range(count)]

    @strawberry.field
    async def later(self, info: strawberry.Info) -> Leaf:
        await asyncio.sleep(0)
        return Leaf(n=len(info.path.as_list()))


INFO_QUERY = """query($c: Int!, $d: Int) {
  leaves(count: $c) { n where asked(depth: $d) x: asked }
  b: leaves { where }
  later { n where }
}"""


async def test_resolvers_see_the_same_info_as_with_graphql_core():
    with_plans = strawberry.Schema(query=Root, execution_context_class=CompiledExecutor)
    without = strawberry.Schema(query=Root)
    before = compiled.stats["ran"]
    answers = []
    for one in (with_plans, without):
        result = await one.execute(INFO_QUERY, {"c": 3, "d": 4}, context_value={"who": "me"})
        assert result.errors is None
        answers.append(orjson.dumps(result.data))
    assert answers[0] == answers[1]
    assert b"\"['leaves', 2, 'where'] where where me\"" in answers[0]
    assert compiled.stats["ran"] == before + 1
