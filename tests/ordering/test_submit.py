"""submitUpgrade: the order it writes, and every refusal leaving the database untouched."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from graphql_portal.fulfilment.followups import queue_fulfilment
from graphql_portal.models import (
    Agreement,
    ContractedPrice,
    Customer,
    CustomerProduct,
    CustomerStatus,
    Delivery,
    DeliveryKind,
    Job,
    JobKind,
    Order,
    OrderStatus,
    PriceListItem,
    PriceListVersion,
    Product,
)
from graphql_portal.ordering.review import review_upgrade
from graphql_portal.ordering.submit import submit_upgrade
from tests.support.database import dump_tables
from tests.support.demo import customer, principal, user_id
from tests.support.upgrades import SELECT_NEW, codes, request_for

ALICE = "alice@northwind.example"
REVIEW = ("input", "reviewId")


async def reviewed(code: str = "FAB-001", who: str = ALICE, **kwargs):
    if not kwargs:
        kwargs = {"seats": 10, "mode": SELECT_NEW, "sku": "SEG-PRO", "addons": ("ADD-IMP",)}
    outcome = await review_upgrade(await principal(who), await request_for(code, **kwargs))
    assert outcome.errors == []
    return outcome.review


async def submit(review_id, who: str = ALICE, **kwargs):
    kwargs = {"confirm_msa": True, "confirm_authorized": True, "queue_followups": queue_fulfilment, **kwargs}
    return await submit_upgrade(await principal(who), review_id, **kwargs)


async def held(code: str) -> list[str]:
    target = await customer(code)
    return sorted(await CustomerProduct.filter(customer_id=target.id).values_list("product__sku", flat=True))


async def test_worked_example_order_records_the_review_and_updates_fabrikam(db):
    review = await reviewed()
    before = await customer("FAB-001")
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    outcome = await submit(review.id, now=now)
    assert outcome.errors == []
    order = await Order.get(id=outcome.order.id)
    assert order.number == f"CO-{order.id:07d}"
    assert order.status is OrderStatus.PROCESSING
    assert (order.submitted_at, order.updated_at, order.completed_at) == (now, now, None)
    assert (order.seats_before, order.seats_after) == (50, 60)
    assert (order.monthly_cost_before, order.monthly_cost_after, order.monthly_cost_change) == (
        Decimal("104.00"),
        Decimal("202.80"),
        Decimal("98.80"),
    )
    assert (order.lines_before, order.lines_after) == (review.lines_before, review.lines_after)
    assert [(ln["sku"], ln["monthly_amount"]) for ln in order.lines_after] == [
        ("SEG-PRO", "150.00"),
        ("ADD-IMP", "24.00"),
        ("ADD-URL", "28.80"),
    ]
    assert (order.currency, order.msa_reference, order.review_id) == ("USD", "MSA-2019-0042", review.id)
    assert order.submitted_by_id == await user_id(ALICE)
    assert order.implementation_lead_id == await user_id("lena@northwind.example")

    after = await customer("FAB-001")
    assert (after.seats, after.version) == (60, before.version + 1)
    assert await held("FAB-001") == ["ADD-IMP", "ADD-URL", "SEG-PRO"]

    jobs = await Job.filter(order_id=order.id).order_by("id")
    assert (jobs[0].kind, jobs[0].dedupe_key) == (
        JobKind.RENDER_ADDENDUM,
        f"addendum:{order.id}",
    )
    assert sorted(job.kind for job in jobs) == [
        JobKind.RENDER_ADDENDUM,
        JobKind.SEND_EMAIL,
        JobKind.SEND_EMAIL,
    ]
    deliveries = await Delivery.filter(order_id=order.id).order_by("kind")
    assert [(d.kind, d.recipient) for d in deliveries] == [
        (DeliveryKind.IMPLEMENTATION_LEAD, "lena@northwind.example"),
        (DeliveryKind.SUBMITTER_ADDENDUM, ALICE),
    ]


async def test_resubmitting_returns_the_same_order_and_queues_nothing_more(db):
    review = await reviewed()
    first = await submit(review.id)
    rows = await dump_tables()
    second = await submit(review.id, who="oscar@northwind.example")
    late = await submit(review.id, now=review.expires_at + dt.timedelta(days=1))
    assert second.errors == late.errors == []
    assert first.order.id == second.order.id == late.order.id
    assert await dump_tables() == rows


async def test_resubmitting_says_where_the_order_stands_now(db):
    review = await reviewed()
    first = await submit(review.id)
    assert first.message == "Your order is being processed. The addendum will be emailed to you shortly."
    await Order.filter(id=first.order.id).update(status=OrderStatus.ATTENTION_NEEDED)
    waiting = await submit(review.id)
    assert (waiting.order.status, waiting.message) == (
        OrderStatus.ATTENTION_NEEDED,
        "Your order was received, but its addendum or an email could not be sent yet; "
        "it is waiting for our staff to retry.",
    )
    await Order.filter(id=first.order.id).update(status=OrderStatus.COMPLETED)
    done = await submit(review.id, now=review.expires_at + dt.timedelta(days=1))
    assert (done.order.status, done.message) == (
        OrderStatus.COMPLETED,
        "Your order is complete: its addendum is filed and both emails were sent.",
    )
    refused = await submit(review.id, confirm_msa=False)
    assert (refused.order, refused.message) == (None, None)


async def test_another_ordering_user_may_submit_and_is_the_submitter(db):
    review = await reviewed()
    outcome = await submit(review.id, who="oscar@northwind.example")
    assert outcome.order.submitted_by_id == await user_id("oscar@northwind.example")
    recipients = await Delivery.filter(order_id=outcome.order.id, kind=DeliveryKind.SUBMITTER_ADDENDUM)
    assert [d.recipient for d in recipients] == ["oscar@northwind.example"]


async def test_tailspin_switch_replaces_only_the_named_primary_and_a_new_lead_is_set(db):
    review = await reviewed(
        "TAIL-002", mode=SELECT_NEW, sku="ARC-10Y", replaces="ARC-STD", lead="lena@northwind.example"
    )
    outcome = await submit(review.id)
    assert outcome.errors == []
    assert await held("TAIL-002") == ["ADD-ATT", "ARC-10Y", "SEG-PRO"]
    tailspin = await customer("TAIL-002")
    assert (tailspin.seats, tailspin.implementation_lead_id) == (120, await user_id("lena@northwind.example"))
    # 120 x (2.50 + 1.80 + 0.55) = 582.00, before 510.00
    assert (outcome.order.monthly_cost_after, outcome.order.monthly_cost_change) == (
        Decimal("582.00"),
        Decimal("72.00"),
    )


async def test_both_confirmations_missing_give_both_errors_and_write_nothing(db):
    review = await reviewed()
    rows = await dump_tables()
    outcome = await submit(review.id, confirm_msa=False, confirm_authorized=False)
    assert (outcome.order, codes(outcome.errors)) == (
        None,
        [
            ("MSA_NOT_CONFIRMED", ("input", "confirmMsa")),
            ("AUTHORIZATION_NOT_CONFIRMED", ("input", "confirmAuthorized")),
        ],
    )
    only_msa = await submit(review.id, confirm_authorized=False)
    assert codes(only_msa.errors) == [("AUTHORIZATION_NOT_CONFIRMED", ("input", "confirmAuthorized"))]
    assert await dump_tables() == rows


async def test_a_review_of_another_partner_or_none_is_not_found(db):
    review = await reviewed()
    for review_id in (None, 0, -1, 2**31, 2**63, review.id + 1000):
        outcome = await submit(review_id)
        assert codes(outcome.errors) == [("NOT_FOUND", REVIEW)], review_id
    carl = await submit(review.id, who="carl@contoso.example")
    assert codes(carl.errors) == [("NOT_FOUND", REVIEW)]
    assert carl.errors[0].message == (await submit(review.id + 1000)).errors[0].message
    assert await Order.all().count() == 0


async def test_viewer_may_not_submit(db):
    review = await reviewed()
    outcome = await submit(review.id, who="vera@northwind.example")
    assert codes(outcome.errors) == [("FORBIDDEN", None)]
    assert await Order.all().count() == 0


async def test_expired_review(db):
    review = await reviewed()
    rows = await dump_tables()
    outcome = await submit(review.id, now=review.expires_at)
    assert codes(outcome.errors) == [("REVIEW_EXPIRED", REVIEW)]
    assert await dump_tables() == rows
    just_in_time = await submit(review.id, now=review.expires_at - dt.timedelta(seconds=1))
    assert just_in_time.errors == []


async def assert_stale(review, rows=None):
    rows = rows or await dump_tables()
    outcome = await submit(review.id)
    assert (outcome.order, codes(outcome.errors)) == (None, [("REVIEW_STALE", REVIEW)])
    assert await dump_tables() == rows
    return outcome


async def test_a_changed_contracted_price_makes_the_review_stale(db):
    review = await reviewed()
    # Even without the agreement's revision moving, re-pricing notices the new price.
    await ContractedPrice.filter(product__sku="SEG-PRO").update(unit_price=Decimal("2.60"))
    await assert_stale(review)


async def test_a_new_agreement_revision_makes_the_review_stale(db):
    review = await reviewed()
    agreement = await Agreement.get(msa_reference="MSA-2019-0042")
    agreement.revision += 1
    await agreement.save()
    await assert_stale(review)


async def test_a_new_price_list_makes_the_review_stale(db):
    review = await reviewed()
    today = dt.datetime.now(dt.UTC).date()
    version = await PriceListVersion.create(effective_on=today)
    for item in await PriceListItem.filter(version__effective_on=dt.date(2024, 1, 1)):
        await PriceListItem.create(version=version, product_id=item.product_id, list_price=item.list_price)
    await assert_stale(review)


async def test_a_changed_customer_makes_the_review_stale(db):
    review = await reviewed()
    other = await reviewed(seats=1)
    assert (await submit(other.id)).errors == []
    await assert_stale(review)


async def test_a_customer_changed_behind_the_version_is_still_stale(db):
    review = await reviewed()
    fabrikam = await customer("FAB-001")
    await Customer.filter(id=fabrikam.id).update(seats=55)
    await assert_stale(review)
    await Customer.filter(id=fabrikam.id).update(seats=50, status=CustomerStatus.SUSPENDED)
    await assert_stale(review)
    await Customer.filter(id=fabrikam.id).update(status=CustomerStatus.ACTIVE)
    await CustomerProduct.create(customer_id=fabrikam.id, product=await Product.get(sku="ADD-IMP"))
    await assert_stale(review)


async def test_an_outage_inside_the_transaction_leaves_nothing_behind(db):
    review = await reviewed()
    rows = await dump_tables()

    async def queue_then_fail(*args, **kwargs):
        await queue_fulfilment(*args, **kwargs)
        raise ConnectionResetError("the database went away")

    with pytest.raises(ConnectionResetError):
        await submit(review.id, queue_followups=queue_then_fail)
    assert await dump_tables() == rows
    assert (await submit(review.id)).errors == []
