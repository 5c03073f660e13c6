"""Hypothesis strategy: random query documents over the whole read schema.

Random selections on every object type reachable from `Query`, aliases, fields selected twice
(merged), inline and named fragments, `@skip`/`@include` with literals and with variables,
`__typename`, and connection arguments (literals and variables, valid and invalid). Documents
stay within the schema's depth, alias and token limits most of the time; when they do not, both
executors see the same validation error, which is also a fair comparison.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema
from hypothesis import strategies as st

MAX_LEVELS = 5
FIELD_BUDGET = 36


def named(type_):
    while isinstance(type_, (GraphQLNonNull, GraphQLList)):
        type_ = type_.of_type
    return type_


@dataclass
class Document:
    ids: dict[str, list[str]]
    variables: dict[str, tuple[str, object]] = field(default_factory=dict)
    fragments: list[str] = field(default_factory=list)
    budget: int = FIELD_BUDGET
    aliases: int = 0

    def variable(self, name: str, type_: str, value: object) -> str:
        self.variables.setdefault(name, (type_, value))
        return f"${name}"


def _argument_choices(doc: Document, field_name: str, argument: str) -> list[str | None]:
    """Text for an argument (None: leave it out)."""
    if argument == "first":
        return [None, "0", "1", "2", "3", "-1", "501", "null", "$first"]
    if argument == "after":
        return [None, "null", '"bogus"', "$after"]
    if argument == "last":
        return [None, None, None, "0", "2", "-1", "501", "null"]
    if argument == "before":
        return [None, None, None, "null", '"bogus"']
    if argument == "input":  # upgradePreview: a change priced without storing it
        customer, user = doc.ids["Customer"][0], doc.ids["Other"][0]
        return [
            f'{{customerId: "{customer}", implementationLeadId: "{user}", seatAdjustment: {seats}, '
            "primaryProduct: {mode: KEEP_EXISTING}}"
            for seats in (0, 10, -5)
        ]
    if argument == "search":
        return [None, '"Fab"', '"zz"', '""', "null"]
    if argument == "filter":
        customer = doc.ids["Customer"][0]
        return [
            None,
            "null",
            "{status: [COMPLETED, PROCESSING]}",
            '{updatedSince: "2020-01-01T00:00:00+00:00"}',
            f'{{customerId: "{customer}"}}',
            '{customerId: "nope"}',
            '{customerSearch: "fab", partnerReference: " po-1 "}',
            "$filter",
        ]
    if argument == "orderBy" and field_name == "customers":
        return [
            None,
            "null",
            "{}",
            "{field: MONTHLY_COST, direction: DESC}",
            "{field: SEATS}",
            "{direction: DESC}",
        ]
    if argument == "orderBy":
        return [
            None,
            "null",
            "{}",
            "{field: SUBMITTED_AT, direction: DESC}",
            "{field: UPDATED_AT, direction: DESC}",
            "{direction: ASC}",
            "$orderBy",
        ]
    if argument == "id":
        kind = "Order" if field_name == "order" else "Customer"
        return [f'"{i}"' for i in doc.ids[kind]] + ['"nope"', f'"{doc.ids["Other"][0]}"']
    return [None]


@st.composite
def arguments(draw, doc: Document, field_name: str, field_def) -> str:
    parts = []
    for name, argument in field_def.args.items():
        choices = _argument_choices(doc, field_name, name)
        required = isinstance(argument.type, GraphQLNonNull)
        if required:
            choices = [c for c in choices if c is not None and c != "null"]
        text = draw(st.sampled_from(choices), label=f"{field_name}.{name}")
        if text is None:
            continue
        if text == "$first":
            doc.variable("first", "Int", draw(st.sampled_from([None, 0, 2, 5, 500]), label="$first"))
        elif text == "$after":
            doc.variable("after", "String", draw(st.sampled_from([None, "bogus"]), label="$after"))
        elif text == "$filter":
            value = draw(
                st.sampled_from(
                    [None, {}, {"status": ["COMPLETED"]}, {"customerId": doc.ids["Customer"][-1]}]
                ),
                label="$filter",
            )
            doc.variable("filter", "OrderFilter", value)
        elif text == "$orderBy":
            value = draw(
                st.sampled_from(
                    [None, {"field": "SUBMITTED_AT", "direction": "DESC"}, {"field": "SUBMITTED_AT"}]
                ),
                label="$orderBy",
            )
            doc.variable("orderBy", "OrderSort", value)
        parts.append(f"{name}: {text}")
    return f"({', '.join(parts)})" if parts else ""


@st.composite
def directive(draw, doc: Document) -> str:
    choice = draw(st.sampled_from(["", "", "", "", "skip_var", "include_var", "skip", "include"]))
    if choice == "skip_var":
        doc.variable("skipIt", "Boolean!", draw(st.booleans(), label="$skipIt"))
        return " @skip(if: $skipIt)"
    if choice == "include_var":
        doc.variable("withIt", "Boolean!", draw(st.booleans(), label="$withIt"))
        return " @include(if: $withIt)"
    if choice in ("skip", "include"):
        return f" @{choice}(if: {draw(st.sampled_from(['true', 'false']))})"
    return ""


@st.composite
def selection_set(draw, doc: Document, type_: GraphQLObjectType, level: int) -> str:
    names = sorted(type_.fields)
    if level >= MAX_LEVELS or doc.budget <= 0:
        leaves = [n for n in names if not isinstance(named(type_.fields[n].type), GraphQLObjectType)]
        names = leaves or ["__typename"]
    picked = draw(st.lists(st.sampled_from([*names, "__typename"]), min_size=1, max_size=3, unique=True))
    items = []
    for name in picked:
        doc.budget -= 1
        if name == "__typename":
            alias = draw(st.sampled_from(["", "", "typeName: "]))
            items.append(f"{alias}__typename")
            continue
        field_def = type_.fields[name]
        alias = ""
        if doc.aliases < 10 and draw(st.integers(0, 4)) == 0:
            doc.aliases += 1
            alias = f"{name}{level}x: "
        args = draw(arguments(doc, name, field_def))
        target = named(field_def.type)
        copies = 1
        if isinstance(target, GraphQLObjectType) and draw(st.integers(0, 5)) == 0:
            copies = 2  # the same field twice: graphql-core merges the selections
        for copy in range(copies):
            sub = ""
            if isinstance(target, GraphQLObjectType):
                sub = " { " + draw(selection_set(doc, target, level + 1)) + " }"
            directives = draw(directive(doc)) if copy == 0 else ""
            items.append(f"{alias}{name}{args}{directives}{sub}")
    return draw(wrap(doc, type_, items))


@st.composite
def wrap(draw, doc: Document, type_: GraphQLObjectType, items: list[str]) -> str:
    """Some of the selections moved into inline or named fragments."""
    out = []
    for item in items:
        how = draw(st.sampled_from(["plain", "plain", "plain", "inline", "bare", "named"]))
        if how == "inline":
            out.append(f"... on {type_.name}{draw(directive(doc))} {{ {item} }}")
        elif how == "bare":
            out.append(f"...{draw(directive(doc))} {{ {item} }}")
        elif how == "named":
            name = f"F{len(doc.fragments)}"
            doc.fragments.append(f"fragment {name} on {type_.name} {{ {item} }}")
            out.append(f"...{name}{draw(directive(doc))}")
        else:
            out.append(item)
    return " ".join(out)


@st.composite
def queries(draw, schema: GraphQLSchema, ids: dict[str, list[str]]) -> tuple[str, dict]:
    """A query document and its variables."""
    doc = Document(ids=ids)
    body = draw(selection_set(doc, schema.query_type, 0))
    if draw(st.integers(0, 15)) == 0:
        body += ' __type(name: "Order") { name }'  # introspection: left to graphql-core
    header = ""
    if doc.variables:
        header = "(" + ", ".join(f"${n}: {t}" for n, (t, _v) in doc.variables.items()) + ")"
    text = f"query Q{header} {{ {body} }}\n" + "\n".join(doc.fragments)
    return text, {n: v for n, (_t, v) in doc.variables.items()}
