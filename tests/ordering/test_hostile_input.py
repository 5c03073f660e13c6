"""Hostile input: huge numbers, wrong types, odd and enormous strings give typed errors, not exceptions."""

from __future__ import annotations

import dataclasses

from graphql_portal.models import Order, Review
from graphql_portal.ordering.errors import ErrorCode
from graphql_portal.ordering.review import review_upgrade
from tests.support.demo import principal
from tests.support.upgrades import ADD_TO, SELECT_NEW, codes, request_for

from .test_submit import reviewed, submit

SEATS = ("input", "seatAdjustment")
CUSTOMER = ("input", "customerId")
LEAD = ("input", "implementationLeadId")
MODE = ("input", "primaryProduct", "mode")
SKU = ("input", "primaryProduct", "sku")
ADDONS = ("input", "primaryProduct", "addonSkus")
HUGE = "S" * 10_000


def addon(index: int) -> tuple[str, ...]:
    return (*ADDONS, str(index))


async def review_with(**changes):
    base = await request_for("FAB-001", seats=1)
    request = dataclasses.replace(base, **changes)
    outcome = await review_upgrade(await principal("alice@northwind.example"), request)
    assert (outcome.review is None) == bool(outcome.errors)
    for error in outcome.errors:
        assert isinstance(error.code, ErrorCode)
        assert len(error.message) <= 200, error.message
        assert HUGE[:100] not in error.message
    return outcome


SEAT_CASES = [
    (2**31, "INVALID_SEAT_COUNT"),
    (-(2**31), "INVALID_SEAT_COUNT"),
    (2**63, "INVALID_SEAT_COUNT"),
    (-(10**100), "INVALID_SEAT_COUNT"),
    (True, "INVALID_INPUT"),
    ("5", "INVALID_INPUT"),
    (1.5, "INVALID_INPUT"),
    (None, "INVALID_INPUT"),
]
IMPOSSIBLE_IDS = [None, 0, -1, -(2**31), 2**31, 2**63, 10**30, "1", 1.0, True]
HOSTILE_SKUS = [
    HUGE,
    "",
    "   ",
    "seg-pro",
    "SEG-PRO\x00",
    "'; DROP TABLE customer; --",
    "\uff33\uff25\uff27-\uff30\uff32\uff2f",
    "\u202eORP-GES",
]


async def test_seat_adjustments_out_of_range_or_of_the_wrong_type(db):
    for adjustment, code in SEAT_CASES:
        outcome = await review_with(seat_adjustment=adjustment)
        assert codes(outcome.errors) == [(code, SEATS)], adjustment


async def test_customer_and_lead_ids_that_cannot_exist(db):
    for value in IMPOSSIBLE_IDS:
        assert codes((await review_with(customer_id=value)).errors) == [("NOT_FOUND", CUSTOMER)], value
        assert codes((await review_with(implementation_lead_id=value)).errors) == [("UNKNOWN_USER", LEAD)], (
            value
        )


async def test_primary_skus_from_hostile_clients(db):
    for sku in HOSTILE_SKUS:
        outcome = await review_with(mode=SELECT_NEW, sku=sku, seat_adjustment=0)
        expected = "INVALID_INPUT" if not sku.strip() else "PRODUCT_NOT_AVAILABLE"
        assert codes(outcome.errors) == [(expected, SKU)], sku[:20]


async def test_non_string_sku_and_mode(db):
    assert codes((await review_with(mode=ADD_TO, sku=42)).errors) == [("INVALID_INPUT", SKU)]
    for mode in (None, "", HUGE, 3, [], {"mode": "ADD_TO"}):
        assert codes((await review_with(mode=mode)).errors) == [("INVALID_INPUT", MODE)]


async def test_add_on_lists_from_hostile_clients(db):
    outcome = await review_with(addon_skus=(HUGE, None, 7, "ADD-IMP", "ADD-IMP", ""))
    assert codes(outcome.errors) == [
        ("PRODUCT_NOT_AVAILABLE", addon(0)),
        ("INVALID_INPUT", addon(1)),
        ("INVALID_INPUT", addon(2)),
        ("INVALID_INPUT", addon(4)),
        ("INVALID_INPUT", addon(5)),
    ]
    too_many = await review_with(addon_skus=("ADD-IMP",) * 10_000)
    assert codes(too_many.errors) == [("INVALID_INPUT", ADDONS)]
    with_downgrade = await review_with(addon_skus=("ADD-IMP",) * 51, seat_adjustment=-1)
    assert codes(with_downgrade.errors) == [
        ("PRODUCT_CHANGE_WITH_SEAT_DOWNGRADE", SEATS),
        ("INVALID_INPUT", ADDONS),
    ]
    a_string = await review_with(addon_skus="ADD-IMP")
    assert codes(a_string.errors) == [("INVALID_INPUT", ADDONS)]
    assert await Review.all().count() == 0


async def test_submit_with_review_ids_that_cannot_exist(db):
    await reviewed()
    for review_id in [*IMPOSSIBLE_IDS, 1.5]:
        outcome = await submit(review_id)
        assert codes(outcome.errors) == [("NOT_FOUND", ("input", "reviewId"))], review_id


async def test_confirmations_must_be_true_not_truthy(db):
    review = await reviewed()
    outcome = await submit(review.id, confirm_msa="yes", confirm_authorized=1)
    assert [e.code.value for e in outcome.errors] == ["MSA_NOT_CONFIRMED", "AUTHORIZATION_NOT_CONFIRMED"]
    assert await Order.all().count() == 0
