"""Mail goes only to the validated form of a stored address, whatever was stored before."""

from __future__ import annotations

from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Order,
    OrderStatus,
    Partner,
    PartnerUser,
    UserRole,
)
from tests.support.demo import LEAD
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order


async def legacy_user(email: str) -> PartnerUser:
    """A user stored as it was before addresses were validated: the text as typed."""
    partner = await Partner.get(name="Northwind Managed IT")
    return await PartnerUser.create(
        partner=partner, name="Legacy", email=email, email_key=email.lower(), role=UserRole.ORDERING
    )


async def fulfil(db, smtp, tmp_path, submitter: str) -> Order:
    await legacy_user(submitter)
    order = await write_fabrikam_order(submitter_email=submitter.lower())
    await Worker(make_settings(db.url, tmp_path, smtp_port=smtp.port), "w1").run_once()
    return await Order.get(id=order.id)


async def test_an_address_that_smuggles_another_is_never_sent_to(db, smtp, tmp_path):
    for n, hostile in enumerate(("x<carl@contoso.example>.y", "eve2,bob@evil.example")):
        order = await fulfil(db, smtp, tmp_path / str(n), hostile)
        submitter = await Delivery.get(order_id=order.id, kind=DeliveryKind.SUBMITTER_ADDENDUM)
        assert submitter.status is DeliveryStatus.FAILED
        assert submitter.last_error.startswith("the recipient's address is not valid: "), submitter.last_error
        assert order.status is OrderStatus.ATTENTION_NEEDED
    # Only the implementation lead's emails went out, to the lead alone.
    assert [m.rcpt_tos for m in smtp.mailbox.messages] == [[LEAD], [LEAD]]


async def test_a_stored_address_is_sent_to_in_its_normalized_ascii_form(db, smtp, tmp_path):
    order = await fulfil(db, smtp, tmp_path, "  Nora@Bücher.EXAMPLE ")
    assert order.status is OrderStatus.COMPLETED
    assert sorted(m.rcpt_tos[0] for m in smtp.mailbox.messages) == sorted(
        [LEAD, "Nora@xn--bcher-kva.example"]
    )
