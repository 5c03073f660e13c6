"""The executor class the schema is built with: compiled plans for queries, graphql-core otherwise.

Strawberry hands graphql-core's `execute` an `executor_class` (its `execution_context_class`);
parsing, validation, the limits, error masking and the HTTP layer stay as they are. This class
answers a query operation with its compiled plan (`compiler`), compiled once per document,
operation name and the values of the variables that `@skip`/`@include` read, and kept in an LRU
cache. Mutations, subscriptions, introspection and whatever the compiler does not support run
on graphql-core's executor, and so does any request whose plan raises while it runs: queries
have no side effects, so running it again gives graphql-core's answer, errors included.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import weakref
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from graphql import DirectiveNode, DocumentNode, ExecutionResult, GraphQLSchema, OperationType, VariableNode
from graphql.language import Visitor, visit
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from .compiler import Compiler, Plan, Run, Unsupported

log = logging.getLogger("graphql_portal.compiled")

CACHE_SIZE = 256


class _Plans:
    """LRU of compiled plans (or None: not compilable) of one schema."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.plans: OrderedDict[tuple, Plan | None] = OrderedDict()
        self.switches: OrderedDict[tuple, tuple[str, ...]] = OrderedDict()

    def get(self, key: tuple) -> Plan | bool | None:
        plan = self.plans.get(key, False)
        if plan is not False:
            self.plans.move_to_end(key)
        return plan

    def put(self, key: tuple, plan: Plan | None) -> None:
        self.plans[key] = plan
        if len(self.plans) > self.size:
            self.plans.popitem(last=False)

    def switch_variables(self, key: tuple, document: DocumentNode) -> tuple[str, ...]:
        """The variables `@skip(if:)` and `@include(if:)` read anywhere in the document."""
        found = self.switches.get(key)
        if found is None:
            found = _switch_variables(document)
            self.switches[key] = found
            if len(self.switches) > self.size:
                self.switches.popitem(last=False)
        else:
            self.switches.move_to_end(key)
        return found


_caches: weakref.WeakKeyDictionary[GraphQLSchema, _Plans] = weakref.WeakKeyDictionary()
stats = {"compiled": 0, "ran": 0, "fallbacks": 0}

# When set, every answer of a compiled plan is also computed by graphql-core's executor and both
# are passed to it with the executor: the test suite compares them byte for byte.
verifier: Callable[[ExecutionResult, ExecutionResult, Any], None] | None = None


class _SwitchFinder(Visitor):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def enter_directive(self, node: DirectiveNode, *_args: Any) -> None:
        if node.name.value in ("skip", "include"):
            for argument in node.arguments or ():
                if isinstance(argument.value, VariableNode):
                    self.names.append(argument.value.name.value)


def _switch_variables(document: DocumentNode) -> tuple[str, ...]:
    finder = _SwitchFinder()
    visit(document, finder)
    return tuple(sorted(set(finder.names)))


def _document_key(document: DocumentNode) -> Any:
    loc = document.loc
    if loc is not None and loc.source is not None:
        return loc.source.body
    return ("id", id(document), document)


def fresh_context(context: Any) -> Any:
    """The request's context without what the abandoned plan loaded into it.

    A dataclass context gets a new instance with the same values, except for the fields built by
    a `default_factory` (the request's loaders and caches), which start empty again: graphql-core
    then runs the request exactly as it would have from the start, down to the order in which
    concurrent fields fail.
    """
    if not dataclasses.is_dataclass(context) or isinstance(context, type):
        return context
    kept = {
        f.name: getattr(context, f.name)
        for f in dataclasses.fields(context)
        if f.init and f.default_factory is dataclasses.MISSING
    }
    return type(context)(**kept)


def compiled_execution_enabled(context: Any) -> bool:
    """Off when the request's settings say so (`PORTAL_COMPILED_EXECUTION=0`)."""
    settings = getattr(context, "settings", None)
    return bool(getattr(settings, "compiled_execution", True))


class CompiledExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's executor, answering queries through a compiled plan when it can."""

    def execute_operation(self, serially: bool | None = None) -> Any:
        plan = self._plan() if not serially else None
        if plan is None:
            return super().execute_operation(serially)
        run = Run(self)
        try:
            data = plan.root(self.root_value, None, run)
        except Exception:
            run.discard()
            return self._fallback(serially)
        if run.pending:
            return self._finish(run, data, serially)
        return self._done(data, serially)

    def _done(self, data: dict, serially: bool | None) -> Any:
        stats["ran"] += 1
        result = ExecutionResult(data, None)
        if verifier is None:
            return result
        check = verifier
        core = super().execute_operation(serially)
        if not self.is_awaitable(core):
            check(result, core, self)
            return result

        async def verify() -> ExecutionResult:
            check(result, await core, self)
            return result

        return verify()

    async def _finish(self, run: Run, data: dict, serially: bool | None) -> Any:
        try:
            while run.pending:
                batch, run.pending = run.pending, []
                if len(batch) == 1:
                    results = [await batch[0][0]]
                else:
                    results = await asyncio.gather(*(entry[0] for entry in batch), return_exceptions=True)
                    for result in results:
                        if isinstance(result, BaseException):
                            raise result
                for (_, complete, container, key, path), result in zip(batch, results, strict=True):
                    container[key] = complete(result, path, run)
        except Exception:
            run.discard()
            result = self._fallback(serially)
            if self.is_awaitable(result):
                result = await result
            return result
        result = self._done(data, serially)
        if self.is_awaitable(result):
            result = await result
        return result

    def _fallback(self, serially: bool | None) -> Any:
        stats["fallbacks"] += 1
        self.context_value = fresh_context(self.context_value)
        return super().execute_operation(serially)

    def _plan(self) -> Plan | None:
        """The compiled plan for this request, or None when graphql-core runs it."""
        operation = self.operation
        if (
            operation.operation != OperationType.QUERY
            or self.abort_signal is not None
            or self.hooks is not None
            or not compiled_execution_enabled(self.context_value)
            or (self.middleware_manager is not None and self.middleware_manager.middlewares)
        ):
            return None
        cache = _caches.get(self.schema)
        if cache is None:
            cache = _caches[self.schema] = _Plans(CACHE_SIZE)
        document = getattr(self, "_document", None)
        name = operation.name.value if operation.name else None
        base = (_document_key(document) if document is not None else ("op", id(operation), operation), name)
        switches = (
            cache.switch_variables(base, document) if document is not None else _operation_switches(self)
        )
        coerced = self.variable_values.coerced
        key = (*base, tuple(coerced.get(v) for v in switches))
        plan = cache.get(key)
        if plan is False:
            try:
                plan = Compiler(self).compile()
                stats["compiled"] += 1
            except Unsupported as reason:
                log.debug("not compiled: %s", reason)
                plan = None
            cache.put(key, plan)
        return plan

    @classmethod
    def build(cls, schema: GraphQLSchema, document: DocumentNode, *args: Any, **kwargs: Any) -> Any:
        executor = super().build(schema, document, *args, **kwargs)
        if isinstance(executor, CompiledExecutor):
            executor._document = document
        return executor


def _operation_switches(executor: CompiledExecutor) -> tuple[str, ...]:
    names: set[str] = set()
    for node in (executor.operation, *(f.definition for f in executor.fragments.values())):
        finder = _SwitchFinder()
        visit(node, finder)
        names.update(finder.names)
    return tuple(sorted(names))
