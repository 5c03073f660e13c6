"""Fields a principal may not read answer FORBIDDEN, each at its own path (rule: `auth.scopes`).

The selection is checked once, before execution: a request that asks only for what its principal
may read (every partner user's, and a well-behaved reconciliation job's) runs as usual, with no
per-field cost. A request that asks for more runs through graphql-core's executor with a
middleware that refuses exactly those fields, so the rest of the answer is still given.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from inspect import isawaitable

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    execute,
    get_named_type,
    is_abstract_type,
)
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from ..resolvers.scope import limited_principal, refused


def selected_fields(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> set[tuple[str, str]]:
    """Every `(object type, field)` the operation may resolve, whatever @skip/@include say."""
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        operations = [op for op in operations if op.name is not None and op.name.value == operation_name]
    if len(operations) != 1:  # the executor reports the missing or ambiguous operation
        return set()
    operation = operations[0]
    root = schema.get_root_type(operation.operation)
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    found: set[tuple[str, str]] = set()
    seen: set[tuple[int, str]] = set()

    def object_types(named):
        return list(schema.get_possible_types(named)) if is_abstract_type(named) else [named]

    def visit(selection_set: SelectionSetNode, parent) -> None:
        if (id(selection_set), parent.name) in seen:
            return
        seen.add((id(selection_set), parent.name))
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                name = selection.name.value
                field = getattr(parent, "fields", {}).get(name)
                if field is None:  # __typename, introspection
                    continue
                for owner in object_types(parent):
                    found.add((owner.name, name))
                if selection.selection_set is not None:
                    child = get_named_type(field.type)
                    for child_type in object_types(child):
                        visit(selection.selection_set, child_type)
            else:
                if isinstance(selection, FragmentSpreadNode):
                    fragment = fragments.get(selection.name.value)
                    if fragment is None:
                        continue
                    condition, inner = fragment.type_condition, fragment.selection_set
                else:
                    assert isinstance(selection, InlineFragmentNode)
                    condition, inner = selection.type_condition, selection.selection_set
                owner = schema.get_type(condition.name.value) if condition is not None else parent
                if owner is not None:
                    for owner_type in object_types(owner):
                        visit(inner, owner_type)

    if root is not None:
        visit(operation.selection_set, root)
    return found


class _Refuse:
    """graphql-core middleware: the fields `principal` may not read raise FORBIDDEN."""

    def __init__(self, principal) -> None:
        self.principal = principal

    def resolve(self, next_, root, info, **arguments):
        error = refused(self.principal, info.parent_type.name, info.field_name)
        if error is not None:
            raise error
        return next_(root, info, **arguments)


class ReadScope(SchemaExtension):
    """Answers FORBIDDEN for each field the request's principal may not read."""

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        principal = limited_principal(context.context)
        if principal is not None and context.graphql_document is not None and not context.result:
            schema = context.schema._schema
            selected = selected_fields(schema, context.graphql_document, context.operation_name)
            if any(refused(principal, *pair) for pair in selected):
                result = execute(
                    schema,
                    context.graphql_document,
                    root_value=context.root_value,
                    context_value=context.context,
                    variable_values=context.variables,
                    operation_name=context.operation_name,
                    middleware=[_Refuse(principal)],
                    executor_class=StrawberryGraphQLCoreExecutionContext,
                    is_awaitable=optimized_is_awaitable,
                )
                context.result = await result if isawaitable(result) else result
        yield
