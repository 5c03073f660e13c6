"""What a query asks for below the current field, so a page can load it in one batch up front."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField


@dataclass
class Wanted:
    """The fields selected on a node type, with the arguments of each selection."""

    names: set[str] = field(default_factory=set)
    arguments: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    children: dict[str, list[SelectedField]] = field(default_factory=dict)

    def only_arguments(self, name: str) -> dict[str, Any] | None:
        """The arguments of `name` when it is selected exactly once (aliases may differ)."""
        found = self.arguments.get(name, [])
        return found[0] if len(found) == 1 else None

    def below(self, name: str, *path: str) -> Wanted:
        return wanted_at(self.children.get(name, []), path)


def _fields(selections: Iterable[Any]) -> Iterable[SelectedField]:
    for selection in selections:
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, (FragmentSpread, InlineFragment)):
            yield from _fields(selection.selections)


def wanted_at(selections: Iterable[Any], path: tuple[str, ...]) -> Wanted:
    """The union of what is selected at each `path` (e.g. ("nodes",) and ("edges", "node"))."""
    level = list(_fields(selections))
    for name in path:
        level = [child for f in level if f.name == name for child in _fields(f.selections)]
    wanted = Wanted()
    for f in level:
        wanted.names.add(f.name)
        wanted.arguments.setdefault(f.name, []).append(f.arguments)
        wanted.children.setdefault(f.name, []).extend(f.selections)
    return wanted


def connection_nodes(info) -> Wanted:
    """What is selected on the nodes of the connection the current field returns."""
    selections = [s for f in info.selected_fields for s in f.selections]
    nodes = wanted_at(selections, ("nodes",))
    edges = wanted_at(selections, ("edges", "node"))
    merged = Wanted(nodes.names | edges.names)
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
