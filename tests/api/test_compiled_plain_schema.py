"""Compiled execution on a plain graphql-core schema: the shapes our Strawberry schema never
produces (callable values, awaitable list items, generators, nested lists, exceptions as values,
plain enums and scalars that serialize to null) still answer exactly as graphql-core does."""

from __future__ import annotations

import asyncio
from enum import Enum

import orjson
import pytest
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
