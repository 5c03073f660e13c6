"""Webhooks and Activity in the portal (ADMIN), in a real browser, with a real receiver on loopback
that verifies every delivery with the `standardwebhooks` library and the secret the page showed."""

from __future__ import annotations

import asyncio
import re

import pytest
from playwright.async_api import expect
from tortoise.transactions import in_transaction

from graphql_portal.events import log as events
from graphql_portal.fulfilment.webhooks import WebhookLane
from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, OrderStatus, PartnerUser
from tests.support.axe import axe_violations, fits_width, focus_reaches
from tests.support.orders import make_completed_order
from tests.support.pages import open_confirmation_and_keep
from tests.support.portal import seeded_portal, sign_in
from tests.support.webhooks import receiving

ALICE = "alice@northwind.example"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
async def portal(request, db_root, tmp_path_factory):
    """The portal with private receivers allowed (the test's receiver is on loopback) and the
    webhook lane running beside its worker."""
    fields = {
        "webhooks_allow_private": True,
        "webhook_retry_seconds": (0.1, 0.1),
        "webhook_timeout_seconds": 3.0,
    }
    async with seeded_portal(request.param, db_root, tmp_path_factory.mktemp("var"), **fields) as server:
        stop = asyncio.Event()
        lane = asyncio.create_task(WebhookLane(server.settings).run(stop))
        try:
            yield server
        finally:
            stop.set()
            await lane


async def accessible_at_both_widths(page, within: str | None = None) -> None:
    found = await axe_violations(page, within)
    assert found == [], "\n".join(found)
    assert await fits_width(page, 390)
    found = await axe_violations(page, within)
    assert found == [], "\n".join(found)
    await page.set_viewport_size({"width": 1280, "height": 900})


async def test_an_admin_adds_an_endpoint_tests_it_rotates_redelivers_and_deletes_it(portal, page):
    async with receiving() as (receiver, url):
        await sign_in(page, portal, ALICE, "/webhooks")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
        await accessible_at_both_widths(page)

        # A private address without the setting would be refused; a bad URL says why beside the field.
        await page.get_by_label("URL").fill("ftp://nowhere")
        await page.get_by_role("button", name="Add endpoint").click()
        await expect(page.locator("#url-error")).to_have_text(re.compile("Give an absolute http\\(s\\) URL"))
        await accessible_at_both_widths(page)

        await page.get_by_label("URL").fill(url + "/portal-hooks")
        await page.get_by_label("Description").fill("Finance sync")
        for name in ("Order submitted", "Order scheduled", "Attachment added", "User created", "User activated",
                     "User role changed", "User deactivated", "Order cancelled"):  # fmt: skip
            await page.get_by_label(name, exact=True).uncheck()
        await page.get_by_role("button", name="Add endpoint").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Endpoint added")
        secret = await page.inner_text("#secret")
        assert re.fullmatch(r"whsec_[A-Za-z0-9+/]{43}=", secret)
        receiver.secrets.append(secret)
        await accessible_at_both_widths(page)

        await page.get_by_role("link", name="Go to the endpoint").click()
        assert secret not in await page.content()
        await expect(page.locator("#endpoint-status")).to_have_text("Enabled")
        assert await focus_reaches(page, "Send test event")
        await page.keyboard.press("Enter")
        await expect(page.locator(".flash-ok")).to_have_text(
            "A test event is on its way; its delivery is at the top of the log."
        )
        for _ in range(100):
            if receiver.received:
                break
            await asyncio.sleep(0.05)
        (test,) = receiver.received
        assert test.payload["type"] == "test" and test.verified_by == [secret]
        await page.reload()
        row = page.locator("#delivery-log tbody tr").first
        await expect(row.locator("td").nth(2)).to_have_text("Delivered")
        await expect(row.locator("td").nth(3)).to_have_text("1")
        await expect(row.locator("td").nth(4)).to_have_text("200")
        await accessible_at_both_widths(page)

        await row.get_by_role("button", name=re.compile("^Redeliver")).click()
        await expect(page.locator(".flash-ok")).to_have_text(
            "The event is being delivered again, with the same webhook-id."
        )
        for _ in range(100):
            if len(receiver.received) == 2:
                break
            await asyncio.sleep(0.05)
        assert receiver.received[1].webhook_id == test.webhook_id
        assert receiver.received[1].body == test.body

        await page.get_by_role("button", name="Rotate secret").click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("New signing secret")
        new_secret = await page.inner_text("#secret")
        receiver.secrets.append(new_secret)
        await page.get_by_role("link", name="Go to the endpoint").click()
        await page.get_by_role("button", name="Send test event").click()
        for _ in range(100):
            if len(receiver.received) == 3:
                break
            await asyncio.sleep(0.05)
        assert receiver.received[2].verified_by == [secret, new_secret]

        # Changing it: a URL refused keeps what was typed and says why; then disable it.
        await page.get_by_label("URL").fill("http://93.184.216.34/x")
        await page.get_by_role("button", name="Save changes").click()
        await expect(page.locator("#url-error")).to_have_text(
            "Use https://; plain http:// is accepted only for receivers on private addresses."
        )
        await accessible_at_both_widths(page)
        await page.get_by_label("URL").fill(url + "/portal-hooks")
        await page.get_by_label("Enabled").uncheck()
        await page.get_by_role("button", name="Save changes").click()
        await expect(page.locator(".flash-ok")).to_have_text("The endpoint is saved.")
        await expect(page.locator("#endpoint-status")).to_have_text(
            re.compile(r"^Disabled: Disabled by Alice Admin on \d{4}-\d\d-\d\d \d\d:\d\d UTC\.$")
        )

        await open_confirmation_and_keep(
            page,
            page.get_by_role("link", name="Delete endpoint"),
            "Delete this endpoint?",
            [
                "no more events are sent to it, and what was waiting for it ends as failed;",
                "its signing secret stops working; an endpoint added again gets a new one.",
            ],
            keep="Keep it",
        )
        await accessible_at_both_widths(page)
        await page.get_by_role("link", name="Delete endpoint").click()
        await accessible_at_both_widths(page)
        await page.get_by_role("button", name="Delete endpoint").click()
        await page.wait_for_url(portal.at("/webhooks"))
        await expect(page.locator(".flash-ok")).to_have_text(
            "The endpoint is deleted; nothing more is sent to it."
        )
        await expect(page.locator("p.empty")).to_have_text("No endpoints yet.")


async def test_activity_lists_who_did_what_and_an_order_page_shows_its_timeline(portal, page):
    fabrikam = await Customer.get(account_code="FAB-001")
    order = await make_completed_order(fabrikam)
    async with in_transaction():
        await events.order_status_changed(order.id, OrderStatus.PROCESSING, at=order.completed_at)
    await sign_in(page, portal, ALICE, "/activity")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Activity")
    signed_in = page.locator("#activity tbody tr", has_text="Signed in").first
    await expect(signed_in.locator("td").nth(2)).to_have_text("Alice Admin")
    await expect(signed_in.locator("td").nth(3)).to_have_text("127.0.0.1")
    await accessible_at_both_widths(page)

    await page.get_by_label("What").select_option("ORDER_COMPLETED")
    await page.get_by_role("button", name="Filter").click()
    rows = page.locator("#activity tbody tr")
    await expect(rows).to_have_count(1)
    await expect(rows.first.locator("td").nth(4)).to_have_text(f"{order.number}, Fabrikam Dental")
    await page.get_by_label("From").fill("2001-01-01")
    await page.get_by_label("To").fill("2001-01-31")
    await page.get_by_role("button", name="Filter").click()
    await expect(page.locator("p.empty")).to_have_text("No activity matches these filters.")
    await accessible_at_both_widths(page)

    await page.goto(portal.at(f"/orders/{encode_id('Order', order.id)}"))
    timeline = page.locator("#order-timeline tbody tr")
    await expect(timeline).to_have_count(1)
    await expect(timeline.first.locator("td").nth(1)).to_have_text("Order completed")
    await expect(timeline.first.locator("td").nth(4)).to_contain_text("status: PROCESSING → COMPLETED")
    await accessible_at_both_widths(page, within="#timeline")  # the rest of the page is the order's
    await page.get_by_role("link", name="All activity of this order").click()
    await expect(page.locator(".notice")).to_have_text(
        re.compile(f"^Only the activity of Order {order.number}\\.")
    )
    await expect(page.locator("#activity tbody tr")).to_have_count(1)


async def test_only_an_admin_sees_activity_and_webhooks(portal, page):
    await sign_in(page, portal, "oscar@northwind.example")
    nav = page.get_by_role("navigation", name="Main")
    await expect(nav.get_by_role("link")).to_have_text(["Customers", "Orders"])
    for path in ("/activity", "/webhooks"):
        response = await page.goto(portal.at(path))
        assert response.status == 403
    fabrikam = await Customer.get(account_code="FAB-001")
    order = await make_completed_order(fabrikam)
    await page.goto(portal.at(f"/orders/{encode_id('Order', order.id)}"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {order.number}")
    assert await page.locator("#timeline").count() == 0
    assert await PartnerUser.filter(email_key="oscar@northwind.example").exists()
