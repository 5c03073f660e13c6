"""Exactly once: concurrent submits of one review, and of two reviews of one customer."""

from __future__ import annotations

import asyncio

import asyncpg

from graphql_portal.models import Customer, CustomerProduct, Delivery, Job, Order
from graphql_portal.ordering import submit as submit_module
from tests.support.demo import customer, principal
from tests.support.upgrades import SELECT_NEW, codes

from .test_submit import reviewed, submit

REVIEW = ("input", "reviewId")


async def test_eight_concurrent_submits_give_one_order_three_jobs_two_deliveries(db):
    review = await reviewed()
    alice = await principal("alice@northwind.example")
    outcomes = await asyncio.gather(*(submit(review.id) for _ in range(8)))
    assert [o.errors for o in outcomes] == [[]] * 8
    assert {o.order.id for o in outcomes} == {(await Order.get(review_id=review.id)).id}
    assert await Order.all().count() == 1
    assert await Job.all().count() == 3
    assert await Delivery.all().count() == 2
    fabrikam = await customer("FAB-001")
    assert (fabrikam.seats, fabrikam.version) == (60, 2)
    assert await CustomerProduct.filter(customer_id=fabrikam.id).count() == 3
    assert alice.user.id == outcomes[0].order.submitted_by_id


async def test_two_reviews_of_one_customer_submitted_together_give_one_order_and_one_stale(db):
    first = await reviewed(seats=10, mode=SELECT_NEW, sku="SEG-PRO")
    second = await reviewed(seats=5, addons=("ADD-IMP",))
    outcomes = await asyncio.gather(submit(first.id), submit(second.id, who="oscar@northwind.example"))
    winners = [o for o in outcomes if o.order is not None]
    losers = [o for o in outcomes if o.order is None]
    assert len(winners) == 1 and len(losers) == 1
    assert codes(losers[0].errors) == [("REVIEW_STALE", REVIEW)]
    assert await Order.all().count() == 1
    assert await Job.all().count() == 3
    fabrikam = await Customer.get(account_code="FAB-001")
    assert fabrikam.seats == winners[0].order.seats_after
    assert fabrikam.version == 2


async def test_many_reviews_of_many_customers_submitted_together_all_succeed(db):
    reviews = [await reviewed(f"SMP-{n:03d}", seats=1) for n in range(1, 9)]
    outcomes = await asyncio.gather(*(submit(r.id) for r in reviews))
    assert [o.errors for o in outcomes] == [[]] * 8
    assert await Order.all().count() == 8
    assert await Job.all().count() == 24
    for n in range(1, 9):
        assert (await customer(f"SMP-{n:03d}")).seats == 10 + n + 1


def test_only_deadlocks_and_serialization_failures_are_retried():
    from tortoise.exceptions import OperationalError

    from graphql_portal.ordering.submit import _retryable

    assert _retryable(asyncpg.exceptions.DeadlockDetectedError("deadlock detected"))
    assert _retryable(asyncpg.exceptions.SerializationError("could not serialize access"))
    try:
        try:
            raise asyncpg.exceptions.DeadlockDetectedError("deadlock detected")
        except asyncpg.exceptions.DeadlockDetectedError as inner:
            raise OperationalError(inner) from inner
    except OperationalError as wrapped:
        assert _retryable(wrapped)
    assert not _retryable(asyncpg.exceptions.UniqueViolationError("duplicate key"))
    assert not _retryable(ValueError("bug"))


async def test_a_deadlock_is_retried_and_gives_one_order(db, monkeypatch):
    review = await reviewed()
    real_commit = submit_module._commit
    calls = []

    async def deadlock_once(*args):
        calls.append(1)
        if len(calls) == 1:
            raise asyncpg.exceptions.DeadlockDetectedError("deadlock detected")
        return await real_commit(*args)

    monkeypatch.setattr(submit_module, "_commit", deadlock_once)
    outcome = await submit(review.id)
    assert (outcome.errors, len(calls)) == ([], 2)
    assert await Order.all().count() == 1
    assert await Job.all().count() == 3
