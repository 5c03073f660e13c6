"""What an order owes after submit: the jobs and deliveries, written in the submit's own transaction.

`ordering.submit.submit_upgrade` takes `queue_fulfilment` as its `queue_followups` and calls it
inside the transaction that writes the order, so an order never exists without its jobs. For
each order: one RENDER_ADDENDUM job, two deliveries (the submitter's email with the addendum,
the implementation lead's email) and one SEND_EMAIL job per delivery. Each job's `dedupe_key`
and each delivery's `(order, kind)` are unique, so this can never be queued twice. The worker
sends the submitter's email only once the addendum is filed. An order effective later also gets
an APPLY_CHANGE job, not before 00:00 UTC of its effective date.

`queue_cancellation` is `ordering.schedule.cancel_order`'s port: the cancellation emails (the
submitter's, and the implementation lead's when that is someone else still active), and the
APPLY_CHANGE job retired, in the cancel's transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid

from tortoise.backends.base.client import BaseDBAsyncClient

from ..models import Delivery, DeliveryKind, Job, JobKind, JobState, Order, PartnerUser, UserStatus
from ..ordering.pending import takes_effect_at

MESSAGE_ID_DOMAIN = "graphql-portal"


def addendum_key(order_id: int) -> str:
    """The `dedupe_key` of an order's RENDER_ADDENDUM job."""
    return f"addendum:{order_id}"


def email_key(delivery_id: int) -> str:
    """The `dedupe_key` of a delivery's SEND_EMAIL job."""
    return f"email:{delivery_id}"


def apply_key(order_id: int) -> str:
    """The `dedupe_key` of a scheduled order's APPLY_CHANGE job."""
    return f"apply:{order_id}"


def message_id(order: Order, kind: DeliveryKind) -> str:
    return f"<order-{order.id}.{kind.value.lower()}.{uuid.uuid4().hex[:16]}@{MESSAGE_ID_DOMAIN}>"


async def _queue_email(
    order: Order, kind: DeliveryKind, recipient: str, now: dt.datetime, using_db: BaseDBAsyncClient | None
) -> None:
    """One email the order owes: its delivery row and the job that sends it, from `now` on."""
    delivery = await Delivery.create(
        order=order, kind=kind, recipient=recipient, message_id=message_id(order, kind), using_db=using_db
    )
    await Job.create(
        kind=JobKind.SEND_EMAIL,
        dedupe_key=email_key(delivery.id),
        payload={"delivery_id": delivery.id},
        order=order,
        run_after=now,
        using_db=using_db,
    )


async def queue_fulfilment(
    order: Order, submitter: PartnerUser, lead: PartnerUser, *, using_db: BaseDBAsyncClient | None = None
) -> None:
    """Write the jobs and deliveries `order` owes (call inside the submit transaction)."""
    now = order.submitted_at
    await Job.create(
        kind=JobKind.RENDER_ADDENDUM,
        dedupe_key=addendum_key(order.id),
        payload={"order_id": order.id},
        order=order,
        run_after=now,
        using_db=using_db,
    )
    for kind, recipient in (
        (DeliveryKind.SUBMITTER_ADDENDUM, submitter.email),
        (DeliveryKind.IMPLEMENTATION_LEAD, lead.email),
    ):
        await _queue_email(order, kind, recipient, now, using_db)
    if order.applied_at is None:
        await Job.create(
            kind=JobKind.APPLY_CHANGE,
            dedupe_key=apply_key(order.id),
            payload={"order_id": order.id},
            order=order,
            run_after=takes_effect_at(order.effective_on),
            using_db=using_db,
        )


async def queue_cancellation(order: Order, *, using_db: BaseDBAsyncClient | None = None) -> None:
    """The cancellation emails: the submitter's, and the implementation lead's unless the lead is
    the submitter (one email then) or deactivated (nobody to tell); the change the order would
    have applied is retired.

    For a scheduled order stopped on its date and closed by staff, the failed change is retired
    too, so nothing is left to retry.
    """
    now = order.cancelled_at
    if order.attention_reason is None:
        states, why = [JobState.PENDING], "cancelled before its date"
    else:
        states, why = [JobState.PENDING, JobState.FAILED], "closed without applying: the customer had changed"
    await (
        Job.filter(order_id=order.id, kind=JobKind.APPLY_CHANGE, state__in=states)
        .using_db(using_db)
        .update(state=JobState.DONE, last_error=why, updated_at=now)
    )
    submitter = await PartnerUser.filter(id=order.submitted_by_id).using_db(using_db).get()
    await _queue_email(order, DeliveryKind.CANCELLATION, submitter.email, now, using_db)
    lead = await PartnerUser.filter(id=order.implementation_lead_id).using_db(using_db).get()
    if lead.email_key != submitter.email_key and lead.status is not UserStatus.DEACTIVATED:
        await _queue_email(order, DeliveryKind.LEAD_CANCELLATION, lead.email, now, using_db)
