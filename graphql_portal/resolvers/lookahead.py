"""What a query asks for below the current field, so a page can load it in one batch up front.

It reads the query's syntax tree level by level, the way the executor collects fields: at each
level a fragment spread more than once is read once, so the work is linear in the document
however its fragments fan out. (Strawberry's `info.selected_fields` expands every spread again,
which a document of fragments that each spread the previous one twice makes exponential.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from graphql import FieldNode, FragmentSpreadNode, GraphQLResolveInfo, SelectionSetNode
from strawberry.types.nodes import convert_arguments


@dataclass
class Wanted:
    """The fields selected on a node type, with the arguments of each selection."""

    info: GraphQLResolveInfo | None = None
    names: set[str] = field(default_factory=set)
    arguments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    children: dict[str, list[SelectionSetNode]] = field(default_factory=dict)

    def only_arguments(self, name: str) -> dict[str, Any] | None:
        """The arguments of `name` when it is selected exactly once (aliases may differ)."""
        found = self.arguments.get(name, [])
        return found[0] if len(found) == 1 else None

    def below(self, name: str, *path: str) -> Wanted:
        return wanted_at(self.info, self.children.get(name, []), path)


def _fields(info: GraphQLResolveInfo, selection_sets: Iterable[SelectionSetNode]) -> Iterator[FieldNode]:
    """The field nodes of one level, through inline fragments and each named fragment once."""
    visited: set[str] = set()
    stack = [iter(s.selections) for s in reversed(list(selection_sets))]
    while stack:
        selection = next(stack[-1], None)
        if selection is None:
            stack.pop()
        elif isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = info.fragments.get(name)
            if fragment is not None and name not in visited:
                visited.add(name)
                stack.append(iter(fragment.selection_set.selections))
        else:  # an inline fragment
            stack.append(iter(selection.selection_set.selections))


def wanted_at(
    info: GraphQLResolveInfo | None, selection_sets: Iterable[SelectionSetNode], path: tuple[str, ...]
) -> Wanted:
    """The union of what is selected at `path` below these selection sets (e.g. ("nodes",))."""
    wanted = Wanted(info)
    if info is None:
        return wanted
    level = list(selection_sets)
    for name in path:
        level = [f.selection_set for f in _fields(info, level) if f.name.value == name and f.selection_set]
    for node in _fields(info, level):
        name = node.name.value
        wanted.names.add(name)
        wanted.arguments.setdefault(name, []).append(convert_arguments(info, node.arguments))
        if node.selection_set is not None:
            wanted.children.setdefault(name, []).append(node.selection_set)
    return wanted


def connection_nodes(info) -> Wanted:
    """What is selected on the nodes of the connection the current field returns."""
    raw: GraphQLResolveInfo = info._raw_info
    selections = [node.selection_set for node in raw.field_nodes if node.selection_set is not None]
    nodes = wanted_at(raw, selections, ("nodes",))
    edges = wanted_at(raw, selections, ("edges", "node"))
    merged = Wanted(raw, nodes.names | edges.names)
    for source in (nodes, edges):
        for name, args in source.arguments.items():
            merged.arguments.setdefault(name, []).extend(args)
        for name, children in source.children.items():
            merged.children.setdefault(name, []).extend(children)
    return merged


def int_argument(arguments: dict[str, Any], name: str, default: int) -> int | None:
    """An Int argument as given (literals arrive as text); None when it is not a usable int."""
    value = arguments.get(name, default)
    if value is None:
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
