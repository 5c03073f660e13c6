"""A query's worst-case size, bounded before any resolver runs (the rule of GitHub's GraphQL API).

Every field with a `first` argument is a connection: it may return `first` nodes (the argument's
default when it is not given or null), and below each of them everything selected under it. A
query's worst case is the sum over its connections of `first` times the `first`s of the
connections above it: `customers(first: 50) { nodes { orders(first: 3) } }` is 50 + 50 * 3 = 200
nodes. Over `MAX_NODES` the query is refused with `QUERY_TOO_COMPLEX`, saying both numbers.

`first` is as often a variable as a literal, and validation (cached per document) never sees
variable values, so the count is made at the start of execution instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLArgument,
    GraphQLError,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NullValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_abstract_type,
)
from graphql import ExecutionResult as GraphQLExecutionResult
from strawberry.extensions import SchemaExtension

from ..resolvers.errors import TopLevelErrorCode

MAX_NODES = 50_000
INT_MAX = 2**31 - 1


def too_complex(count: int, limit: int) -> GraphQLError:
    return GraphQLError(
        f"This query may return up to {count} nodes, more than the limit of {limit}: "
        "ask for fewer nodes per page (`first`) or fewer connections per query.",
        extensions={"code": TopLevelErrorCode.QUERY_TOO_COMPLEX},
    )


class _Counter:
    """Counts one operation's worst case; merged selections (same response key) count once."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: Mapping[str, FragmentDefinitionNode],
        variables: Mapping[str, Any],
        variable_defaults: Mapping[str, Any],
    ) -> None:
        self.schema = schema
        self.fragments = fragments
        self.variables = variables
        self.variable_defaults = variable_defaults
        self.memo: dict[tuple, int] = {}

    def count(self, selection_sets: Sequence[SelectionSetNode], parent: Any) -> int:
        """The nodes below one object of type `parent` that these selections may return."""
        key = (tuple(map(id, selection_sets)), parent.name)
        if key in self.memo:
            return self.memo[key]
        groups: dict[tuple[str, str], list[FieldNode]] = {}
        types = {parent.name: parent}
        for selection_set in selection_sets:
            visited: set[str] = set()
            for owner, node in self._fields(selection_set, parent, visited):
                types[owner.name] = owner
                response_key = node.alias.value if node.alias else node.name.value
                groups.setdefault((response_key, owner.name), []).append(node)
        total = 0
        for (_, owner_name), nodes in groups.items():
            total += self._field(types[owner_name], nodes)
        self.memo[key] = total
        return total

    def _field(self, owner: Any, nodes: list[FieldNode]) -> int:
        name = nodes[0].name.value
        definition = getattr(owner, "fields", {}).get(name)
        if definition is None:  # __typename, introspection
            return 0
        below = 0
        children = [n.selection_set for n in nodes if n.selection_set is not None]
        child_type = get_named_type(definition.type)
        if children and hasattr(child_type, "fields"):
            below = self.count(children, child_type)
        first = definition.args.get("first")
        if first is None:
            return below
        return self._first(nodes[0], first) * (1 + below)

    def _fields(self, selection_set: SelectionSetNode, parent: Any, visited: set[str]) -> Iterator[tuple]:
        """`(type the field is defined on, field node)` for each field, through fragments."""
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                yield parent, selection
            elif isinstance(selection, InlineFragmentNode):
                owner = self._condition(selection.type_condition, parent)
                if owner is not None:
                    yield from self._fields(selection.selection_set, owner, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.fragments.get(name)
                if fragment is None or name in visited:
                    continue
                visited.add(name)
                owner = self._condition(fragment.type_condition, parent)
                if owner is not None:
                    yield from self._fields(fragment.selection_set, owner, visited)

    def _condition(self, condition: Any, parent: Any) -> Any:
        """The type a fragment's fields are looked up on, or None when it never applies here."""
        if condition is None:
            return parent
        named = self.schema.get_type(condition.name.value)
        if named is None:
            return None
        if named is parent or is_abstract_type(named) or is_abstract_type(parent):
            return named
        return None

    def _first(self, node: FieldNode, argument: GraphQLArgument) -> int:
        given = next((a.value for a in node.arguments or () if a.name.value == "first"), None)
        value = self._value(given)
        if value is None:
            value = argument.default_value
        return max(0, value) if _is_int(value) else 0

    def _value(self, value_node: Any) -> int | None:
        """An Int literal or variable's value; None for null, absent or not an Int at all."""
        if isinstance(value_node, IntValueNode):
            return int(value_node.value)
        if isinstance(value_node, VariableNode):
            name = value_node.name.value
            if name in self.variables:
                value = self.variables[name]
                # A value that is not an Int is refused by the executor; the default stands in.
                return value if _is_int(value) else None
            return self._value(self.variable_defaults.get(name))
        if value_node is None or isinstance(value_node, NullValueNode):
            return None
        return None


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -INT_MAX - 1 <= value <= INT_MAX


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((op for op in operations if op.name is not None and op.name.value == name), None)


def worst_case_nodes(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> int:
    """How many nodes the operation may return at most, with these variable values."""
    operation = _operation(document, operation_name)
    if operation is None:  # the executor reports the missing or ambiguous operation
        return 0
    root = schema.get_root_type(operation.operation)
    if root is None:
        return 0
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    defaults = {
        v.variable.name.value: v.default_value
        for v in operation.variable_definitions or ()
        if v.default_value
    }
    counter = _Counter(schema, fragments, variables or {}, defaults)
    return counter.count([operation.selection_set], root)


class QueryComplexityLimiter(SchemaExtension):
    """Refuses, before execution, an operation that may return more than `max_nodes` nodes."""

    def __init__(self, *, max_nodes: int = MAX_NODES) -> None:
        self.max_nodes = max_nodes

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and not context.result:
            count = worst_case_nodes(
                context.schema._schema, context.graphql_document, context.operation_name, context.variables
            )
            if count > self.max_nodes:
                context.result = GraphQLExecutionResult(
                    data=None, errors=[too_complex(count, self.max_nodes)]
                )
        yield
