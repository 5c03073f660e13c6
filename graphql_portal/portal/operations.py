"""The portal's one way to data: named operations from the `.graphql` files beside the pages,
executed in-process against the public schema with the signed-in user as the principal.

Each operation is sent with only the fragments it uses, so graphql-core validates (and caches)
exactly what it runs. A top-level error means a bug or an outage, never a user mistake (those
come back as `UserError`s in mutation payloads), so it is raised and the page shows a 500.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    OperationDefinitionNode,
    Visitor,
    parse,
    print_ast,
    visit,
)
from starlette.requests import Request

from ..schema import execute_as

PAGES_DIR = Path(__file__).parent / "pages"


class ApiFailure(RuntimeError):
    """The schema answered with top-level errors: something is wrong on our side (or in an
    address someone edited: `codes` holds each error's `extensions.code`)."""

    def __init__(self, message: str, codes: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.codes = codes


@dataclass(frozen=True)
class Operation:
    name: str
    document: str


def _spreads(node: Any) -> set[str]:
    names: set[str] = set()

    class Collect(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_args: Any) -> None:
            names.add(spread.name.value)

    visit(node, Collect())
    return names


def load_operations(directory: Path = PAGES_DIR) -> dict[str, Operation]:
    """Every named operation in `directory/*.graphql`, with the fragments it uses (transitively)."""
    fragments: dict[str, FragmentDefinitionNode] = {}
    operations: dict[str, OperationDefinitionNode] = {}
    for path in sorted(directory.glob("*.graphql")):
        for definition in parse(path.read_text(encoding="utf-8")).definitions:
            if isinstance(definition, FragmentDefinitionNode):
                target, name = fragments, definition.name.value
            elif isinstance(definition, OperationDefinitionNode) and definition.name:
                target, name = operations, definition.name.value
            else:
                raise ValueError(f"{path.name}: every operation needs a name")
            if name in fragments or name in operations:
                raise ValueError(f"{path.name}: {name} is defined twice")
            target[name] = definition
    uses: dict[str, set[str]] = defaultdict(set)
    for name, fragment in fragments.items():
        uses[name] = _spreads(fragment)
    loaded = {}
    for name, operation in operations.items():
        needed, todo = set(), list(_spreads(operation))
        while todo:
            fragment = todo.pop()
            if fragment not in needed:
                needed.add(fragment)
                todo.extend(uses[fragment])
        document = DocumentNode(definitions=(operation, *(fragments[f] for f in sorted(needed))))
        loaded[name] = Operation(name, print_ast(document))
    return loaded


@functools.cache
def operations() -> dict[str, Operation]:
    return load_operations()


async def execute(request: Request, name: str, **variables: Any) -> dict[str, Any]:
    """Run the operation `name` as the request's signed-in user and return its data."""
    operation = operations()[name]
    result = await execute_as(
        request.state.principal, request.app.state.settings, operation.document, variables, name, request
    )
    if result.errors:
        codes = tuple(str((error.extensions or {}).get("code", "")) for error in result.errors)
        raise ApiFailure(f"{name}: " + "; ".join(error.message for error in result.errors), codes)
    assert result.data is not None
    return result.data


def errors_by_field(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    """`UserError`s keyed by the input field they name (its last name, so `addonSkus.1` is
    `addonSkus`); errors about no field in particular are under `""`."""
    shown: dict[str, list[str]] = defaultdict(list)
    for error in errors:
        path = [part for part in error.get("field") or [] if not part.isdigit()]
        shown[path[-1] if len(path) > 1 else ""].append(error["message"])
    return dict(shown)
