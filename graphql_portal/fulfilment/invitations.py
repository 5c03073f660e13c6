"""Invitation and password-reset emails: the worker's SEND_INVITATION step.

`auth.queue_invitation` writes the job in the transaction that owes it (`createUser`,
`resendInvitation`); "forgot password" queues one for an address (`auth.request_password_reset`),
and only here is it decided whether an active user has that address. The link's token is made
only here, when the email is sent, so no usable token is ever stored (the database keeps its
hash). A retried send issues a new link, which voids the one in any earlier attempt's email: the
newest email's link always works.
"""

from __future__ import annotations

import uuid

import emails

from ..auth import INVITATION_TTL, INVITE, RESET, invitation_path, issue_invitation, reset_recipient
from ..email_addresses import InvalidEmail, parse_email
from ..models import Job, PartnerUser, UserStatus
from ..observability import set_log_field
from ..settings import Settings
from .mail import SENDER_NAME, InvalidRecipient, OutgoingMail, deliver
from .templating import one_line, templates


def build_invitation(
    user: PartnerUser, partner: str, reason: str, token: str, settings: Settings
) -> OutgoingMail:
    """The email with the link (pure: no I/O); `InvalidRecipient` when the stored address is not
    one we send to. Only the validated form of the address is handed to the mail server."""
    try:
        recipient = parse_email(user.email).ascii
    except InvalidEmail as exc:
        raise InvalidRecipient(f"{InvalidRecipient.PREFIX}: {exc}") from None
    context = {
        "recipient": user,
        "partner": partner,
        "reason": reason,
        "link": settings.base_url + invitation_path(token),
        "signin_url": settings.base_url + "/",
        "hours": int(INVITATION_TTL.total_seconds() // 3600),
    }
    subject = "Reset your partner portal password" if reason == RESET else "Your partner portal account"
    message = emails.Message(
        subject=subject,
        mail_from=(SENDER_NAME, settings.mail_from),
        mail_to=[(one_line(user.name)[:200], recipient)],
        html=templates.get_template("email_invitation.html").render(context),
        text=templates.get_template("email_invitation.txt").render(context),
    )
    eml_name = f"{reason}-{user.id}-{uuid.uuid4().hex[:8]}.eml"
    return OutgoingMail(message=message, recipient=recipient, eml_name=eml_name)


async def run_invitation_job(job: Job, settings: Settings) -> str:
    """The SEND_INVITATION step of the worker; returns what it did, for the log."""
    reason = job.payload.get("reason", INVITE)
    set_log_field("email", reason)
    if "email_key" in job.payload:  # "forgot password", asked for an address
        user = await reset_recipient(str(job.payload["email_key"]))
        if user is None:
            return "not sent: no active user has this address"
    else:
        user = await PartnerUser.filter(id=int(job.payload["user_id"])).select_related("partner").first()
    if user is None or user.status is UserStatus.DEACTIVATED:
        return "not sent: the user is gone or deactivated"
    if reason == INVITE and user.status is UserStatus.ACTIVE:
        return "not sent: the user has chosen a password already"
    # Checked before a link is issued, so a bad address does not void a working link.
    build_invitation(user, user.partner.name, reason, "-", settings)
    token = await issue_invitation(user)
    mail = build_invitation(user, user.partner.name, reason, token, settings)
    return await deliver(mail, settings)
