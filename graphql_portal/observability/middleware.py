"""The request id of every HTTP request, as a pure ASGI middleware around the whole app.

Around the whole app (not a Starlette middleware inside it), so every answer carries
`X-Request-ID`, errors and static files included, and uvicorn's access line, written while the
response starts, is made inside the request's context and carries the id too.
"""

from __future__ import annotations

import logging

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .context import acceptable_request_id, working_for

HEADER = "X-Request-ID"
log = logging.getLogger("graphql_portal.http")


class RequestIdMiddleware:
    """Take the client's `X-Request-ID` when it is acceptable, else make one; answer with it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Headers(scope=scope).get(HEADER)
        with working_for(incoming if acceptable_request_id(incoming) else None) as request_id:
            started = False

            async def send_with_id(message: Message) -> None:
                nonlocal started
                if message["type"] == "http.response.start":
                    started = True
                    MutableHeaders(scope=message)[HEADER] = request_id
                await send(message)

            try:
                await self.app(scope, receive, send_with_id)
            except Exception:
                # Logged here, inside the request's context, so the traceback names the request;
                # once the 500 has been answered there is nothing left for the server to do.
                log.exception("%s %s failed", scope["method"], scope["path"])
                if not started:
                    raise
