"""What a submitter is told about an order: the truth about its status at the time of asking.

Submitting a review again answers with its order as it is now, which may be long finished.
"""

from __future__ import annotations

from ..models import Order, OrderStatus

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
# An order stops for one of two reasons: a job of its fulfilment failed (above), or, scheduled for
# later, it found the customer changed by other means when its date came (`Order.attention_reason`).
CUSTOMER_CHANGED = (
    "Your order did not take effect: the customer was changed by other means before its effective date, "
    "so the change was not applied. Our staff have been told; review the change again if it is still wanted."
)
# Staff closed such an order: it is CANCELLED, and was never applied.
CLOSED_NOT_APPLIED = (
    "Your order was not applied: the customer was changed by other means before its effective date, "
    "and the order was closed. Review the change again if it is still wanted."
)


def status_message(status: OrderStatus, attention_reason: str | None = None) -> str:
    """One sentence for the order's current status (and, when it needs attention, why)."""
    status = OrderStatus(status)
    if status is OrderStatus.ATTENTION_NEEDED and attention_reason is not None:
        return CUSTOMER_CHANGED
    if status is OrderStatus.CANCELLED and attention_reason is not None:
        return CLOSED_NOT_APPLIED
    return _MESSAGES.get(status) or f"Your order is {status.value.lower().replace('_', ' ')}."


def order_status_message(order: Order) -> str:
    """The sentence for `order` as it stands."""
    return status_message(order.status, order.attention_reason)
