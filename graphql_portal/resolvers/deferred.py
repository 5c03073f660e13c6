"""Values that may still be loading: resolvers answer at once when the data is there."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

Maybe = T | Awaitable[T]


def then(value: Maybe[T], fn: Callable[[T], R]) -> Maybe[R]:
    """`fn(value)`, or an awaitable of it when `value` is still being loaded."""
    if inspect.isawaitable(value):

        async def chain() -> Any:
            return fn(await value)

        return chain()
    return fn(value)
