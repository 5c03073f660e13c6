"""What the API says of an order's emails: status, attempts, and a generic reason for a failure."""

from __future__ import annotations

from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, Delivery, DeliveryKind, DeliveryStatus
from tests.support.orders import make_completed_order

QUERY = "query($id: ID!) { order(id: $id) { deliveries { kind status attempts lastError } } }"
RAW_REFUSAL = "SendError: SMTP 550 5.1.1 <lena@northwind.example>: unknown at mx7.internal.example (rcpt)"
RAW_UNREACHABLE = "SendError: SMTPConnectNetworkError: [Errno 111] Connection refused: None"


async def test_last_error_is_a_generic_reason_and_never_the_mail_servers_reply(api):
    order = await make_completed_order(await Customer.get(account_code="FAB-001"))
    await Delivery.filter(order_id=order.id, kind=DeliveryKind.SUBMITTER_ADDENDUM).update(
        status=DeliveryStatus.FAILED, attempts=8, last_error=RAW_REFUSAL
    )
    await Delivery.filter(order_id=order.id, kind=DeliveryKind.IMPLEMENTATION_LEAD).update(
        status=DeliveryStatus.PENDING, attempts=2, last_error=RAW_UNREACHABLE
    )
    for token in ("alice", "finance"):
        data = await api.gql(QUERY, {"id": encode_id("Order", order.id)}, token=token)
        assert data["order"]["deliveries"] == [
            {
                "kind": "SUBMITTER_ADDENDUM",
                "status": "FAILED",
                "attempts": 8,
                "lastError": "the mail server refused the recipient",
            },
            {
                "kind": "IMPLEMENTATION_LEAD",
                "status": "PENDING",
                "attempts": 2,
                "lastError": "the mail server could not be reached",
            },
        ]
    # Staff still have the reply itself.
    assert (
        await Delivery.get(order_id=order.id, kind=DeliveryKind.SUBMITTER_ADDENDUM)
    ).last_error == RAW_REFUSAL


async def test_a_sent_email_has_no_last_error(api):
    order = await make_completed_order(await Customer.get(account_code="FAB-001"))
    data = await api.gql(QUERY, {"id": encode_id("Order", order.id)})
    assert [d["lastError"] for d in data["order"]["deliveries"]] == [None, None]
