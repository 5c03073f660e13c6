"""Turns one validated query operation into Python functions specialised to it.

For every selection set the compiler writes one function that builds the answer's dict for a
source object: a field without a resolver becomes an attribute (or key) read, a synchronous
resolver a direct call, and each value is completed by an inline check of its expected class
(a `str` for `String` and `ID`, an enum member, a known Strawberry type, a list) with a generic
completer behind it for everything else. Awaitables are not awaited where they are found: they
are queued with the place their value goes and awaited together, level by level (see
`executor`).

The plan never reports an error itself: whatever graphql-core would report as an error (an
exception in a resolver, a null for a non-null field, a value a scalar cannot serialize) raises
out of the plan, and the executor answers that request with graphql-core's executor instead,
so error responses are graphql-core's own. The same happens for the rare shapes the fast code
leaves to graphql-core (an awaitable list item, an iterable that is not a list or tuple, a
callable returned to the default resolver).
"""

from __future__ import annotations

import datetime as dt
import keyword
from collections.abc import Callable, Mapping
from decimal import Decimal
from enum import Enum
from itertools import count
from types import CoroutineType, GeneratorType
from typing import Any

from graphql import (
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
    OperationType,
)
from graphql.execution.collect_fields import FieldDetails, collect_fields, collect_subfields
from graphql.execution.executor import default_field_resolver
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.arguments import convert_arguments
from strawberry.types.field import StrawberryField
from strawberry.types.fields.resolver import StrawberryResolver
from strawberry.types.info import Info

DEFINITION_BACKREF = "strawberry-definition"  # GraphQLCoreConverter.DEFINITION_BACKREF
MIN_INT, MAX_INT = -(2**31), 2**31 - 1
IMMUTABLE = frozenset({int, str, bool, float, Decimal, dt.datetime, dt.date, dt.time})


class Unsupported(Exception):
    """The operation uses something the compiler leaves to graphql-core."""


class Bail(Exception):
    """Raised while a plan runs: this request is answered by graphql-core's executor."""


# A field's or list item's place in the answer, as graphql-core's `Path` would record it, kept as
# plain tuples `(previous, key, typename)`: most places are never asked for, and a tuple costs a
# fraction of a `Path`. `as_path` makes the `Path` when a resolver's info needs it.
Trail = tuple | None


def as_path(trail: Trail) -> Path | None:
    if trail is None:
        return None
    previous, key, typename = trail
    return Path(as_path(previous), key, typename)


class LazyInfo(Info):
    """Strawberry's `Info`, with graphql-core's resolve info (and its path) built on first use.

    Resolvers mostly read `info.context`, which this answers directly; anything else builds the
    same `GraphQLResolveInfo` Strawberry's own wrapper would have passed.
    """

    def __init__(
        self, rt: Run, field_def: GraphQLField, nodes: list, parent: GraphQLObjectType, trail: Trail, field
    ):
        self._field = field
        self._lazy = (rt, field_def, nodes, parent, trail)

    @property
    def _raw_info(self):  # type: ignore[override]
        raw = self.__dict__.get("_raw")
        if raw is None:
            rt, field_def, nodes, parent, trail = self._lazy
            raw = self.__dict__["_raw"] = rt.build_info(field_def, nodes, parent, as_path(trail))
        return raw

    @property
    def context(self) -> Any:
        return self._lazy[0].context


class Run:
    """The state of one request running a plan."""

    __slots__ = (
        "arguments",
        "build_info",
        "context",
        "hide_suggestions",
        "is_awaitable",
        "pending",
        "variable_values",
    )

    def __init__(self, executor: Any) -> None:
        self.pending: list[tuple[Any, Callable, Any, Any, Trail]] = []
        # converted arguments of a field, the same for every call in this request (variables are
        # fixed) when they are all immutable values
        self.arguments: dict[Callable, dict[str, Any]] = {}
        self.build_info = executor.build_resolve_info
        self.context = executor.context_value
        self.is_awaitable = executor.is_awaitable
        self.variable_values = executor.variable_values
        self.hide_suggestions = executor.hide_suggestions

    def discard(self) -> None:
        """Close the queued coroutines of an abandoned plan (nothing will await them)."""
        for awaitable, *_ in self.pending:
            if isinstance(awaitable, CoroutineType):
                awaitable.close()
        self.pending = []


class Plan:
    """The compiled operation: `root(root_value, None, run)` returns the data dict."""

    __slots__ = ("root", "source")

    def __init__(self, root: Callable[[Any, Trail, Run], dict], source: str) -> None:
        self.root = root
        self.source = source


def _learnable(value: Any) -> bool:
    """Whether values of this class may skip the awaitable/exception/callable checks from now on.

    Awaitability is taken to be a property of the class (as it is for coroutines, futures and
    anything defining `__await__`); generators, exceptions, callables and classes answering
    unknown attributes are always checked one by one.
    """
    cls = value.__class__
    return not (
        cls is CoroutineType
        or cls is GeneratorType
        or isinstance(value, BaseException)
        or callable(value)
        or hasattr(cls, "__await__")
        or getattr(cls, "__getattr__", None) is not None
        or hasattr(cls, "__aiter__")
    )


class Compiler:
    """Compiles the operation an executor was built for (its document, operation, variables)."""

    def __init__(self, executor: Any) -> None:
        self.executor = executor
        self.schema = executor.schema
        strawberry_schema = getattr(self.schema, "_strawberry_schema", None)
        self.strawberry = strawberry_schema
        self.names = count()
        self.lines: list[str] = []
        self.objects: dict[tuple[int, str], tuple[str, bool]] = {}
        # The field lists `objects` is keyed by, kept alive: once a list is freed its id can be
        # given to another selection's list, which would then get this selection's function.
        self.keyed_lists: list[list[FieldDetails]] = []
        self.ns: dict[str, Any] = {"BAIL": Bail, "UNDEFINED": Undefined, "DGET": _default_get}

    # -- entry point -------------------------------------------------------------------------

    def compile(self) -> Plan:
        executor = self.executor
        operation = executor.operation
        if operation.operation != OperationType.QUERY:
            raise Unsupported("only queries are compiled")
        if executor.middleware_manager is not None and executor.middleware_manager.middlewares:
            raise Unsupported("resolver middleware")
        if self.strawberry is not None and self.strawberry.exception_handlers:
            raise Unsupported("exception handlers")
        root_type = self.schema.query_type
        collected = collect_fields(
            self.schema,
            executor.fragments,
            executor.variable_values,
            root_type,
            operation,
            executor.hide_suggestions,
        )
        if collected.new_defer_usages or collected.forbidden_directive_instances:
            raise Unsupported("@defer")
        root, _ = self.object(root_type, collected.grouped_field_set)
        source = "\n".join(self.lines) + "\n"
        exec(
            compile(source, f"<compiled query {operation.name.value if operation.name else ''}>", "exec"),
            self.ns,
        )
        return Plan(self.ns[root], source)

    # -- helpers -----------------------------------------------------------------------------

    def const(self, value: Any, prefix: str = "c") -> str:
        name = f"{prefix}{next(self.names)}"
        self.ns[name] = value
        return name

    # -- selection sets ----------------------------------------------------------------------

    def object(
        self, parent: GraphQLObjectType, grouped: Mapping[str, list[FieldDetails]]
    ) -> tuple[str, bool]:
        """Writes the function for one selection set on `parent`; returns its name and whether
        it needs its own path (some field below calls a resolver, which is given its path)."""
        if parent.is_type_of is not None:
            raise Unsupported(f"{parent.name} has is_type_of")
        body: list[str] = []
        needs_path = False
        for key, details in grouped.items():
            lines, uses_path = self.field(parent, key, details)
            body.extend(lines)
            needs_path = needs_path or uses_path
        name = f"o{next(self.names)}"
        self.lines.append(f"def {name}(src, path, rt):")
        self.lines.append("    out = {}")
        self.lines.extend("    " + line for line in body)
        self.lines.append("    return out")
        self.lines.append("")
        return name, needs_path

    def field(
        self, parent: GraphQLObjectType, key: str, details: list[FieldDetails]
    ) -> tuple[list[str], bool]:
        node = details[0].node
        name = node.name.value
        if any(d.fragment_variable_values is not None for d in details):
            raise Unsupported("fragment arguments")
        k = repr(key)
        if name == "__typename":
            return [f"out[{k}] = {parent.name!r}"], False
        if name.startswith("__"):
            raise Unsupported("introspection")
        field_def = parent.fields.get(name)
        if field_def is None:  # graphql-core leaves the key out
            return [], False

        read, calls_resolver, default_resolver = self.reader(parent, field_def, details)
        complete, child_needs_path, fast = self.completion(field_def.type, details, "fp", default_resolver)
        uses_fp = calls_resolver or child_needs_path
        lines = []
        if uses_fp:
            lines.append(f"fp = (path, {k}, {parent.name!r})")
        lines.append(f"v = {read}")
        slow = self.const(_field_slow(complete, fast.known, default_resolver), "s")
        path_arg = "fp" if child_needs_path else "None"
        lines.extend(fast.lines(f"out[{k}]", f"{slow}(v, out, {k}, {path_arg}, rt)"))
        return lines, uses_fp

    def reader(
        self, parent: GraphQLObjectType, field_def: GraphQLField, details: list[FieldDetails]
    ) -> tuple[str, bool, bool]:
        """The expression reading the field's value from `src`: (code, calls a resolver,
        is graphql-core's default resolver)."""
        node = details[0].node
        name = node.name.value
        resolve = field_def.resolve
        nodes = [d.node for d in details]
        definition = field_def.extensions.get(DEFINITION_BACKREF) if field_def.extensions else None
        if resolve is None and self.executor.field_resolver is default_field_resolver:
            if any(isinstance(a.type, GraphQLNonNull) for a in field_def.args.values()):
                # coercing a required argument can fail even though only callables use them
                return self.generic_call(parent, field_def, details, default_field_resolver), True, False
            # arguments only reach a callable value, which the slow path leaves to graphql-core
            return f"src.get({name!r}) if src.__class__ is dict else DGET(src, {name!r})", False, True
        if isinstance(definition, StrawberryField):
            qualname = getattr(resolve, "__qualname__", "")
            if (
                qualname.endswith("from_resolver.<locals>._get_basic_result")
                and definition.base_resolver is None
                and not definition.extensions
                and type(definition).get_result is StrawberryField.get_result
                and definition.default_resolver is getattr
            ):
                attribute = definition.python_name
                if (
                    attribute.isidentifier()
                    and not keyword.iskeyword(attribute)
                    and not attribute.startswith("__")
                ):
                    return f"src.{attribute}", False, False
                return f"getattr(src, {attribute!r})", False, False
            if (
                qualname.endswith(
                    ("from_resolver.<locals>._resolver", "from_resolver.<locals>._async_resolver")
                )
                and definition.base_resolver is not None
                and not definition.extensions
                and type(definition.base_resolver).__call__ is StrawberryResolver.__call__
                and callable(definition.base_resolver.wrapped_func)
            ):
                call = _strawberry_call(field_def, definition, nodes, parent, node, self.strawberry)
                return f"{self.const(call, 'r')}(src, rt, fp)", True, False
        return (
            self.generic_call(parent, field_def, details, resolve or self.executor.field_resolver),
            True,
            False,
        )

    def generic_call(
        self,
        parent: GraphQLObjectType,
        field_def: GraphQLField,
        details: list[FieldDetails],
        resolve: Callable,
    ) -> str:
        """graphql-core's own way: `resolve(source, info, **arguments)`."""
        node = details[0].node
        nodes = [d.node for d in details]
        has_args = bool(field_def.args or node.arguments)

        def call(src: Any, rt: Run, fp: Trail) -> Any:
            info = rt.build_info(field_def, nodes, parent, as_path(fp))
            if has_args:
                args = get_argument_values(field_def, node, rt.variable_values, None, rt.hide_suggestions)
                return resolve(src, info, **args)
            return resolve(src, info)

        return f"{self.const(call, 'g')}(src, rt, fp)"

    # -- completion ----------------------------------------------------------------------------

    def completion(
        self, type_: Any, details: list[FieldDetails], path_var: str, default_resolver: bool
    ) -> tuple[Callable, bool, Fast]:
        """The generic completer of a value of `type_`, whether it needs the field's path, and
        the inline fast path for the common case."""
        complete, needs_path = self.generic(type_, details)
        nullable = type_
        if isinstance(type_, GraphQLNonNull):
            nullable = type_.of_type
        fast = self.fast(nullable, details, path_var, needs_path)
        return complete, needs_path, fast

    def fast(self, type_: Any, details: list[FieldDetails], path_var: str, needs_path: bool) -> Fast:
        """Inline code for the common values of a (nullable-stripped) type; else the slow path."""
        if isinstance(type_, (GraphQLScalarType, GraphQLEnumType)):
            return self.fast_leaf(type_)
        if isinstance(type_, GraphQLObjectType):
            fn, child_needs_path = self.object_fn(type_, details)
            known: set = set()
            k = self.const(known, "k")
            path = path_var if child_needs_path else "None"
            return Fast(f"{{v}}.__class__ in {k}", f"{fn}({{v}}, {path}, rt)", known=known)
        if isinstance(type_, GraphQLList):
            item = type_.of_type
            item_type = item.of_type if isinstance(item, GraphQLNonNull) else item
            if isinstance(item_type, GraphQLList):
                return Fast("False", "None")
            item_complete, item_needs_path = self.generic(item, details)
            ipath = f"({path_var}, n, None)" if item_needs_path else "None"
            if isinstance(item_type, GraphQLObjectType):
                fn, _ = self.object_fn(item_type, details)
                known = set()
                k = self.const(known, "k")
                item_slow = self.const(_item_slow(item_complete, known), "i")
                expr = f"{fn}(x, {ipath}, rt) if x.__class__ in {k} else {item_slow}(x, {ipath}, rt)"
            else:
                leaf = self.fast_leaf(item_type)
                item_slow = self.const(_item_slow(item_complete, leaf.known), "i")
                if leaf.multiline:
                    expr = f"{item_slow}(x, {ipath}, rt)"
                else:
                    expr = (
                        f"{leaf.value_of('x')} if {leaf.condition_of('x')} else {item_slow}(x, {ipath}, rt)"
                    )
            loop = "for n, x in enumerate(v)" if item_needs_path else "for x in v"
            return Fast("{v}.__class__ is list", f"[{expr} {loop}]")
        raise Unsupported(f"output type {type_}")

    def object_fn(self, type_: GraphQLObjectType, details: list[FieldDetails]) -> tuple[str, bool]:
        """The function of the selection set below `details` on `type_`, written once."""
        key = (id(details), type_.name)
        if key not in self.objects:
            self.keyed_lists.append(details)
            self.objects[key] = self.object(type_, self.subfields(type_, details))
        return self.objects[key]

    def fast_leaf(self, type_: Any) -> Fast:
        if type_ is GraphQLString or type_ is GraphQLID:
            return Fast("{v}.__class__ is str", "{v}")
        if type_ is GraphQLInt:
            return Fast(f"{{v}}.__class__ is int and {MIN_INT} <= {{v}} <= {MAX_INT}", "{v}")
        if type_ is GraphQLBoolean:
            return Fast("{v} is True or {v} is False", "{v}")
        if isinstance(type_, CustomGraphQLEnumType):
            names = {}
            for member in type_.wrapped_cls:
                try:
                    names[member] = type_.coerce_output_value(member)
                except Exception:
                    continue
            cls = self.const(type_.wrapped_cls, "w")
            table = self.const(names, "e")
            return Fast(f"{{v}}.__class__ is {cls}", f"{table}[{{v}}]")
        # any other scalar or enum: its own serializer, for classes seen before
        known: set = set()
        serialize = self.const(type_.coerce_output_value, "z")
        k = self.const(known, "k")
        return Fast(f"{{v}}.__class__ in {k}", f"{serialize}({{v}})", known=known, multiline=True)

    def subfields(
        self, type_: GraphQLObjectType, details: list[FieldDetails]
    ) -> Mapping[str, list[FieldDetails]]:
        executor = self.executor
        collected = collect_subfields(
            self.schema,
            executor.fragments,
            executor.variable_values,
            executor.operation,
            type_,
            details,
            executor.hide_suggestions,
        )
        if collected.new_defer_usages or collected.forbidden_directive_instances:
            raise Unsupported("@defer")
        return collected.grouped_field_set

    def generic(self, type_: Any, details: list[FieldDetails]) -> tuple[Callable, bool]:
        """`complete(value, path, run)` with graphql-core's value completion, raising on what
        graphql-core would report as an error; and whether it needs the path."""
        if isinstance(type_, GraphQLNonNull):
            inner, needs_path = self.generic(type_.of_type, details)

            def complete_non_null(value: Any, path: Trail, rt: Run) -> Any:
                completed = inner(value, path, rt)
                if completed is None:
                    raise Bail("null for a non-null field")
                return completed

            return complete_non_null, needs_path
        if isinstance(type_, GraphQLList):
            item, item_needs_path = self.generic(type_.of_type, details)

            def complete_list(value: Any, path: Trail, rt: Run) -> Any:
                if value is None or value is Undefined:
                    return None
                if value.__class__ is not list and value.__class__ is not tuple:
                    raise Bail("an iterable that is not a list")
                is_awaitable = rt.is_awaitable
                completed = []
                for n, x in enumerate(value):
                    if x is not None and is_awaitable(x):
                        raise Bail("an awaitable list item")
                    completed.append(item(x, (path, n, None) if item_needs_path else None, rt))
                return completed

            return complete_list, item_needs_path
        if isinstance(type_, (GraphQLScalarType, GraphQLEnumType)):
            serialize = type_.coerce_output_value

            def complete_leaf(value: Any, path: Trail, rt: Run) -> Any:
                if value is None or value is Undefined:
                    return None
                if isinstance(value, Exception):
                    raise Bail("an exception as value")
                completed = serialize(value)
                if completed is None or completed is Undefined:
                    raise Bail("a leaf serialized to null")
                return completed

            return complete_leaf, False
        if isinstance(type_, GraphQLObjectType):
            fn, needs_path = self.object_fn(type_, details)
            ns = self.ns

            def complete_object(value: Any, path: Trail, rt: Run) -> Any:
                if value is None or value is Undefined:
                    return None
                if isinstance(value, Exception):
                    raise Bail("an exception as value")
                return ns[fn](value, path, rt)

            return complete_object, needs_path
        raise Unsupported(f"output type {type_}")


class Fast:
    """Inline code for a value: `if <condition>: target = <value>`, else the slow call.

    `condition` and `value` are templates over `{v}`, the variable holding the value."""

    __slots__ = ("condition", "known", "multiline", "value")

    def __init__(self, condition: str, value: str, *, known: set | None = None, multiline: bool = False):
        self.condition = condition
        self.value = value
        self.known = known
        self.multiline = multiline

    def condition_of(self, var: str) -> str:
        return self.condition.format(v=var)

    def value_of(self, var: str) -> str:
        return self.value.format(v=var)

    def lines(self, target: str, slow_call: str) -> list[str]:
        condition, value = self.condition_of("v"), self.value_of("v")
        if self.multiline:  # a serializer that may answer null: check it
            return [
                f"if {condition}:",
                f"    c = {value}",
                "    if c is None or c is UNDEFINED:",
                "        raise BAIL",
                f"    {target} = c",
                "else:",
                f"    {target} = {slow_call}",
            ]
        return [f"if {condition}:", f"    {target} = {value}", "else:", f"    {target} = {slow_call}"]


def _field_slow(complete: Callable, known: set | None, default_resolver: bool) -> Callable:
    """A field's value that the inline code did not take: null, awaitable, or a new class."""

    def slow(value: Any, container: Any, key: Any, path: Trail, rt: Run) -> Any:
        if value is not None:
            if rt.is_awaitable(value):
                rt.pending.append((value, complete, container, key, path))
                return None
            if default_resolver and callable(value):
                raise Bail("a callable for the default resolver")
        completed = complete(value, path, rt)
        if known is not None and value is not None and _learnable(value):
            known.add(value.__class__)
        return completed

    return slow


def _item_slow(complete: Callable, known: set | None = None) -> Callable:
    def slow(value: Any, path: Trail, rt: Run) -> Any:
        if value is not None and rt.is_awaitable(value):
            raise Bail("an awaitable list item")
        completed = complete(value, path, rt)
        if known is not None and value is not None and _learnable(value):
            known.add(value.__class__)
        return completed

    return slow


def _default_get(source: Any, name: str) -> Any:
    """graphql-core's default resolver for a source that is not a plain dict."""
    return source.get(name) if isinstance(source, Mapping) else getattr(source, name, None)


def _strawberry_call(field_def, definition, nodes, parent, node, strawberry_schema) -> Callable:
    """What Strawberry's resolver wrapper does for a field with a resolver, without the wrapper:
    arguments coerced by graphql-core and converted by Strawberry, `self`/`root`/`info` injected."""
    resolver = definition.base_resolver
    func = resolver.wrapped_func
    takes_self = resolver.self_parameter is not None
    parent_name = resolver.parent_parameter.name if resolver.parent_parameter else None
    root_name = resolver.root_parameter.name if resolver.root_parameter else None
    info_name = resolver.info_parameter.name if resolver.info_parameter else None
    arguments = definition.arguments
    has_args = bool(arguments) and bool(field_def.args or node.arguments)
    config = strawberry_schema.config
    info_class = config.info_class
    lazy = info_class is Info
    scalar_registry = strawberry_schema.schema_converter.scalar_registry
    needs_info = info_name is not None or has_args

    def call(src: Any, rt: Run, fp: Trail) -> Any:
        if not needs_info:
            info = None
        elif lazy:
            info = LazyInfo(rt, field_def, nodes, parent, fp, definition)
        else:
            info = info_class(
                _raw_info=rt.build_info(field_def, nodes, parent, as_path(fp)), _field=definition
            )
        if has_args:
            kwargs = rt.arguments.get(call)
            if kwargs is None:
                raw = get_argument_values(field_def, node, rt.variable_values, None, rt.hide_suggestions)
                kwargs = convert_arguments(
                    raw, arguments, scalar_registry=scalar_registry, config=config, info=info
                )
                if all(v is None or type(v) in IMMUTABLE or isinstance(v, Enum) for v in kwargs.values()):
                    rt.arguments[call] = kwargs
            kwargs = dict(kwargs)
        else:
            kwargs = {}
        if parent_name is not None:
            kwargs[parent_name] = src
        if root_name is not None:
            kwargs[root_name] = src
        if info_name is not None:
            kwargs[info_name] = info
        if takes_self:
            return func(src, **kwargs)
        return func(**kwargs)

    return call
