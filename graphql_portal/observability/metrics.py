"""The service's Prometheus metrics: one registry, the counters each part bumps, and the text.

Counters and histograms are this process's own (a `serve` with its in-process worker counts both).
What describes the shared state (the job queue, the database pool) is read when scraped, by the
async handler, and handed to `render` as figures: Prometheus collectors are synchronous, so they
cannot query the database themselves, and any process answers them for all workers.

GraphQL is observed per operation only (`OperationMetrics`, `on_operation`/`on_execute`): a hook
per field would turn graphql-core's middleware on, and with it off the compiled execution path.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from graphql import GraphQLError
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from strawberry.extensions import SchemaExtension

from .context import set_log_field

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
REGISTRY = CollectorRegistry(auto_describe=True)

# Seconds. A GraphQL page answers in tens of milliseconds; a slow one in seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

GRAPHQL_REQUESTS = Counter(
    "portal_graphql_requests",
    "GraphQL operations executed, by operation name, type and outcome.",
    ["operation", "type", "outcome"],
    registry=REGISTRY,
)
GRAPHQL_DURATION = Histogram(
    "portal_graphql_request_duration_seconds",
    "Time to parse, validate and execute a GraphQL operation.",
    ["operation", "type"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
HTTP_REQUESTS = Counter(
    "portal_http_requests",
    "HTTP requests answered, by route pattern, method and status.",
    ["route", "method", "status"],
    registry=REGISTRY,
)
HTTP_DURATION = Histogram(
    "portal_http_request_duration_seconds",
    "Time from a request's arrival to the end of its answer, by route pattern and method.",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
    registry=REGISTRY,
)
JOB_ATTEMPTS = Counter(
    "portal_job_attempts",
    "Job runs by this process, by kind and outcome (ok, retry, failed).",
    ["kind", "outcome"],
    registry=REGISTRY,
)
EMAILS = Counter(
    "portal_emails",
    "Emails sent or filed by this process, by kind and outcome (sent, retry, failed).",
    ["kind", "outcome"],
    registry=REGISTRY,
)
WEBHOOK_DELIVERIES = Counter(
    "portal_webhook_deliveries",
    "Webhook delivery attempts by this process, by outcome.",
    ["outcome"],
    registry=REGISTRY,
)
SIGN_INS = Counter(
    "portal_sign_ins",
    "Sign-in attempts, by surface (portal, admin) and outcome (ok, refused, throttled).",
    ["surface", "outcome"],
    registry=REGISTRY,
)
PRUNED_ROWS = Counter(
    "portal_pruned_rows",
    "Rows the worker's housekeeping deleted, by table.",
    ["table"],
    registry=REGISTRY,
)

JOB_OUTCOMES = ("ok", "retry", "failed")
EMAIL_OUTCOMES = ("sent", "retry", "failed")
SIGN_IN_OUTCOMES = ("ok", "refused", "throttled")


def count_job_attempt(kind: str, outcome: str, amount: int = 1) -> None:
    """One run of a job of `kind` ended: `ok`, `retry` (it will run again) or `failed` (for good).
    (`amount=0` makes the series exist before the first run.)"""
    JOB_ATTEMPTS.labels(kind, outcome).inc(amount)


def count_email(kind: str, outcome: str) -> None:
    """One email of `kind` was `sent` (or filed), will be retried (`retry`), or `failed` for good."""
    EMAILS.labels(kind, outcome).inc()


def count_webhook_delivery(outcome: str) -> None:
    """One webhook delivery attempt ended with `outcome` (for example `ok`, `retry`, `failed`)."""
    WEBHOOK_DELIVERIES.labels(outcome).inc()


def count_sign_in(surface: str, outcome: str) -> None:
    """A sign-in on `surface` (`portal`, `admin`): `ok`, `refused` (wrong) or `throttled`."""
    SIGN_INS.labels(surface, outcome).inc()


def count_pruned(table: str, rows: int) -> None:
    if rows:
        PRUNED_ROWS.labels(table).inc(rows)


def observe_http(route: str, method: str, status: int, seconds: float) -> None:
    HTTP_REQUESTS.labels(route, method, str(status)).inc()
    HTTP_DURATION.labels(route, method).observe(seconds)


# --- GraphQL operations ------------------------------------------------------------------------

MAX_OPERATION_NAMES = 200
OTHER = "other"
ANONYMOUS = "anonymous"
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")
_names: set[str] = set()
_names_lock = threading.Lock()


def operation_label(name: str | None) -> str:
    """The operation's name as a label: `anonymous` without one; after 200 distinct names (the
    client chooses them), every new one is `other`, so the series stay bounded."""
    if not name:
        return ANONYMOUS
    if name in _names:
        return name
    if not _NAME.fullmatch(name):
        return OTHER
    with _names_lock:
        if len(_names) >= MAX_OPERATION_NAMES:
            return OTHER
        _names.add(name)
    return name


BAD_REQUEST_CODES = frozenset({"BAD_USER_INPUT", "QUERY_TOO_COMPLEX", "GRAPHQL_PARSE_FAILED"})
FORBIDDEN_CODES = frozenset({"UNAUTHENTICATED", "FORBIDDEN"})


def outcome_of(
    data: object, errors: list[GraphQLError] | None, code_of: Callable[[GraphQLError], str]
) -> str:
    """`ok`; `user_error` when a payload carries `errors` (a rule refused it); else by the first
    top-level error's code: `bad_request`, `forbidden`, `unavailable` or `internal`."""
    if errors:
        code = code_of(errors[0])
        if code in BAD_REQUEST_CODES:
            return "bad_request"
        if code in FORBIDDEN_CODES:
            return "forbidden"
        if code == "UNAVAILABLE":
            return "unavailable"
        return "internal"
    if isinstance(data, dict) and any(isinstance(v, dict) and v.get("errors") for v in data.values()):
        return "user_error"
    return "ok"


class OperationMetrics(SchemaExtension):
    """Counts and times each GraphQL operation; names it in the log lines of its request.

    List it before the error-masking extension, so it sees the errors as the client does. Give it
    `code_of`, the schema's own reading of a top-level error's code.
    """

    def __init__(self, *, code_of: Callable[[GraphQLError], str], execution_context=None) -> None:
        self.code_of = code_of
        if execution_context is not None:
            self.execution_context = execution_context

    def on_execute(self) -> Iterator[None]:
        set_log_field("operation", operation_label(self.execution_context.operation_name))
        yield

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        yield
        context = self.execution_context
        try:
            kind = context.operation_type.value
        except Exception:  # the document did not parse
            kind = "unknown"
        name = operation_label(context.operation_name)
        result = context.result
        errors = result.errors if result is not None else context.pre_execution_errors
        outcome = outcome_of(result.data if result is not None else None, errors, self.code_of)
        GRAPHQL_REQUESTS.labels(name, kind, outcome).inc()
        GRAPHQL_DURATION.labels(name, kind).observe(time.perf_counter() - started)


# --- Figures read at scrape time ---------------------------------------------------------------


@dataclass(frozen=True)
class QueueFigures:
    """The job table as one scrape sees it: counts by (kind, state), and the oldest due job's age."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    oldest_queued_seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class PoolFigures:
    """The PostgreSQL connection pool: open connections, idle ones, the most allowed, waiters."""

    size: int
    idle: int
    max_size: int
    waiters: int


class _ScrapeFigures(Collector):
    """Gauges made from the figures handed to `render`, for that one rendering."""

    def __init__(self, queue: QueueFigures | None, pool: PoolFigures | None, job_kinds, job_states) -> None:
        self.queue, self.pool = queue, pool
        self.job_kinds, self.job_states = job_kinds, job_states

    def collect(self) -> Iterable[Metric]:
        if self.queue is not None:
            jobs = GaugeMetricFamily(
                "portal_jobs", "Jobs in the job table by kind and state.", labels=["kind", "state"]
            )
            for kind in self.job_kinds:
                for state in self.job_states:
                    jobs.add_metric([kind, state], self.queue.counts.get((kind, state), 0))
            yield jobs
            oldest = GaugeMetricFamily(
                "portal_job_oldest_queued_seconds",
                "Age of the oldest queued job that is due, by kind (0 when none is waiting).",
                labels=["kind"],
            )
            for kind in self.job_kinds:
                oldest.add_metric([kind], self.queue.oldest_queued_seconds.get(kind, 0.0))
            yield oldest
        if self.pool is not None:
            for name, doc, value in (
                ("portal_db_pool_connections", "Open connections in the database pool.", self.pool.size),
                ("portal_db_pool_idle_connections", "Idle connections in the database pool.", self.pool.idle),
                (
                    "portal_db_pool_max_connections",
                    "The most connections the pool may open.",
                    self.pool.max_size,
                ),
                (
                    "portal_db_pool_waiters",
                    "Tasks waiting for a connection from the pool.",
                    self.pool.waiters,
                ),
            ):
                yield GaugeMetricFamily(name, doc, value=value)


def render(
    queue: QueueFigures | None = None,
    pool: PoolFigures | None = None,
    *,
    job_kinds: Iterable[str] = (),
    job_states: Iterable[str] = ("queued", "running", "failed"),
) -> bytes:
    """The Prometheus text of this process's metrics and of the figures read for this scrape."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_ScrapeFigures(queue, pool, tuple(job_kinds), tuple(job_states)))
    return generate_latest(REGISTRY) + generate_latest(registry)


for _surface in ("portal", "admin"):
    for _outcome in SIGN_IN_OUTCOMES:
        SIGN_INS.labels(_surface, _outcome)
