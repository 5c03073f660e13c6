"""The document's depth and alias limits, checked in time linear in the document.

A fragment may be spread many times, and each spread of a fragment that spreads others multiplies
the paths through the document: twenty fragments that each spread the previous one twice make a
million paths. Walking every path (as a straightforward validator does) costs time exponential in
the document's size, on the event loop. Here every selection set is measured once: a fragment's
depth and alias count are computed the first time it is met and reused at every other spread, so
a document of n tokens costs O(n) however its fragments fan out.

What is measured is what walking every path would find:
- depth: the longest chain of fields with a selection of their own (introspection fields, whose
  own limits graphql-core checks, count as leaves);
- aliases: every aliased field, counted once for each time the executor would see it, so a
  fragment spread twice counts its aliases twice. Totals can be astronomically large numbers;
  Python's integers hold them exactly.

A cycle of fragments (refused by graphql-core's `NoFragmentCyclesRule`) counts as empty here.
"""

from __future__ import annotations

from dataclasses import dataclass

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)
from graphql.validation.rules import overlapping_fields_can_be_merged

from ..resolvers.errors import TopLevelErrorCode


@dataclass(frozen=True)
class Measure:
    depth: int = 0
    aliases: int = 0


EMPTY = Measure()


class _Measurer:
    """Measures selection sets of one document, each once (keyed by the node's identity)."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.done: dict[int, Measure] = {}

    def _below(self, selection_set: SelectionSetNode) -> list[SelectionSetNode]:
        """The selection sets this one's measure depends on."""
        found = []
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                if fragment is not None:
                    found.append(fragment.selection_set)
            elif selection.selection_set is not None:
                found.append(selection.selection_set)
        return found

    def measure(self, root: SelectionSetNode) -> Measure:
        # Post-order with an explicit stack: a chain of a few hundred fragments must not reach
        # Python's recursion limit.
        open_: set[int] = set()
        stack: list[tuple[SelectionSetNode, bool]] = [(root, False)]
        while stack:
            selection_set, expanded = stack.pop()
            key = id(selection_set)
            if key in self.done:
                continue
            if not expanded:
                if key in open_:
                    continue
                open_.add(key)
                stack.append((selection_set, True))
                for below in self._below(selection_set):
                    if id(below) not in self.done and id(below) not in open_:
                        stack.append((below, False))
                continue
            self.done[key] = self._combine(selection_set)
            open_.discard(key)
        return self.done[id(root)]

    def _combine(self, selection_set: SelectionSetNode) -> Measure:
        """This selection set's measure from those below it (a fragment still open: a cycle)."""
        depth = aliases = 0
        for selection in selection_set.selections:
            if isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                inner = self.done.get(id(fragment.selection_set), EMPTY) if fragment else EMPTY
                depth, aliases = max(depth, inner.depth), aliases + inner.aliases
                continue
            inner = self.done[id(selection.selection_set)] if selection.selection_set else EMPTY
            if isinstance(selection, InlineFragmentNode):
                depth, aliases = max(depth, inner.depth), aliases + inner.aliases
                continue
            assert isinstance(selection, FieldNode)
            aliases += inner.aliases + (1 if selection.alias else 0)
            if selection.selection_set is not None and not selection.name.value.startswith("__"):
                depth = max(depth, 1 + inner.depth)
        return Measure(depth, aliases)


def document_limits_rule(max_depth: int, max_aliases: int) -> type[ValidationRule]:
    """A validation rule refusing, with QUERY_TOO_COMPLEX, an operation deeper than `max_depth`
    and a document with more than `max_aliases` aliases over all its operations."""

    class DocumentLimits(ValidationRule):
        def __init__(self, context: ValidationContext) -> None:
            super().__init__(context)
            definitions = context.document.definitions
            fragments: dict[str, FragmentDefinitionNode] = {}
            for definition in definitions:
                if isinstance(definition, FragmentDefinitionNode):
                    fragments.setdefault(definition.name.value, definition)
            measurer = _Measurer(fragments)
            total_aliases = 0
            for definition in definitions:
                if not isinstance(definition, OperationDefinitionNode):
                    continue
                measure = measurer.measure(definition.selection_set)
                total_aliases += measure.aliases
                if measure.depth > max_depth:
                    name = definition.name.value if definition.name else "anonymous"
                    context.report_error(
                        GraphQLError(
                            f"'{name}' exceeds maximum operation depth of {max_depth}",
                            definition,
                            extensions={"code": TopLevelErrorCode.QUERY_TOO_COMPLEX},
                        )
                    )
            if total_aliases > max_aliases:
                context.report_error(
                    GraphQLError(
                        f"{total_aliases} aliases found. Allowed: {max_aliases}",
                        extensions={"code": TopLevelErrorCode.QUERY_TOO_COMPLEX},
                    )
                )

    return DocumentLimits


# graphql-core's OverlappingFieldsCanBeMergedRule compares fields pairwise, within a budget of work
# after which it aborts the validation ("Validation aborted.", answered as QUERY_TOO_COMPLEX). Its
# default (500,000 units) lets one 2,000-token document of one field repeated hold the event loop
# for about 1.5 s; the largest documents of our own pages and tests use under 1 % of this budget.
OVERLAP_CHECK_BUDGET = 50_000


def limit_overlap_checks() -> None:
    """Lower graphql-core's budget for comparing overlapping fields (read at each validation)."""
    overlapping_fields_can_be_merged.MAX_COMPLEXITY_BUDGET = OVERLAP_CHECK_BUDGET
