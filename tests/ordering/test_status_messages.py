"""What a submitter is told of an order's status, and, when it needs attention, of the reason."""

from __future__ import annotations

import pytest

from graphql_portal.models import Order, OrderStatus
from graphql_portal.ordering.status_messages import (
    CLOSED_NOT_APPLIED,
    CUSTOMER_CHANGED,
    order_status_message,
    status_message,
)

DELIVERY_TROUBLE = (
    "Your order was received, but its addendum or an email could not be sent yet; "
    "it is waiting for our staff to retry."
)


def test_attention_needed_follows_its_reason():
    # A failed job of fulfilment leaves no reason on the order: the addendum or an email is the trouble.
    assert status_message(OrderStatus.ATTENTION_NEEDED) == DELIVERY_TROUBLE
    assert status_message(OrderStatus.ATTENTION_NEEDED, None) == DELIVERY_TROUBLE
    # A scheduled order that found its customer changed records why; the submitter is told that.
    reason = (
        "The customer was changed by other means after order CO-1 was submitted (seats 50 at submit, 45 now)."
    )
    assert status_message(OrderStatus.ATTENTION_NEEDED, reason) == CUSTOMER_CHANGED
    assert CUSTOMER_CHANGED == (
        "Your order did not take effect: the customer was changed by other means before its effective date, "
        "so the change was not applied. Our staff have been told; review the change again if it is still wanted."
    )
    assert "email" not in CUSTOMER_CHANGED


@pytest.mark.parametrize(
    "status", [s for s in OrderStatus if s not in (OrderStatus.ATTENTION_NEEDED, OrderStatus.CANCELLED)]
)
def test_a_reason_changes_no_other_status(status):
    assert status_message(status, "anything") == status_message(status)


def test_a_stopped_order_closed_by_staff_says_it_was_not_applied():
    """Cancelled by its partner before the date, or closed by staff after it stopped: two sentences."""
    assert (
        status_message(OrderStatus.CANCELLED, "changed")
        == CLOSED_NOT_APPLIED
        == (
            "Your order was not applied: the customer was changed by other means before its effective date, "
            "and the order was closed. Review the change again if it is still wanted."
        )
    )
    assert status_message(OrderStatus.CANCELLED) == (
        "Your order was cancelled before its effective date; it will not take effect."
    )


def test_order_status_message_reads_the_order():
    stopped = Order(status=OrderStatus.ATTENTION_NEEDED, attention_reason="changed")
    failed = Order(status=OrderStatus.ATTENTION_NEEDED, attention_reason=None)
    assert (order_status_message(stopped), order_status_message(failed)) == (
        CUSTOMER_CHANGED,
        DELIVERY_TROUBLE,
    )
