"""Reviews and orders with a partner reference and an effective date, on a clock that stands still.

Defaults and refusals at their field, the worked example's proration, a customer with a pending
order, a review that crosses midnight, applying on the date and cancelling before it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from graphql_portal.fulfilment.followups import queue_cancellation, queue_fulfilment
from graphql_portal.models import (
    Customer,
    CustomerProduct,
    CustomerStatus,
    Delivery,
    DeliveryKind,
    Job,
    JobKind,
    JobState,
    Order,
    OrderStatus,
)
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.schedule import apply_scheduled, cancel_order
from graphql_portal.ordering.status_messages import CUSTOMER_CHANGED
from graphql_portal.ordering.submit import submit_upgrade
from tests.support.demo import customer, principal
from tests.support.upgrades import KEEP, SELECT_NEW, codes, request_for

ALICE = "alice@northwind.example"
MON_16 = dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC)
F_DATE = ("input", "effectiveOn")
F_REF = ("input", "partnerReference")


async def review(code="FAB-001", *, now=MON_16, who=ALICE, **kwargs):
    request = await request_for(code, **{k: v for k, v in kwargs.items() if k not in ("reference", "on")})
    request = type(request)(
        **{**request.__dict__, "partner_reference": kwargs.get("reference"), "effective_on": kwargs.get("on")}
    )
    return await review_upgrade(await principal(who), request, now=now)


async def fabrikam(now=MON_16, **kwargs):
    return await review(now=now, seats=10, mode=SELECT_NEW, sku="SEG-PRO", addons=("ADD-IMP",), **kwargs)


async def submit(review_id, now, who=ALICE):
    return await submit_upgrade(
        await principal(who),
        review_id,
        confirm_msa=True,
        confirm_authorized=True,
        queue_followups=queue_fulfilment,
        now=now,
    )


async def held(code: str) -> list[str]:
    target = await customer(code)
    return sorted(await CustomerProduct.filter(customer_id=target.id).values_list("product__sku", flat=True))


async def test_the_worked_example_shows_49_40_on_the_16th_of_november(db):
    outcome = await fabrikam(reference="  PO-2026-1187 ")
    assert outcome.errors == []
    stored = outcome.review
    assert (stored.partner_reference, stored.effective_on) == ("PO-2026-1187", dt.date(2026, 11, 16))
    assert stored.prorated_charge == Decimal("49.40")

    order = (await submit(stored.id, MON_16 + dt.timedelta(minutes=5))).order
    assert (order.partner_reference, order.effective_on, order.prorated_charge) == (
        "PO-2026-1187",
        dt.date(2026, 11, 16),
        Decimal("49.40"),
    )
    assert order.applied_at == MON_16 + dt.timedelta(minutes=5)
    assert (await customer("FAB-001")).seats == 60
    assert not await Job.filter(order_id=order.id, kind=JobKind.APPLY_CHANGE).exists()


async def test_no_date_means_today_and_a_seat_decrease_the_first_of_next_month(db):
    increase = await review("TAIL-002", seats=5)
    decrease = await review("SMP-001", seats=-1)
    assert increase.review.effective_on == dt.date(2026, 11, 16)
    assert decrease.review.effective_on == dt.date(2026, 12, 1)
    assert decrease.review.prorated_charge == Decimal("0.00")


async def test_forbidden_dates_are_refused_at_their_field(db):
    cases = [
        dict(seats=5, on=dt.date(2026, 11, 15)),
        dict(seats=5, on=dt.date(2026, 12, 18)),
        dict(seats=-1, on=dt.date(2026, 11, 20)),
        dict(seats=-1, on=dt.date(2026, 11, 16)),
    ]
    for case in cases:
        outcome = await review("SMP-002", **case)
        assert codes(outcome.errors) == [("EFFECTIVE_DATE_NOT_ALLOWED", F_DATE)], case
    assert (await review("SMP-002", seats=5, on=dt.date(2026, 12, 17))).errors == []


async def test_a_bad_reference_is_refused_beside_other_errors_in_field_order(db):
    outcome = await review("SMP-003", seats=2, reference="PO\n1", on=dt.date(2026, 11, 1))
    assert codes(outcome.errors) == [
        ("INVALID_INPUT", F_REF),
        ("EFFECTIVE_DATE_NOT_ALLOWED", F_DATE),
    ]


async def test_a_scheduled_order_leaves_the_customer_until_its_date_then_applies_once(db):
    reviewed = await fabrikam(on=dt.date(2026, 11, 20), reference="PO-4711")
    # R = 30 - 20 + 1 = 11 of 30: 55.00 + 8.80 + 1.76 - 29.33
    assert reviewed.review.prorated_charge == Decimal("36.23")
    before = await customer("FAB-001")
    order = (await submit(reviewed.review.id, MON_16 + dt.timedelta(minutes=1))).order
    assert (order.applied_at, order.effective_on) == (None, dt.date(2026, 11, 20))
    after_submit = await customer("FAB-001")
    assert (after_submit.seats, after_submit.version) == (50, before.version)
    assert await held("FAB-001") == ["ADD-URL", "SEG-ESS"]
    job = await Job.get(order_id=order.id, kind=JobKind.APPLY_CHANGE)
    assert job.run_after == dt.datetime(2026, 11, 20, tzinfo=dt.UTC)

    # A second change is refused while this one is pending, naming the order and its date.
    second = await review(seats=1)
    assert codes(second.errors) == [("CHANGE_PENDING", ("input", "customerId"))]
    assert order.number in second.errors[0].message and "2026-11-20" in second.errors[0].message

    early = await apply_scheduled(order.id, dt.datetime(2026, 11, 19, 23, 59, tzinfo=dt.UTC))
    assert early.due_at == dt.datetime(2026, 11, 20, tzinfo=dt.UTC) and not early.applied
    assert (await customer("FAB-001")).seats == 50

    on_the_day = dt.datetime(2026, 11, 20, 0, 0, 5, tzinfo=dt.UTC)
    assert (await apply_scheduled(order.id, on_the_day)).applied
    again = await apply_scheduled(order.id, on_the_day + dt.timedelta(hours=1))
    assert not again.applied and again.done.startswith("already applied")
    applied = await customer("FAB-001")
    assert (applied.seats, applied.version) == (60, before.version + 1)
    assert await held("FAB-001") == ["ADD-IMP", "ADD-URL", "SEG-PRO"]
    assert (await Order.get(id=order.id)).applied_at == on_the_day

    late = await cancel_order(
        await principal(ALICE), order.id, queue_cancellation=queue_cancellation, now=on_the_day
    )
    assert codes(late.errors) == [("NOT_CANCELLABLE", ("input", "orderId"))]


async def documents_out(order: Order) -> None:
    """As the worker leaves an order effective later once its addendum and both emails are out."""
    await Order.filter(id=order.id).update(status=OrderStatus.SCHEDULED)


async def test_only_a_scheduled_order_can_be_cancelled(db):
    """Not while PROCESSING (the addendum and the emails are still going out), nor when it
    needs attention (staff close those)."""
    reviewed = await fabrikam(on=dt.date(2026, 12, 1))
    order = (await submit(reviewed.review.id, MON_16)).order
    assert (await Order.get(id=order.id)).status is OrderStatus.PROCESSING
    reasons = {
        OrderStatus.PROCESSING: "is still being processed; it can be cancelled once its addendum and "
        "emails are out and it is scheduled.",
        OrderStatus.ATTENTION_NEEDED: "needs attention from our staff, who close it if it cannot go ahead; "
        "only a scheduled order can be cancelled.",
    }
    for status, reason in reasons.items():
        await Order.filter(id=order.id).update(status=status)
        refused = await cancel_order(
            await principal(ALICE), order.id, queue_cancellation=queue_cancellation, now=MON_16
        )
        assert codes(refused.errors) == [("NOT_CANCELLABLE", ("input", "orderId"))], status
        assert refused.errors[0].message == f"Order {order.number} {reason}"
        kept = await Order.get(id=order.id)
        assert (kept.status, kept.cancelled_at) == (status, None)
        assert await Delivery.filter(order_id=order.id, kind=DeliveryKind.CANCELLATION).count() == 0
        assert (await Job.get(order_id=order.id, kind=JobKind.APPLY_CHANGE)).state is JobState.PENDING
    await documents_out(order)
    done = await cancel_order(
        await principal(ALICE), order.id, queue_cancellation=queue_cancellation, now=MON_16
    )
    assert done.errors == [] and (await Order.get(id=order.id)).status is OrderStatus.CANCELLED


async def test_cancel_before_the_date_leaves_the_customer_and_emails_the_submitter(db):
    reviewed = await fabrikam(on=dt.date(2026, 12, 1))
    order = (await submit(reviewed.review.id, MON_16, who="oscar@northwind.example")).order
    await documents_out(order)
    before = await customer("FAB-001")

    viewer = await cancel_order(
        await principal("vera@northwind.example"), order.id, queue_cancellation=queue_cancellation, now=MON_16
    )
    assert codes(viewer.errors) == [("FORBIDDEN", None)]
    other = await cancel_order(
        await principal("carl@contoso.example"), order.id, queue_cancellation=queue_cancellation, now=MON_16
    )
    assert codes(other.errors) == [("NOT_FOUND", ("input", "orderId"))]

    at = MON_16 + dt.timedelta(days=1)
    outcome = await cancel_order(
        await principal(ALICE), order.id, queue_cancellation=queue_cancellation, now=at
    )
    assert outcome.errors == []
    cancelled = await Order.get(id=order.id)
    assert (cancelled.status, cancelled.cancelled_at, cancelled.updated_at) == (OrderStatus.CANCELLED, at, at)
    assert await Customer.get(id=before.id).values_list("seats", "version") == (50, before.version)
    email = await Delivery.get(order_id=order.id, kind=DeliveryKind.CANCELLATION)
    assert email.recipient == "oscar@northwind.example"
    apply_job = await Job.get(order_id=order.id, kind=JobKind.APPLY_CHANGE)
    assert apply_job.state is JobState.DONE

    twice = await cancel_order(
        await principal(ALICE), order.id, queue_cancellation=queue_cancellation, now=at
    )
    assert codes(twice.errors) == [("NOT_CANCELLABLE", ("input", "orderId"))]
    # Nothing is pending any more: the customer can be reviewed again, and the date changes nothing.
    assert (await review(seats=1, now=at)).errors == []
    assert not (await apply_scheduled(order.id, dt.datetime(2026, 12, 1, 1, tzinfo=dt.UTC))).applied
    assert (await customer("FAB-001")).seats == 50


async def test_a_customer_changed_by_other_means_stops_the_scheduled_order(db):
    reviewed = await fabrikam(on=dt.date(2026, 11, 20))
    order = (await submit(reviewed.review.id, MON_16)).order
    target = await customer("FAB-001")
    await Customer.filter(id=target.id).update(seats=45, version=target.version + 1)

    outcome = await apply_scheduled(order.id, dt.datetime(2026, 11, 20, 0, 1, tzinfo=dt.UTC))
    assert not outcome.applied
    assert outcome.conflict == (
        f"The customer was changed by other means after order {order.number} was submitted "
        "(seats 50 at submit, 45 now); the change of 2026-11-20 was not applied."
    )
    stopped = await Order.get(id=order.id)
    assert (stopped.status, stopped.attention_reason, stopped.applied_at) == (
        OrderStatus.ATTENTION_NEEDED,
        outcome.conflict,
        None,
    )
    assert (await customer("FAB-001")).seats == 45
    # Submitting the review again answers with the order and the real reason it needs attention.
    again = await submit(reviewed.review.id, dt.datetime(2026, 11, 20, 0, 2, tzinfo=dt.UTC))
    assert again.order.id == order.id
    assert again.message == CUSTOMER_CHANGED


async def test_a_customer_suspended_before_the_date_stops_the_scheduled_order(db):
    """Even a suspension written without moving the customer's version is not overridden."""
    reviewed = await fabrikam(on=dt.date(2026, 11, 20))
    order = (await submit(reviewed.review.id, MON_16)).order
    target = await customer("FAB-001")
    await Customer.filter(id=target.id).update(status=CustomerStatus.SUSPENDED)

    outcome = await apply_scheduled(order.id, dt.datetime(2026, 11, 20, 0, 1, tzinfo=dt.UTC))
    assert not outcome.applied
    assert outcome.conflict == (
        f"The customer was changed by other means after order {order.number} was submitted "
        "(status SUSPENDED); the change of 2026-11-20 was not applied."
    )
    after = await customer("FAB-001")
    assert (after.seats, after.version, after.status) == (50, target.version, CustomerStatus.SUSPENDED)
    assert (await Order.get(id=order.id)).status is OrderStatus.ATTENTION_NEEDED


async def test_a_review_whose_date_passed_by_submit_is_stale(db):
    late_evening = dt.datetime(2026, 11, 16, 23, 50, tzinfo=dt.UTC)
    reviewed = await review("TAIL-002", seats=5, now=late_evening)
    assert reviewed.review.effective_on == dt.date(2026, 11, 16)
    outcome = await submit(reviewed.review.id, late_evening + dt.timedelta(minutes=15))
    assert codes(outcome.errors) == [("REVIEW_STALE", ("input", "reviewId"))]
    assert "2026-11-16" in outcome.errors[0].message
    assert await Order.filter(review_id=reviewed.review.id).count() == 0


async def test_a_review_made_before_a_scheduled_order_cannot_be_submitted_after_it(db):
    first = await fabrikam(on=dt.date(2026, 11, 20))
    second = await review(seats=3, mode=KEEP)
    assert (await submit(first.review.id, MON_16)).errors == []
    outcome = await submit(second.review.id, MON_16)
    assert codes(outcome.errors) == [("CHANGE_PENDING", ("input", "reviewId"))]
