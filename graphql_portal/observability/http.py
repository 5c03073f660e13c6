"""HTTP requests as the operator sees them: a count and a latency per route pattern.

A pure ASGI middleware around the whole app. The label is the pattern of the route that answered
(`/orders/{order_id}` under its mount's prefix), never the raw path, so the series stay bounded;
a request that matched no route is `unmatched`.
"""

from __future__ import annotations

import time

from starlette.routing import Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .metrics import observe_http

UNMATCHED = "unmatched"
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def route_pattern(scope: Scope, outer_root_path: str) -> str:
    """The pattern of the innermost route that handled `scope`, with the prefixes of its mounts.

    Starlette leaves the innermost route in `scope["route"]` and each mount's prefix in
    `scope["root_path"]`.
    """
    route = scope.get("route")
    if route is None:
        return UNMATCHED
    prefix = scope.get("root_path", "")[len(outer_root_path) :]
    if isinstance(route, Mount):
        if not route.routes:  # a mounted app of its own (static files)
            return f"{prefix}/{{path}}"
        # The mounted app answered before its router ran (a sign-in redirect, say): name the
        # route the router would have taken, if any.
        for inner in route.routes:
            if inner.matches(scope)[0] is not Match.NONE:
                suffix = "/{path}" if isinstance(inner, Mount) else ""
                return prefix + getattr(inner, "path", "") + suffix
        return UNMATCHED
    return prefix + getattr(route, "path", "")


class HttpMetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        outer_root_path = scope.get("root_path", "")
        status = 500

        async def observed_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, observed_send)
        finally:
            observe_http(
                route_pattern(scope, outer_root_path),
                scope["method"] if scope["method"] in METHODS else "other",
                status,
                time.perf_counter() - started,
            )
