"""What a submitter is told about an order: the truth about its status at the time of asking.

Submitting a review again answers with its order as it is now, which may be long finished.
"""

from __future__ import annotations

from ..models import OrderStatus

_MESSAGES = {
    OrderStatus.PROCESSING: "Your order is being processed. The addendum will be emailed to you shortly.",
    OrderStatus.COMPLETED: "Your order is complete: its addendum is filed and both emails were sent.",
    OrderStatus.SCHEDULED: (
        "Your order is scheduled: its addendum was emailed to you, "
        "and the change takes effect at 00:00 UTC of its effective date."
    ),
    OrderStatus.CANCELLED: "Your order was cancelled before its effective date; it will not take effect.",
    OrderStatus.ATTENTION_NEEDED: (
        "Your order was received, but its addendum or an email could not be sent yet; "
        "it is waiting for our staff to retry."
    ),
}


def status_message(status: OrderStatus) -> str:
    """One sentence for the order's current status."""
    status = OrderStatus(status)
    return _MESSAGES.get(status) or f"Your order is {status.value.lower().replace('_', ' ')}."
