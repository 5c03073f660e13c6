"""OpenTelemetry traces over OTLP, on when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `..._TRACES_ENDPOINT`) is set.

Off, nothing is installed: no instrumentation, no schema extension, no span context stored with
jobs; the code paths test `enabled()` once. On: Starlette's requests (the ASGI middleware), asyncpg's
statements, one span per GraphQL operation (`OperationSpans`), and one span per job run, linked to
the request that queued the job (its W3C `traceparent` is stored with the job).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator

from strawberry.extensions import SchemaExtension
from strawberry.extensions.tracing import OpenTelemetryExtension

from .context import current_request_id

log = logging.getLogger("graphql_portal.tracing")
SERVICE_NAME = "graphql-portal"
_state: dict = {"provider": None}


def enabled() -> bool:
    return _state["provider"] is not None


def _exporter(env: dict):
    protocol = (
        env.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL")
        or env.get("OTEL_EXPORTER_OTLP_PROTOCOL")
        or "http/protobuf"
    )
    specific = env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    base = env.get("OTEL_EXPORTER_OTLP_ENDPOINT", "")
    if protocol == "grpc":
        from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=specific or base)
    if protocol != "http/protobuf":
        raise ValueError(f"OTEL_EXPORTER_OTLP_PROTOCOL: expected http/protobuf or grpc, got {protocol!r}")
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(endpoint=specific or f"{base.rstrip('/')}/v1/traces")


def setup_tracing(env: dict, *, exporter=None) -> bool:
    """Start exporting traces when the environment names an OTLP endpoint (once per process).

    `exporter` replaces the OTLP exporter (tests collect spans in memory).
    """
    if enabled():
        return True
    if exporter is None and not (
        env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
    ):
        return False
    from opentelemetry import trace
    from opentelemetry.instrumentation.asyncpg import AsyncPGInstrumentor
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor

    resource = Resource.create({"service.name": env.get("OTEL_SERVICE_NAME") or SERVICE_NAME})
    provider = TracerProvider(resource=resource)
    if exporter is None:
        provider.add_span_processor(BatchSpanProcessor(_exporter(env)))
    else:
        provider.add_span_processor(SimpleSpanProcessor(exporter))
    trace.set_tracer_provider(provider)
    AsyncPGInstrumentor().instrument(tracer_provider=provider)
    _state["provider"] = provider
    log.info("exporting traces over OTLP")
    return True


def shutdown_tracing() -> None:
    """Send what is buffered (at the end of the process)."""
    provider = _state["provider"]
    if provider is not None:
        provider.force_flush()


def instrument_app(app) -> None:
    """Add Starlette's OpenTelemetry middleware to `app` (before it starts), when tracing is on."""
    if not enabled():
        return
    from opentelemetry.instrumentation.starlette import StarletteInstrumentor

    StarletteInstrumentor.instrument_app(app, tracer_provider=_state["provider"])


def current_traceparent() -> str | None:
    """The W3C `traceparent` of the current span, to store with a job; None when tracing is off."""
    if not enabled():
        return None
    from opentelemetry.propagate import inject

    carrier: dict[str, str] = {}
    inject(carrier)
    return carrier.get("traceparent")


@contextlib.contextmanager
def job_span(name: str, traceparent: str | None, **attributes) -> Iterator[None]:
    """A span for one job run, linked to the request that queued it (not its child: the request
    ended long ago, and a job may run many times)."""
    if not enabled():
        yield
        return
    from opentelemetry import trace
    from opentelemetry.propagate import extract

    links = []
    if traceparent:
        parent = trace.get_current_span(extract({"traceparent": traceparent})).get_span_context()
        if parent.is_valid:
            links.append(trace.Link(parent))
    tracer = trace.get_tracer("graphql_portal.worker", tracer_provider=_state["provider"])
    attributes = {k: v for k, v in attributes.items() if v is not None}
    if current_request_id():
        attributes["portal.request_id"] = current_request_id()
    with tracer.start_as_current_span(
        name, context=trace.set_span_in_context(trace.INVALID_SPAN), links=links, attributes=attributes
    ):
        yield


class OperationSpans(OpenTelemetryExtension):
    """Strawberry's OpenTelemetry extension, one span per operation (with parsing and validation).

    Its `resolve` (a span per field) is taken away: a `resolve` hook makes the extension
    graphql-core middleware, which costs a call per field and turns compiled execution off. The
    document itself is not recorded (a client may write a password into it).
    """

    resolve = SchemaExtension.resolve

    def on_operation(self) -> Iterator[None]:
        from opentelemetry import trace
        from opentelemetry.trace import SpanKind
        from strawberry.extensions.tracing.opentelemetry import LifecycleStep

        span = self._tracer.start_span("GraphQL operation", kind=SpanKind.INTERNAL)
        span.set_attribute("component", "graphql")
        self._span_holder[LifecycleStep.OPERATION] = span
        try:
            with trace.use_span(span, end_on_exit=False):
                yield
            name = self.execution_context.operation_name
            try:
                kind = self.execution_context.operation_type.value
            except Exception:  # the document did not parse
                kind = "unknown"
            span.set_attribute("graphql.operation.name", name or "anonymous")
            span.set_attribute("graphql.operation.type", kind)
            span.update_name(f"GraphQL {kind} {name or 'anonymous'}")
        finally:
            span.end()
