"""Fulfilment: the durable jobs an order owes after submit, and the worker that runs them.

The addendum PDF is rendered and filed on the customer record, then the two emails go out (the
submitter's with the addendum attached, the implementation lead's with a link to it). The
admin re-queues what failed with `retry_delivery` and `retry_order`; `download_attachment`
serves filed attachments.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .downloads import attachment_url, download_attachment
from .jobs import refresh_order_status, retry_delivery, retry_order

if TYPE_CHECKING:
    from .worker import Worker

__all__ = [
    "Worker",
    "attachment_url",
    "download_attachment",
    "refresh_order_status",
    "retry_delivery",
    "retry_order",
]


def __getattr__(name: str) -> object:
    # Imported on first use: `python -m graphql_portal.fulfilment.worker` must find the worker
    # module not yet imported, or runpy warns and the module exists twice.
    if name == "Worker":
        from .worker import Worker

        return Worker
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
