"""The emails an order owes: the submitter's (with the addendum) and the implementation lead's, and
when it is cancelled, the cancellation to each of them.

Messages are built with the `emails` package from autoescaped Jinja templates and carry the
delivery's stored Message-ID, so a message sent again after a crash can be recognised as the
same one. They go over SMTP when `PORTAL_SMTP_URL` is set, else into `.eml` files (one file per
delivery, rewritten in place). Header values are reduced to one printable line first: a name
with CR/LF must neither inject headers nor make the send fail.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

import aiosmtplib
import emails
from emails.backend.smtp.aio_backend import AsyncSMTPBackend
from tortoise.expressions import F

from ..email_addresses import InvalidEmail, parse_email
from ..files import private_dir
from ..ids import encode_id
from ..models import (
    Attachment,
    AttachmentKind,
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Job,
    JobKind,
    JobState,
)
from ..observability import set_log_field
from ..settings import Settings, SmtpConfig
from .addendum import AddendumData, load_addendum_data
from .attachments import Location, read_verified
from .downloads import attachment_url
from .queue import Blocked, Deferred, error_text, utcnow
from .templating import one_line, templates

SENDER_NAME = "Partner Portal Orders"
SMTP_TIMEOUT_SECONDS = 30
QUIT_TIMEOUT_SECONDS = 1.0
ADDENDUM_WAIT_MAX_SECONDS = 5.0
ADDENDUM_FAILED = "the addendum could not be filed"
# The emails that say an order will not take effect: to the submitter, and to the lead.
CANCELLATIONS = (DeliveryKind.CANCELLATION, DeliveryKind.LEAD_CANCELLATION)


class SendError(RuntimeError):
    """The SMTP server did not accept the message; the text says what it answered.

    `permanent` when it refused with a 5xx reply: sending the same message again would be refused
    again, so the job fails at once (staff see it and can retry after fixing the cause)."""

    def __init__(self, message: str, *, permanent: bool = False) -> None:
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class OutgoingMail:
    """A built message and where it goes."""

    message: emails.Message
    recipient: str
    eml_name: str


def _header(value: str, limit: int = 200) -> str:
    return one_line(value)[:limit]


# Exceptions that mean the SMTP conversation never got going (refused, unresolvable, timed out,
# dropped, or the server's certificate did not verify).
_UNREACHABLE = re.compile(
    r"^SendError: (Connection\w*Error|TimeoutError|timeout|gaierror|herror|OSError|socket\.\w+"
    r"|SMTPConnectNetworkError|SMTPConnectError|SMTPConnectTimeoutError|SMTPConnectResponseError"
    r"|SMTPTimeoutError|SMTPReadTimeoutError|SMTPServerDisconnected|SSL\w*Error)\b"
)
_SMTP_REPLY = re.compile(r"^SendError: SMTP (?P<code>\d{3}) .*\((?P<command>\w+)\)$", re.DOTALL)


def public_reason(last_error: str | None) -> str | None:
    """What a partner is told of a delivery's last failure: a short, generic reason.

    `last_error` keeps the mail server's own reply (host names, policy texts, other addresses)
    for staff in the admin; partners learn only what kind of failure it was.
    """
    if last_error is None:
        return None
    if last_error.startswith(InvalidRecipient.PREFIX):
        return "the recipient's address is not valid"
    if last_error.startswith(ADDENDUM_FAILED):
        return "the addendum could not be filed"
    reply = _SMTP_REPLY.match(last_error)
    if reply:
        if reply["code"].startswith("4"):
            return "the mail server asked to try again later"
        if reply["command"] == "rcpt":
            return "the mail server refused the recipient"
        return "the mail server refused the message"
    if _UNREACHABLE.match(last_error):
        return "the mail server could not be reached"
    return "the email could not be sent"


class InvalidRecipient(Blocked):
    """The delivery's address is not one we send to (stored before addresses were validated)."""

    PREFIX = "the recipient's address is not valid"


def recipient_address(delivery: Delivery) -> str:
    """The address the mail server is given: only ever the validated form of the stored one.

    Handing the stored text over as it is let `x<carl@contoso.example>.y` reach carl, and
    `eve2,bob@evil.example` reach a local mailbox `eve2`.
    """
    try:
        return parse_email(delivery.recipient).ascii
    except InvalidEmail as exc:
        raise InvalidRecipient(f"{InvalidRecipient.PREFIX}: {exc}") from None


def order_url(settings: Settings, order_id: int) -> str:
    """The order's own page in the partner portal (through Sign in when there is no session)."""
    return f"{settings.base_url}/orders/{encode_id('Order', order_id)}"


def build_message(
    delivery: Delivery, data: AddendumData, addendum: Attachment | None, settings: Settings
) -> OutgoingMail:
    """The email of one delivery, ready to send (pure: no I/O); `InvalidRecipient` if it cannot be."""
    recipient = recipient_address(delivery)
    if delivery.kind in CANCELLATIONS:
        person, template, subject = (
            data.submitter if delivery.kind is DeliveryKind.CANCELLATION else data.implementation_lead,
            "email_cancelled",
            f"Order {data.number} for {data.customer}: "
            + ("not applied, closed" if data.attention_reason else "cancelled"),
        )
    elif delivery.kind is DeliveryKind.SUBMITTER_ADDENDUM:
        person, template, subject = (
            data.submitter,
            "email_submitter",
            f"Order {data.number} for {data.customer}: your addendum",
        )
    else:
        person, template, subject = (
            data.implementation_lead,
            "email_lead",
            f"Order {data.number} for {data.customer}: you are the implementation lead",
        )
    context = {
        "order": data,
        "recipient": person,
        "addendum_url": attachment_url(settings, addendum.id) if addendum else None,
        "order_url": order_url(settings, data.order_id),
        "addendum_filename": addendum.filename if addendum else None,
        "to_lead": delivery.kind is DeliveryKind.LEAD_CANCELLATION,
    }
    message = emails.Message(
        subject=_header(subject),
        mail_from=(SENDER_NAME, settings.mail_from),
        mail_to=[(_header(person.name), recipient)],
        message_id=delivery.message_id,
        html=templates.get_template(f"{template}.html").render(context),
        text=templates.get_template(f"{template}.txt").render(context),
        headers={"X-Portal-Order": data.number},
    )
    if delivery.kind is DeliveryKind.SUBMITTER_ADDENDUM:
        message.attach(data=bytes(addendum.data), filename=addendum.filename, mime_type=addendum.content_type)
    eml_name = f"{data.number}-{delivery.kind.value.lower().replace('_', '-')}.eml"
    return OutgoingMail(message=message, recipient=recipient, eml_name=eml_name)


def _describe(response: object) -> str:
    """The server's answer (`SMTP 550 5.1.1 ... (rcpt)`), or the error when there was none."""
    if response is None:
        return "no response from the SMTP backend"
    code = getattr(response, "status_code", None)
    if code is not None:
        text = getattr(response, "status_text", b"") or b""
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        return f"SMTP {code} {text} ({getattr(response, 'last_command', None) or 'connect'})"
    error = getattr(response, "error", None)
    if isinstance(error, OSError) and error.errno:  # no connection: name the reason in words
        reason = os.strerror(error.errno)
        detail = f": {error.strerror}" if error.strerror and error.strerror != reason else ""
        return f"{type(error).__name__}: [Errno {error.errno}] {reason}{detail}"
    return error_text(error) if error else "the SMTP server did not accept the message"


def _refusal_code(response: object) -> int | None:
    """The SMTP reply code that refused the message: a command's status, or the reply an
    exception carries (a login refused with 535)."""
    code = getattr(response, "status_code", None)
    if isinstance(code, int):
        return code
    error = getattr(response, "error", None)
    code = getattr(error, "code", None)
    return code if isinstance(code, int) else None


async def smtp_send(mail: OutgoingMail, smtp: SmtpConfig) -> None:
    """Send over SMTP with `emails`' own async sending (aiosmtplib); raise `SendError` unless the
    server accepted the message (`permanent` when it refused with a 5xx reply).

    aiosmtplib verifies the server's certificate and host name on STARTTLS and SSL against the
    system's CA bundle (`SSL_CERT_FILE` adds a private CA). `send_async` never raises on an SMTP
    refusal, so the response is checked. A fresh connection per message.
    """
    backend = AsyncSMTPBackend(
        host=smtp.host,
        port=smtp.port,
        ssl=smtp.ssl,
        tls=smtp.starttls,
        user=smtp.username,
        password=smtp.password,
        timeout=SMTP_TIMEOUT_SECONDS,
        fail_silently=True,
    )
    try:
        response = await mail.message.send_async(smtp=backend)
    except (aiosmtplib.SMTPException, OSError) as exc:  # dropped mid-conversation
        raise SendError(error_text(exc)) from exc
    finally:
        # QUIT politely, but never wait long: a stopping worker cancels a send that hangs.
        with contextlib.suppress(Exception):
            await asyncio.wait_for(backend.close(), QUIT_TIMEOUT_SECONDS)
    if response is None or not response.success:
        code = _refusal_code(response)
        raise SendError(_describe(response), permanent=code is not None and 500 <= code < 600)


def write_eml(mail: OutgoingMail, mail_dir: Path) -> Path:
    """Write the message as an `.eml` file, atomically, replacing the same delivery's earlier file."""
    private_dir(mail_dir)
    target = mail_dir / mail.eml_name
    fd, tmp = tempfile.mkstemp(dir=mail_dir, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(mail.message.as_bytes())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


async def deliver(mail: OutgoingMail, settings: Settings) -> str:
    """Send or file one message; returns where it went."""
    smtp = settings.smtp
    if smtp is None:  # file I/O: off the event loop
        return f"written to {await asyncio.to_thread(write_eml, mail, settings.mail_dir)}"
    await smtp_send(mail, smtp)
    return f"sent to {mail.recipient} via {smtp.host}:{smtp.port}"


async def _addendum_or_wait(order_id: int, settings: Settings) -> Attachment:
    """The filed addendum; both emails point at it, so they wait until it is filed."""
    addendum = await Attachment.filter(order_id=order_id, kind=AttachmentKind.ADDENDUM).first()
    if addendum is not None:
        return addendum
    render = await Job.filter(order_id=order_id, kind=JobKind.RENDER_ADDENDUM).first()
    if render is not None and render.state is JobState.FAILED:
        raise Blocked(f"{ADDENDUM_FAILED}: {render.last_error or 'unknown error'}")
    # Filing the addendum wakes waiting emails, so this delay only bounds a lost wake-up; while
    # the render waits out an outage (of the attachment store), the emails wait as long.
    wait = min(settings.job_backoff_seconds, ADDENDUM_WAIT_MAX_SECONDS)
    if render is not None and render.state is JobState.PENDING:
        wait = max(wait, (render.run_after - settings.clock.now()).total_seconds())
    raise Deferred("waiting for the addendum", wait)


async def send_delivery(delivery_id: int, settings: Settings) -> str:
    """Send one delivery's email if it is not sent yet, recording the attempt on the delivery."""
    delivery = await Delivery.get(id=delivery_id)
    set_log_field("email", delivery.kind.value.lower())
    if delivery.status is DeliveryStatus.SENT:
        return "already sent"
    recipient_address(delivery)  # an address that will never do fails now, not after the wait
    # A cancellation says only that the order will not take effect: it waits for nothing.
    if delivery.kind in CANCELLATIONS:
        addendum = None
    else:
        addendum = await _addendum_or_wait(delivery.order_id, settings)
    if delivery.kind is DeliveryKind.SUBMITTER_ADDENDUM:
        # The bytes may live in an object store: read them, checked, into the row's instance.
        addendum.data = await read_verified(Location.of_row(addendum), settings)
    data = await load_addendum_data(delivery.order_id)
    mail = build_message(delivery, data, addendum, settings)
    try:
        outcome = await deliver(mail, settings)
    except Exception as exc:
        await Delivery.filter(id=delivery_id).update(
            attempts=F("attempts") + 1, last_error=error_text(exc), updated_at=utcnow()
        )
        raise
    now = utcnow()
    await Delivery.filter(id=delivery_id).update(
        status=DeliveryStatus.SENT, attempts=F("attempts") + 1, last_error=None, sent_at=now, updated_at=now
    )
    return outcome


async def run_send_job(job: Job, settings: Settings) -> str:
    """The SEND_EMAIL step of the worker; returns what it did, for the log."""
    return await send_delivery(int(job.payload["delivery_id"]), settings)
