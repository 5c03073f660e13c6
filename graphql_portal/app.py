"""Builds the Starlette application from settings: GraphQL, admin, downloads, health, worker."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Mount, Route
from strawberry.asgi import GraphQL
from strawberry.http import process_result

from .auth import authenticate, bearer_token
from .db import close_db, init_db, ping
from .resolvers.context import Context
from .schema import error_code, schema
from .settings import Settings

log = logging.getLogger("graphql_portal")

UNAUTHENTICATED = {
    "errors": [
        {
            "message": "Send a valid API token: `Authorization: Bearer <token>`.",
            "extensions": {"code": "UNAUTHENTICATED"},
        }
    ]
}

ONLY_POST = {
    "errors": [
        {
            "message": "Send GraphQL requests as POST with a JSON body.",
            "extensions": {"code": "BAD_USER_INPUT"},
        }
    ]
}


class PortalGraphQL(GraphQL):
    """POST JSON only; GraphiQL on GET in debug. Every top-level error carries `extensions.code`."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(
            schema, graphql_ide="graphiql" if settings.debug else None, allow_queries_via_get=False
        )
        self.settings = settings

    async def get_context(self, request: Request, response: Any) -> Context:
        # GraphiQL's page is rendered without a principal; every POST has one (see GraphQLEndpoint).
        principal = getattr(request.state, "principal", None)
        return Context(principal=principal, settings=self.settings, request=request, response=response)

    def encode_json(self, data: object) -> bytes:
        """orjson: a 500-order page encodes several times faster than with the json module."""
        return orjson.dumps(data)

    async def process_result(self, request: Request, result) -> dict:
        data = process_result(result)
        for raw, error in zip(data.get("errors") or [], result.errors or [], strict=False):
            raw.setdefault("extensions", {})["code"] = error_code(error)
        return data


class GraphQLEndpoint:
    """Authenticates POSTs (401 with a JSON body when the token is missing, unknown or revoked)."""

    def __init__(self, settings: Settings) -> None:
        self.view = PortalGraphQL(settings)
        self.debug = settings.debug

    async def __call__(self, scope, receive, send) -> None:
        request = Request(scope, receive)
        if request.method != "POST":
            if self.debug and "text/html" in request.headers.get("accept", ""):
                await self.view(scope, receive, send)  # GraphiQL
                return
            response = JSONResponse(ONLY_POST, status_code=405, headers={"Allow": "POST"})
            await response(scope, receive, send)
            return
        if request.method == "POST":
            principal = await authenticate(bearer_token(request.headers.get("authorization")))
            if principal is None:
                response = JSONResponse(
                    UNAUTHENTICATED, status_code=401, headers={"WWW-Authenticate": "Bearer"}
                )
                await response(scope, receive, send)
                return
            scope.setdefault("state", {})["principal"] = principal
        await self.view(scope, receive, send)


async def healthz(request: Request) -> JSONResponse:
    if await ping():
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "unavailable", "database": "does not answer"}, status_code=503)


def create_app(settings: Settings, *, manage_db: bool = True, run_worker: bool = False) -> Starlette:
    """The whole service. Tests pass `manage_db=False` and initialise the ORM themselves."""
    from .admin import admin_app, staff_from_request
    from .fulfilment.downloads import download_attachment

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        if manage_db:
            await init_db(settings.database_url)
        stop = asyncio.Event()
        worker_task = None
        if run_worker:
            from .fulfilment.worker import Worker

            worker_task = asyncio.create_task(Worker(settings).run(stop), name="worker")
        try:
            yield
        finally:
            stop.set()
            if worker_task is not None:
                await worker_task
            if manage_db:
                await close_db()

    async def to_admin(request: Request) -> RedirectResponse:
        return RedirectResponse("/admin/", status_code=307)

    app = Starlette(
        debug=False,
        routes=[
            Route("/graphql", GraphQLEndpoint(settings), methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/attachments/{attachment_id}", download_attachment, methods=["GET"]),
            Route("/admin", to_admin, methods=["GET"]),
            Mount("/admin", app=admin_app(settings)),
        ],
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.staff_lookup = staff_from_request
    return app
