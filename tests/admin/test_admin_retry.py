"""Failed emails are retried from the order page, and the page follows the outcome in place.

`PORTAL_UPDATE_SCREENSHOTS=1` also writes the order page's screenshot to docs/order-details.png.
"""

from __future__ import annotations

import os

from graphql_portal.models import (
    Delivery,
    DeliveryKind,
    DeliveryStatus,
    Job,
    JobKind,
    JobState,
    Order,
    OrderStatus,
)
from tests.support.admin import SQLITE_ONLY, live_server, sign_in
from tests.support.environment import ROOT, make_settings
from tests.support.orders import place_fabrikam_order
from tests.support.ports import free_port
from tests.support.smtp import SmtpServer
from tests.support.worker import work_until_settled

pytestmark = SQLITE_ONLY


async def test_retry_after_the_smtp_server_is_back_sends_both_emails_without_a_reload(db, tmp_path, page):
    port = free_port()
    settings = make_settings(db.url, tmp_path, smtp_port=port, job_max_attempts=1)
    order = await place_fabrikam_order()
    # Nobody listens on the port: one attempt each (job_max_attempts=1), then the order needs attention.
    assert await work_until_settled(settings, order.id) is OrderStatus.ATTENTION_NEEDED
    deliveries = await Delivery.filter(order_id=order.id).order_by("id")
    assert [(d.kind, d.status, d.attempts) for d in deliveries] == [
        (DeliveryKind.SUBMITTER_ADDENDUM, DeliveryStatus.FAILED, 1),
        (DeliveryKind.IMPLEMENTATION_LEAD, DeliveryStatus.FAILED, 1),
    ]
    assert all(d.last_error for d in deliveries)

    sink = SmtpServer(port).start()
    try:
        async with live_server(settings) as live:
            await sign_in(page, live, path=f"/orders/{order.id}")
            assert await page.inner_text("#order-status") == "ATTENTION_NEEDED"
            rows = [page.locator(f"#delivery-{d.id}") for d in deliveries]
            for row, delivery in zip(rows, deliveries, strict=True):
                assert await row.get_attribute("data-status") == "FAILED"
                assert delivery.last_error in await row.inner_text()
            # Survives only if the page is never reloaded.
            await page.evaluate("window.__sameDocument = true")

            for row in rows:
                await row.locator("button.retry").click()
                await page.wait_for_selector(f"#{await row.get_attribute('id')}[data-status=PENDING]")
            assert await page.inner_text("#order-status") == "PROCESSING"
            assert {d.status for d in await Delivery.filter(order_id=order.id)} == {DeliveryStatus.PENDING}

            assert await work_until_settled(settings, order.id) is OrderStatus.COMPLETED
            for delivery in deliveries:
                await page.wait_for_selector(f"#delivery-{delivery.id}[data-status=SENT]")
            # A selector, not wait_for_function: its polling evaluates a string, which the CSP forbids.
            await page.wait_for_selector("#order-status:text-is('COMPLETED')")
            assert await page.evaluate("window.__sameDocument") is True
            for row in rows:
                assert await row.locator("button.retry").count() == 0
            sent = await Delivery.filter(order_id=order.id).order_by("id")
            # The delivery counts every attempt: the refused one and the one that went through.
            assert [(d.status, d.attempts) for d in sent] == [
                (DeliveryStatus.SENT, 2),
                (DeliveryStatus.SENT, 2),
            ]
            assert sink.mailbox.recipients() == ["lena@northwind.example", "oscar@northwind.example"]
            assert (await Order.get(id=order.id)).completed_at is not None

            await page.reload()
            shot = await page.screenshot(path=str(tmp_path / "order-details.png"), full_page=True)
            assert shot.startswith(b"\x89PNG")
            if os.environ.get("PORTAL_UPDATE_SCREENSHOTS"):
                (ROOT / "docs" / "order-details.png").write_bytes(shot)
    finally:
        sink.stop()


async def test_retry_of_a_failed_addendum_requeues_it_and_the_page_shows_it_filed(db, tmp_path, page):
    settings = make_settings(db.url, tmp_path)
    order = await place_fabrikam_order()
    # The addendum step failed for good (as after its last attempt); the emails wait for it.
    await Job.filter(order_id=order.id, kind=JobKind.RENDER_ADDENDUM).update(
        state=JobState.FAILED, attempts=1, last_error="RenderError: font missing"
    )
    await Order.filter(id=order.id).update(status=OrderStatus.ATTENTION_NEEDED)

    async with live_server(settings) as live:
        await sign_in(page, live, path=f"/orders/{order.id}")
        assert await page.inner_text("#addendum-state") == "FAILED"
        assert "RenderError: font missing" in await page.inner_text("#addendum")
        await page.evaluate("window.__sameDocument = true")

        await page.click("#addendum button.retry")
        await page.wait_for_selector("#addendum-state:text('PENDING')")
        job = await Job.get(order_id=order.id, kind=JobKind.RENDER_ADDENDUM)
        assert (job.state, job.attempts) == (JobState.PENDING, 0)

        assert await work_until_settled(settings, order.id) is OrderStatus.COMPLETED
        link = page.locator("#addendum-link")
        await link.wait_for()
        assert await link.inner_text() == f"{order.number}-addendum.pdf"
        await page.wait_for_selector("#order-status:text-is('COMPLETED')")
        assert await page.evaluate("window.__sameDocument") is True
