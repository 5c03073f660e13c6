"""Partners learn what kind of failure an email met; the mail server's own reply stays with staff."""

from __future__ import annotations

import pytest

from graphql_portal.fulfilment.mail import public_reason
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import Delivery, DeliveryKind, Job, JobKind, JobState
from tests.support.demo import LEAD, SUBMITTER
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order
from tests.support.ports import free_port


async def lead_delivery_after_one_attempt(db, tmp_path, smtp_port: int) -> Delivery:
    order = await write_fabrikam_order()
    settings = make_settings(db.url, tmp_path, smtp_port=smtp_port, job_max_attempts=1)
    await Worker(settings, "w1").run_once()
    return await Delivery.get(order_id=order.id, kind=DeliveryKind.IMPLEMENTATION_LEAD)


async def test_a_refused_recipient(db, smtp, tmp_path):
    smtp.mailbox.refuse_recipients[LEAD] = (
        "550 5.1.1 <lena@northwind.example>: unknown at mx7.internal.example"
    )
    delivery = await lead_delivery_after_one_attempt(db, tmp_path, smtp.port)
    assert delivery.last_error == (
        "SendError: SMTP 550 5.1.1 <lena@northwind.example>: unknown at mx7.internal.example (rcpt)"
    )
    assert public_reason(delivery.last_error) == "the mail server refused the recipient"


async def test_a_recipient_put_off_for_now(db, smtp, tmp_path):
    smtp.mailbox.refuse_recipients[LEAD] = "451 4.7.1 greylisted by policy-3.internal.example"
    delivery = await lead_delivery_after_one_attempt(db, tmp_path, smtp.port)
    assert "policy-3.internal.example" in delivery.last_error
    assert public_reason(delivery.last_error) == "the mail server asked to try again later"


async def test_a_mail_server_nobody_answers_for(db, tmp_path):
    delivery = await lead_delivery_after_one_attempt(db, tmp_path, free_port())
    assert "Connection refused" in delivery.last_error
    assert public_reason(delivery.last_error) == "the mail server could not be reached"


async def test_an_addendum_that_failed_and_an_invalid_address(db, smtp, tmp_path):
    order = await write_fabrikam_order()
    await Job.filter(order_id=order.id, kind=JobKind.RENDER_ADDENDUM).update(
        state=JobState.FAILED, last_error="RenderError: font missing in /srv/portal/fonts"
    )
    await Delivery.filter(order_id=order.id, kind=DeliveryKind.IMPLEMENTATION_LEAD).update(
        recipient="x<carl@contoso.example>.y"
    )
    await Worker(make_settings(db.url, tmp_path, smtp_port=smtp.port), "w1").run_once()
    reasons = {
        d.kind: (d.recipient, public_reason(d.last_error)) for d in await Delivery.filter(order_id=order.id)
    }
    assert reasons == {
        DeliveryKind.SUBMITTER_ADDENDUM: (SUBMITTER, "the addendum could not be filed"),
        DeliveryKind.IMPLEMENTATION_LEAD: (
            "x<carl@contoso.example>.y",
            "the recipient's address is not valid",
        ),
    }


@pytest.mark.parametrize(
    ("stored", "reason"),
    [
        (None, None),
        (
            "SendError: SMTP 554 5.7.1 Message rejected as spam by filter 12 (data)",
            "the mail server refused the message",
        ),
        (
            "SendError: SMTP 421 4.3.2 System not accepting network messages (connect)",
            "the mail server asked to try again later",
        ),
        ("SendError: TimeoutError: timed out", "the mail server could not be reached"),
        (
            "SendError: SMTPConnectNetworkError: [Errno 111] Connection refused: None",
            "the mail server could not be reached",
        ),
        ("SendError: gaierror: [Errno -2] Name or service not known", "the mail server could not be reached"),
        (
            "SendError: SSLCertVerificationError: (1, '[SSL: CERTIFICATE_VERIFY_FAILED]')",
            "the mail server could not be reached",
        ),
        (
            "SendError: SMTPServerDisconnected: Connection unexpectedly closed",
            "the mail server could not be reached",
        ),
        (
            "SendError: SMTPAuthenticationError: (535, b'5.7.8 bad credentials for relay-user')",
            "the email could not be sent",
        ),
        ("OSError: [Errno 28] No space left on device: '/var/portal/mail'", "the email could not be sent"),
    ],
)
def test_every_stored_form_has_a_generic_reason(stored, reason):
    assert public_reason(stored) == reason
