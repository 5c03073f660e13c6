"""Builds the Starlette application from settings: GraphQL, admin, downloads, health, worker."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hmac
import logging
from pathlib import Path
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.asgi import GraphQL
from strawberry.http import process_result
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types.graphql import OperationType
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from .auth import authenticate, bearer_token
from .auth.actors import acting_for
from .db import close_db, init_db, is_unavailable, ping, pool_figures, quiet_outages_in_library_logs
from .observability import (
    CONTENT_TYPE,
    HttpMetricsMiddleware,
    RequestIdMiddleware,
    install_log_redaction,
    render,
    tracing,
)
from .resolvers.context import Context
from .resolvers.errors import TopLevelErrorCode
from .schema import error_code, schema
from .settings import Settings

log = logging.getLogger("graphql_portal")
SHARED_STATIC_DIR = Path(__file__).parent / "static"


JSON = "application/json"
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


class RequestRefused(Exception):
    """An HTTP request `/graphql` answers with a status other than 200 and one top-level error."""

    def __init__(
        self,
        status: int,
        message: str,
        code: str = TopLevelErrorCode.BAD_USER_INPUT,
        headers: dict | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = headers or {}


def error_response(refused: RequestRefused, media_type: str = JSON) -> Response:
    """A GraphQL response with one error and its `extensions.code`, as JSON, never plain text."""
    body = {"errors": [{"message": refused.message, "extensions": {"code": refused.code}}]}
    return Response(
        orjson.dumps(body),
        status_code=refused.status,
        media_type=media_type,
        headers={"Cache-Control": "no-store", **refused.headers},
    )


RETRY_AFTER_SECONDS = 5


def unavailable() -> RequestRefused:
    """The answer while the database cannot be reached: 503, retry shortly."""
    return RequestRefused(
        503,
        "The database is unavailable; retry in a few seconds.",
        TopLevelErrorCode.UNAVAILABLE,
        {"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def answers_503_while_the_database_is_away(endpoint):
    """Wrap a route so that an unreachable database is a JSON 503, not a plain-text 500."""

    async def wrapped(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            log.warning("%s: the database is unavailable (%s)", request.url.path, type(exc).__name__)
            return error_response(unavailable())

    return wrapped


def _too_large(limit: int) -> RequestRefused:
    return RequestRefused(413, f"The request body is larger than the limit of {limit} bytes.")


def check_declared_size(request: Request, limit: int) -> None:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise _too_large(limit)


async def read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it is known to exceed `limit` bytes.

    A declared Content-Length is checked before anything is read; a chunked body is counted as
    it streams in, so an oversized body is never held in memory whole.
    """
    check_declared_size(request, limit)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_params(body: bytes) -> tuple[str, dict | None, str | None, dict | None]:
    """`query`, `variables`, `operationName` and `extensions` of a JSON request body (400 otherwise)."""
    if not body.strip():
        raise RequestRefused(400, "The request has no body: send a JSON object with a `query`.")
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        # orjson refuses nesting deeper than 1024 levels instead of recursing without bound.
        detail = "it is nested too deeply" if "depth" in str(exc) else "it is not valid JSON"
        raise RequestRefused(400, f"Unable to parse the request body: {detail}.") from None
    if not isinstance(data, dict):
        raise RequestRefused(400, "The request body must be a JSON object with a `query`.")
    query = data.get("query")
    if query is None:
        raise RequestRefused(400, "The request has no `query`.")
    if not isinstance(query, str):
        raise RequestRefused(400, "`query` must be a string.")
    variables, operation_name, extensions = (
        data.get("variables"),
        data.get("operationName"),
        data.get("extensions"),
    )
    if not isinstance(variables, dict | None):
        raise RequestRefused(400, "`variables` must be an object or null.")
    if not isinstance(operation_name, str | None):
        raise RequestRefused(400, "`operationName` must be a string or null.")
    if not isinstance(extensions, dict | None):
        raise RequestRefused(400, "`extensions` must be an object or null.")
    return query, variables, operation_name, extensions


def parse_content_type(header: str) -> tuple[str, dict[str, str]]:
    """The media type of a Content-Type header, lower-cased, and its parameters."""
    media_type, *rest = header.split(";")
    params = {}
    for part in rest:
        name, _, value = part.partition("=")
        params[name.strip().lower()] = value.strip().strip('"')
    return media_type.strip().lower(), params


def response_media_type(accept: str | None) -> str:
    """`application/graphql-response+json` when the client prefers it at least as much as JSON.

    Without an Accept header, for wildcards, and when nothing we serve is acceptable, the answer
    is `application/json`, as before.
    """
    graphql_q = json_q = 0.0
    for item in (accept or "").split(","):
        media_type, params = parse_content_type(item)
        try:
            q = float(params.get("q", "1"))
        except ValueError:
            q = 0.0
        if media_type == GRAPHQL_RESPONSE_JSON:
            graphql_q = max(graphql_q, q)
        elif media_type in (JSON, "application/*", "*/*"):
            json_q = max(json_q, q)
    return GRAPHQL_RESPONSE_JSON if graphql_q > 0 and graphql_q >= json_q else JSON


def never_executed(result) -> bool:
    """Whether the request failed before execution: parsing, validation or coercing variables.

    Those errors have no path; an error raised while executing always has one.
    """
    return result.data is None and bool(result.errors) and all(e.path is None for e in result.errors)


ONLY_POST = "Send GraphQL requests as POST with a JSON body."
ALLOWED_OPERATIONS = frozenset({OperationType.QUERY, OperationType.MUTATION})


class PortalGraphQL(GraphQL):
    """GraphiQL on GET in debug, and the per-request context. Every top-level error carries a code."""

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
    """`/graphql` over HTTP: POST with a JSON body and a bearer token.

    Whatever is refused before execution (405, 415, 413, 401, 400) or fails on our side is
    answered as a GraphQL response with `errors[].extensions.code`, never as plain text.
    """

    def __init__(self, settings: Settings) -> None:
        self.view = PortalGraphQL(settings)
        self.settings = settings

    async def __call__(self, scope, receive, send) -> None:
        request = Request(scope, receive)
        media_type = response_media_type(request.headers.get("accept"))
        try:
            response = await self.handle(request, media_type)
        except RequestRefused as refused:
            response = error_response(refused, media_type)
        except Exception as exc:
            if is_unavailable(exc):
                log.warning("/graphql: the database is unavailable (%s)", type(exc).__name__)
                refused = unavailable()
            else:
                log.exception("/graphql failed")
                refused = RequestRefused(500, "Internal server error.", TopLevelErrorCode.INTERNAL)
            response = error_response(refused, media_type)
        await response(scope, receive, send)

    async def handle(self, request: Request, media_type: str) -> Response:
        if request.method != "POST":
            if (
                request.method == "GET"
                and self.settings.debug
                and "text/html" in request.headers.get("accept", "")
            ):
                return await self.view.render_graphql_ide(request)
            raise RequestRefused(405, ONLY_POST, headers={"Allow": "POST"})
        content_type, params = parse_content_type(request.headers.get("content-type", ""))
        if content_type != JSON or params.get("charset", "utf-8").lower() != "utf-8":
            raise RequestRefused(415, "Send the request body as `Content-Type: application/json`.")
        limit = self.settings.max_body_bytes
        check_declared_size(request, limit)
        principal = await authenticate(bearer_token(request.headers.get("authorization")))
        if principal is None:
            raise RequestRefused(
                401,
                "Send a valid API token: `Authorization: Bearer <token>`.",
                TopLevelErrorCode.UNAUTHENTICATED,
                {"WWW-Authenticate": "Bearer"},
            )
        request.state.principal = principal
        query, variables, operation_name, extensions = parse_params(await read_body(request, limit))
        sub_response = await self.view.get_sub_response(request)
        context = await self.view.get_context(request, sub_response)
        try:
            with acting_for(principal, request):
                result = await schema.execute(
                    query,
                    variable_values=variables,
                    context_value=context,
                    operation_name=operation_name,
                    allowed_operation_types=ALLOWED_OPERATIONS,
                    operation_extensions=extensions,
                )
        except CannotGetOperationTypeError as exc:
            raise RequestRefused(400, exc.as_http_error_reason()) from None
        except InvalidOperationTypeError:
            raise RequestRefused(400, "Only queries and mutations are served over HTTP.") from None
        if any(is_unavailable(error.original_error) for error in result.errors or ()):
            log.warning("/graphql: the database is unavailable while executing")
            raise unavailable()
        data = await self.view.process_result(request, result)
        # The GraphQL-over-HTTP spec: for application/graphql-response+json a request that never
        # executed is a 400 without `data`; under application/json a well-formed request is a 200.
        strict = media_type == GRAPHQL_RESPONSE_JSON
        if strict and never_executed(result):
            del data["data"]
        response = self.view.create_response(data, sub_response)
        if strict:
            response.headers["content-type"] = GRAPHQL_RESPONSE_JSON
            if "data" not in data:
                response.status_code = 400
        return response


async def healthz(request: Request) -> JSONResponse:
    if await ping():
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "unavailable", "database": "does not answer"}, status_code=503)


async def readyz(request: Request) -> JSONResponse:
    """Ready for traffic: the database answers and has every migration this code expects."""
    from .migrate import missing_migrations

    settings: Settings = request.app.state.settings
    if not await ping():
        return JSONResponse({"status": "unavailable", "database": "does not answer"}, status_code=503)
    try:
        missing = await missing_migrations(settings.dialect)
    except Exception as exc:
        log.warning("/readyz: cannot read the applied migrations (%s)", type(exc).__name__)
        return JSONResponse({"status": "unavailable", "database": "does not answer"}, status_code=503)
    if missing:
        return JSONResponse({"status": "migrating", "missing_migrations": missing}, status_code=503)
    return JSONResponse({"status": "ok"})


def metrics_endpoint(settings: Settings):
    """`GET /metrics` for Prometheus, only with `Authorization: Bearer $PORTAL_METRICS_TOKEN`
    (404 while that is unset, 401 without it or with another)."""
    from .fulfilment.queue import JOB_KIND_LABELS, queue_figures

    expected = f"Bearer {settings.metrics_token}".encode() if settings.metrics_token else None

    async def metrics(request: Request) -> Response:
        if expected is None:
            return Response("Not Found", status_code=404, media_type="text/plain")
        given = request.headers.get("authorization", "").encode("utf-8", "replace")
        if not hmac.compare_digest(given, expected):
            return Response(
                "Send `Authorization: Bearer <PORTAL_METRICS_TOKEN>`.\n",
                status_code=401,
                media_type="text/plain",
                headers={"WWW-Authenticate": "Bearer"},
            )
        try:
            queue = await queue_figures(settings.clock.now())
        except Exception as exc:
            if not is_unavailable(exc):
                raise
            queue = None  # the process's own counters still answer while the database is away
        body = render(queue, pool_figures(), job_kinds=JOB_KIND_LABELS)
        return Response(body, media_type=CONTENT_TYPE, headers={"Cache-Control": "no-store"})

    return metrics


class PortalApp(Starlette):
    """The Starlette app with the request id and the HTTP metrics around everything it does, its
    error pages included (Starlette puts the middleware it is given inside its error handling)."""

    def build_middleware_stack(self) -> ASGIApp:
        return RequestIdMiddleware(HttpMetricsMiddleware(super().build_middleware_stack()))


def shared_static() -> ASGIApp:
    """The files the admin and the portal both use (`common.css`, `htmx.min.js`), served once at `/shared/`,
    with the header their own static files get (`nosniff`; the pages carry the CSP)."""
    files = StaticFiles(directory=SHARED_STATIC_DIR)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message).setdefault("X-Content-Type-Options", "nosniff")
            await send(message)

        await files(scope, receive, with_headers)

    return app


def create_app(settings: Settings, *, manage_db: bool = True, run_worker: bool = False) -> Starlette:
    """The whole service. Tests pass `manage_db=False` and initialise the ORM themselves."""
    quiet_outages_in_library_logs()
    install_log_redaction()
    from .admin import admin_app, staff_from_request
    from .fulfilment.downloads import download_attachment
    from .fulfilment.queue import stamp_new_jobs
    from .portal import partner_from_request, portal_app
    from .schema import trace_operations

    stamp_new_jobs()
    if tracing.setup_tracing(settings.otel_env):
        trace_operations()

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        if manage_db:  # the process's own server (tests build apps on a shared ORM instead)
            await init_db(settings.database_url)
            # What is alive once started (modules, the schema, the ORM's metadata) lives as long as
            # the process: moved out of the collector's generations, it is no longer traversed by
            # every full collection, which the short-lived objects of big pages trigger often.
            gc.collect()
            gc.freeze()
        stop = asyncio.Event()
        worker_task = None
        if run_worker:
            from .fulfilment.worker import run_beside_the_lane

            worker_task = asyncio.create_task(run_beside_the_lane(settings, stop), name="worker")
        try:
            yield
        finally:
            stop.set()
            if worker_task is not None:
                await worker_task
            if manage_db:
                await close_db()
                tracing.shutdown_tracing()

    async def to_admin(request: Request) -> RedirectResponse:
        return RedirectResponse("/admin/", status_code=307)

    # Behind PORTAL_TRUSTED_PROXIES the client is the address they name in X-Forwarded-For (for
    # the sign-in throttle, the logs); from anyone else those headers change nothing.
    middleware = []
    if settings.trusted_proxies:
        middleware.append(Middleware(ProxyHeadersMiddleware, trusted_hosts=list(settings.trusted_proxies)))
    app = PortalApp(
        debug=False,
        middleware=middleware,
        routes=[
            Route("/graphql", GraphQLEndpoint(settings)),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics_endpoint(settings), methods=["GET"]),
            Route(
                "/attachments/{attachment_id}",
                answers_503_while_the_database_is_away(download_attachment),
                methods=["GET"],
            ),
            Mount("/shared", app=shared_static()),
            Route("/admin", to_admin, methods=["GET"]),
            Mount("/admin", app=admin_app(settings)),
            Mount("/", app=portal_app(settings)),
        ],
        lifespan=lifespan,
    )
    tracing.instrument_app(app)
    app.state.settings = settings
    app.state.staff_lookup = staff_from_request
    app.state.partner_lookup = partner_from_request
    return app
