"""What the service tells its operators: its logs, never a secret or a request's value in full."""

from .logs import install_log_redaction, redact

__all__ = ["install_log_redaction", "redact"]
