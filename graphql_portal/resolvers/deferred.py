"""Values that may still be loading: resolvers answer at once when the data is there."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from types import GeneratorType
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Maybe = T | Awaitable[T]

# Classes seen not to be awaitable. Awaitability is a property of the class (`__await__`, a
# coroutine), except for generators, which are checked one by one; inspect.isawaitable's ABC
# check costs more than many a resolver it guards.
_PLAIN: set[type] = {type(None), list, tuple, dict, str, int}


def then(value: Maybe[T], fn: Callable[[T], R]) -> Maybe[R]:
    """`fn(value)`, or an awaitable of it when `value` is still being loaded."""
    cls = value.__class__
    if cls in _PLAIN:
        return fn(value)
    if inspect.isawaitable(value):

        async def chain() -> Any:
            return fn(await value)

        return chain()
    if cls is not GeneratorType:
        _PLAIN.add(cls)
    return fn(value)
