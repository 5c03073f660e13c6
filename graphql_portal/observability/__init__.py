"""What the service tells its operators: logs (never a secret or a request's value in full), request
ids carried into jobs, Prometheus metrics, OpenTelemetry traces."""

from .context import (
    acceptable_request_id,
    current_request_id,
    new_request_id,
    set_log_field,
    working_for,
)
from .http import HttpMetricsMiddleware
from .logs import LOG_FORMATS, configure_logging, install_log_redaction, redact
from .metrics import (
    CONTENT_TYPE,
    OperationMetrics,
    PoolFigures,
    QueueFigures,
    count_email,
    count_job_attempt,
    count_pruned,
    count_sign_in,
    count_webhook_delivery,
    render,
)
from .middleware import RequestIdMiddleware

__all__ = [
    "CONTENT_TYPE",
    "LOG_FORMATS",
    "HttpMetricsMiddleware",
    "OperationMetrics",
    "PoolFigures",
    "QueueFigures",
    "RequestIdMiddleware",
    "acceptable_request_id",
    "configure_logging",
    "count_email",
    "count_job_attempt",
    "count_pruned",
    "count_sign_in",
    "count_webhook_delivery",
    "current_request_id",
    "install_log_redaction",
    "new_request_id",
    "redact",
    "render",
    "set_log_field",
    "working_for",
]
