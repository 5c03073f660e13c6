"""The Orders page: newest first (or oldest), 50 a page with "Previous page", "Next page" and
counts ("1 to 50 of 61"), the status filter, the Reference box (any case), the customer search."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.async_api import expect

from graphql_portal.models import Customer, Order, OrderStatus
from tests.support.orders import make_completed_order
from tests.support.portal import http_sign_in, sign_in

OSCAR = "oscar@northwind.example"
T0 = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.UTC)
DASH = "\u2013"  # an en dash, as in a range of numbers


@pytest.fixture(scope="module")
async def orders(portal) -> list[Order]:
    """61 Northwind orders, newest last, four submitted at one instant (across the first page's
    end: newest first, they are rows 49 to 52), each updated in the reverse order; one Contoso order
    newer than all."""
    customers = await Customer.filter(account_code__startswith="SMP-").order_by("id")
    made = []
    for n in range(61):
        minutes = 9 if 9 <= n <= 12 else n
        made.append(
            await make_completed_order(customers[n % len(customers)], at=T0 + dt.timedelta(minutes=minutes))
        )
    for n, order in enumerate(made):
        await Order.filter(id=order.id).update(updated_at=T0 + dt.timedelta(days=1, minutes=61 - n))
    await make_completed_order(await Customer.get(account_code="WWI-001"), at=T0 + dt.timedelta(days=2))
    return made


def newest_first(orders: list[Order]) -> list[str]:
    """Newest submission first, ties by id, highest first: the made orders reversed."""
    return [o.number for o in sorted(orders, key=lambda o: (o.submitted_at, o.id), reverse=True)]


async def listed(page) -> list[str]:
    return await page.locator("#orders tbody tr td:first-child").all_inner_texts()


async def test_orders_newest_first_fifty_a_page_both_ways(portal, page, orders):
    expected = newest_first(orders)
    assert expected == [o.number for o in reversed(orders)]
    await sign_in(page, portal, OSCAR, "/orders")
    assert await listed(page) == expected[:50]
    await expect(page.locator("#order-count")).to_have_text(f"1{DASH}50 of 61")
    await expect(page.get_by_role("link", name="Previous page")).to_have_count(0)
    await page.get_by_role("link", name="Next page").click()
    assert await listed(page) == expected[50:]
    await expect(page.locator("#order-count")).to_have_text(f"51{DASH}61 of 61")
    await expect(page.get_by_role("link", name="Next page")).to_have_count(0)
    wwi = await Order.get(customer__account_code="WWI-001")
    await expect(page.get_by_text(wwi.number)).to_have_count(0)
    await page.get_by_role("link", name="Previous page").click()
    assert await listed(page) == expected[:50]
    await expect(page.locator("#order-count")).to_have_text(f"1{DASH}50 of 61")
    await expect(page.get_by_role("link", name="Previous page")).to_have_count(0)
    # Oldest first, by the Submitted column's heading; the same orders the other way round.
    await page.get_by_role("link", name="Submitted").click()
    await expect(page.get_by_role("columnheader", name="Submitted")).to_have_attribute(
        "aria-sort", "ascending"
    )
    oldest = [o.number for o in sorted(orders, key=lambda o: (o.submitted_at, o.id))]
    assert await listed(page) == oldest[:50]
    await page.get_by_role("link", name="Next page").click()
    assert await listed(page) == oldest[50:]
    await page.get_by_role("link", name="Previous page").click()
    assert await listed(page) == oldest[:50]


async def test_status_filter_pages_and_keeps_the_status(portal, page, orders):
    attention = orders[::2]  # 31 orders
    await Order.filter(id__in=[o.id for o in attention]).update(status=OrderStatus.ATTENTION_NEEDED)
    try:
        await sign_in(page, portal, OSCAR, "/orders")
        await page.get_by_label("Status").select_option("ATTENTION_NEEDED")
        await page.get_by_role("button", name="Filter").click()
        assert await listed(page) == newest_first(attention)
        await expect(page.get_by_role("link", name="Next page")).to_have_count(0)
        await page.get_by_label("Status").select_option("COMPLETED")
        await page.get_by_role("button", name="Filter").click()
        assert await listed(page) == newest_first(orders[1::2])
    finally:
        await Order.filter(id__in=[o.id for o in attention]).update(status=OrderStatus.COMPLETED)


async def test_the_reference_box_matches_the_reference_in_any_case(portal, page, orders):
    await Order.filter(id=orders[3].id).update(partner_reference="PO-4711", reference_key="po-4711")
    await Order.filter(id=orders[40].id).update(partner_reference="PO-4711-B", reference_key="po-4711-b")
    await Order.filter(id=orders[41].id).update(partner_reference="po-4711", reference_key="po-4711")
    try:
        await sign_in(page, portal, OSCAR, "/orders")
        await page.get_by_label("Reference").fill("  Po-4711 ")
        await page.get_by_role("button", name="Filter").click()
        assert await listed(page) == [orders[41].number, orders[3].number]
        await expect(page.locator("#orders tbody tr td:nth-child(8)")).to_have_text(["po-4711", "PO-4711"])
        await expect(page.get_by_label("Reference")).to_have_value("Po-4711")
        await page.get_by_label("Reference").fill("PO-4711")
        await page.get_by_role("button", name="Filter").click()
        await expect(page.get_by_label("Reference")).to_have_value("PO-4711")
        # With a status too: both apply.
        await page.get_by_label("Status").select_option("PROCESSING")
        await page.get_by_role("button", name="Filter").click()
        await expect(page.locator(".empty")).to_have_text(
            "No orders with status Processing with reference “PO-4711”."
        )
        hostile = '<script>alert(1)</script>"'
        await page.get_by_label("Status").select_option("")
        await page.get_by_label("Reference").fill(hostile)
        await page.get_by_role("button", name="Filter").click()
        await expect(page.locator(".empty")).to_have_text(f"No orders with reference “{hostile}”.")
        await expect(page.get_by_label("Reference")).to_have_value(hostile)
    finally:
        await Order.filter(id__in=[orders[3].id, orders[40].id, orders[41].id]).update(
            partner_reference=None, reference_key=None
        )


async def test_another_partners_reference_looks_like_none(portal, orders):
    wwi = await Order.get(customer__account_code="WWI-001")
    await Order.filter(id=wwi.id).update(partner_reference="PO-CONTOSO", reference_key="po-contoso")
    async with portal.client() as client:
        await http_sign_in(client, OSCAR)
        response = await client.get("/orders", params={"reference": "PO-CONTOSO"})
        assert response.status_code == 200
        assert wwi.number not in response.text
        assert "No orders with reference “PO-CONTOSO”." in response.text


@pytest.mark.parametrize("cursor", ["bogus", "W10", "WyIyMDI2LTAxLTAxVDAwOjAwOjAwKzAwOjAwIiwxXQ", "x" * 600])
@pytest.mark.parametrize("way", ["after", "before"])
async def test_an_edited_page_address_is_a_bad_request(portal, orders, cursor, way):
    async with portal.client() as client:
        await http_sign_in(client, OSCAR)
        response = await client.get("/orders", params={way: cursor, "from": "51"})
        assert response.status_code == 400
        assert "This list address is not valid: start again from the list of orders." in response.text
        searched = await client.get("/orders", params={"q": "tab\there"})
        assert searched.status_code == 400
