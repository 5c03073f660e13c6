"""The API's rules as a person meets them: each error beside its field, the choices kept;
expired and stale reviews say so and offer to review again."""

from __future__ import annotations

import datetime as dt
import re

from playwright.async_api import expect
from tortoise.expressions import F

from graphql_portal.ids import decode_id
from graphql_portal.models import Customer, Review
from tests.support.portal import sign_in

OSCAR = "oscar@northwind.example"
ENTERPRISE = "Secure Email Gateway Enterprise (replaces Secure Email Gateway Professional), 4.00 USD per seat"
MSA_BOX = "This order is governed by the MSA already in effect with the vendor"
AUTHORIZED_BOX = "I am authorized to place this order"


async def review_upgrade(page) -> None:
    await page.get_by_role("button", name="Review Upgrade").click()
    await page.wait_for_load_state()


async def test_each_rule_is_shown_beside_its_field_and_the_choices_stay(portal, page):
    await sign_in(page, portal, OSCAR, "/customers?q=TAIL-002")
    await page.get_by_role("link", name="Tailspin Travel").click()
    seats = page.get_by_label("Seat Adjustment")

    await seats.fill("-10")
    await page.get_by_label("Select New", exact=True).check()
    await page.get_by_label("New primary product").select_option(label=ENTERPRISE)
    await review_upgrade(page)
    await expect(page.locator("#seatAdjustment-error")).to_have_text(
        "Product changes cannot be combined with a seat downgrade."
    )
    await expect(seats).to_have_value("-10")
    await expect(page.get_by_label("Select New", exact=True)).to_be_checked()
    assert await page.get_by_label("New primary product").input_value() == "SEG-ENT|SEG-PRO"

    await seats.fill("ten")
    await review_upgrade(page)
    await expect(page.locator("#seatAdjustment-error")).to_have_text(
        "Enter a whole number of seats, for example 10 or -5."
    )

    await seats.fill("-200")
    await page.get_by_label(re.compile(r"^Keep Existing \(")).check()
    await review_upgrade(page)
    await expect(page.locator("#seatAdjustment-error")).to_have_text(
        "The change would leave -80 seats; a customer needs at least 1."
    )

    await seats.fill("0")
    await review_upgrade(page)
    await expect(page.locator("#error-summary li")).to_have_text(
        ["The order changes nothing: no seats, no products, the same implementation lead."]
    )
    assert "/reviews/" not in page.url


async def test_litware_holds_a_legacy_product_and_gets_the_reason_instead_of_options(portal, page):
    await sign_in(page, portal, OSCAR, "/customers?q=LIT-003")
    await page.get_by_role("link", name="Litware Legal").click()
    why = await page.inner_text("#change-options-why")
    assert why.startswith("This customer cannot be changed here: ")
    assert await page.inner_text("#eligibility") == "Not eligible " + why.removeprefix(
        "This customer cannot be changed here: "
    )
    await expect(page.get_by_role("button", name="Review Upgrade")).to_have_count(0)


async def review_sample(page, portal, code: str, name: str) -> str:
    """Review +5 seats for a sample customer; returns the review page's address."""
    await sign_in(page, portal, OSCAR, f"/customers?q={code}")
    await page.get_by_role("link", name=name).click()
    await page.get_by_label("Seat Adjustment").fill("5")
    await page.get_by_label("Add to", exact=True).check()
    await page.get_by_label("Primary product to add").select_option("CONT-STD")
    await review_upgrade(page)
    await page.wait_for_url(re.compile(r".*/reviews/.+"))
    return page.url


def review_pk(url: str) -> int:
    return decode_id(url.split("/reviews/")[1].split("?")[0], "Review")


async def test_an_expired_review_says_so_and_reviews_again_with_the_same_choices(portal, page):
    url = await review_sample(page, portal, "SMP-001", "Sample Customer 01")
    await Review.filter(id=review_pk(url)).update(
        expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    )

    await page.get_by_label(MSA_BOX).check()
    await page.get_by_label(AUTHORIZED_BOX).check()
    await page.get_by_role("button", name="Submit").click()
    await expect(page.locator("#review-outdated")).to_contain_text("This review expired at ")
    await expect(page.locator("#review-outdated")).to_be_focused()
    await expect(page.get_by_role("button", name="Submit")).to_have_count(0)

    await page.goto(url)
    await expect(page.locator("#review-outdated")).to_contain_text("This review expired at ")

    await page.get_by_role("button", name="Review again").click()
    await page.wait_for_url(re.compile(r".*/reviews/.+"))
    assert review_pk(page.url) != review_pk(url)
    assert await page.inner_text("#seats") == "11 → 16"
    after = await page.locator("#lines-after tbody tr").all_inner_texts()
    assert [row.split("\t")[1] for row in after] == ["CONT-STD", "SEG-ESS"]
    await expect(page.locator("#review-outdated")).to_have_count(0)


async def test_a_stale_review_says_what_changed_and_change_keeps_the_choices(portal, page):
    url = await review_sample(page, portal, "SMP-002", "Sample Customer 02")
    await Customer.filter(account_code="SMP-002").update(version=F("version") + 1)

    await page.get_by_label(MSA_BOX).check()
    await page.get_by_label(AUTHORIZED_BOX).check()
    await page.get_by_role("button", name="Submit").click()
    await expect(page.locator("#review-outdated p")).to_have_text(
        "This customer has changed since this review was made. "
        "Review the upgrade again to see the figures as they are now."
    )
    assert page.url.startswith(url.split("?")[0])
    # Opening the review says so at once, before anything is ticked.
    await page.goto(url)
    await expect(page.locator("#review-outdated")).to_be_focused()
    await expect(page.locator("#review-outdated p")).to_contain_text("This customer has changed since")
    await expect(page.get_by_role("button", name="Submit")).to_have_count(0)

    await page.get_by_role("button", name="Change").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Sample Customer 02")
    await expect(page.get_by_label("Seat Adjustment")).to_have_value("5")
    await expect(page.get_by_label("Add to", exact=True)).to_be_checked()
    assert await page.get_by_label("Primary product to add").input_value() == "CONT-STD"
