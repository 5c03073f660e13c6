"""The admin's order page for a scheduled order: reference, date, change lines, proration, and why
an order that could not be applied needs attention."""

from __future__ import annotations

import datetime as dt

from playwright.async_api import expect

from graphql_portal.models import (
    Customer,
    Delivery,
    DeliveryKind,
    Order,
    OrderStatus,
)
from graphql_portal.ordering.schedule import apply_scheduled
from tests.support.admin import SQLITE_ONLY, http_sign_in, sign_in
from tests.support.demo import STAFF_PASSWORD
from tests.support.upgrades import scheduled_fabrikam

pytestmark = SQLITE_ONLY


async def stopped_fabrikam_order() -> tuple[Order, dt.date]:
    """Fabrikam's order for three days ahead, stopped on its date: the customer went to 55 seats."""
    now = dt.datetime.now(dt.UTC)
    effective_on = now.date() + dt.timedelta(days=3)
    order = await scheduled_fabrikam(now, effective_on)
    fabrikam = await Customer.get(account_code="FAB-001")
    await Customer.filter(id=fabrikam.id).update(seats=55, version=fabrikam.version + 1)
    on_the_day = dt.datetime.combine(effective_on, dt.time(0, 1), tzinfo=dt.UTC)
    assert (await apply_scheduled(order.id, on_the_day)).conflict
    return order, effective_on


async def test_a_scheduled_order_that_could_not_be_applied_shows_why(live, page):
    order, effective_on = await stopped_fabrikam_order()
    await sign_in(page, live, path=f"/orders/{order.id}")
    assert await page.inner_text("#order-status") == "ATTENTION_NEEDED"
    assert await page.inner_text("#partner-reference") == "PO-4711"
    assert (
        await page.inner_text("#effective-on")
        == f"{effective_on.isoformat()}, not applied: the customer had changed"
    )
    assert await page.inner_text("#attention-reason") == (
        f"The customer was changed by other means after order {order.number} was submitted "
        f"(seats 50 at submit, 55 now); the change of {effective_on.isoformat()} was not applied."
    )
    assert await page.locator("#change-lines tbody tr").all_inner_texts() == [
        "SEG-PRO\tSecure Email Gateway Professional\tPRIMARY\t+60\t2.50\t+150.00",
        "ADD-IMP\tImpersonation Protection\tADDON\t+60\t0.40\t+24.00",
        "ADD-URL\tURL Protection\tADDON\t+10\t0.48\t+4.80",
        "SEG-ESS\tSecure Email Gateway Essentials\tPRIMARY\t-50\t1.60\t-80.00",
    ]
    assert await page.inner_text("#prorated-charge") == f"{order.prorated_charge:+,.2f} USD".replace(
        "+-", "-"
    )


async def test_staff_close_a_stopped_order_after_a_confirmation_and_the_submitter_is_emailed(live, page):
    order, _effective_on = await stopped_fabrikam_order()
    fabrikam = await Customer.get(account_code="FAB-001")
    await sign_in(page, live, path="/")
    assert await page.inner_text("#count-attention") == "1"
    await page.goto(live.admin(f"/orders/{order.id}"))

    await page.get_by_role("link", name="Close as not applied").click()
    assert page.url == live.admin(f"/orders/{order.id}/close")
    confirm = page.locator("#confirm-close")
    await expect(confirm.locator("h1")).to_have_text(f"Close {order.number}?")
    await expect(confirm).to_contain_text("(seats 50 at submit, 55 now)")
    await expect(confirm).to_contain_text("emails Oscar Orders <oscar@northwind.example> why")
    await confirm.get_by_role("link", name="Keep open").click()
    assert page.url == live.admin(f"/orders/{order.id}")
    assert (await Order.get(id=order.id)).status is OrderStatus.ATTENTION_NEEDED

    await page.get_by_role("link", name="Close as not applied").click()
    await page.locator("#confirm-close").get_by_role("button", name="Close as not applied").click()
    await expect(page.locator(".flash-ok")).to_have_text(
        f"Order {order.number} is closed; the submitter is being emailed why."
    )
    assert page.url == live.admin(f"/orders/{order.id}")
    assert await page.inner_text("#order-status") == "CANCELLED"
    await expect(page.get_by_role("link", name="Close as not applied")).to_have_count(0)

    closed = await Order.get(id=order.id)
    assert (closed.status, closed.applied_at) == (OrderStatus.CANCELLED, None)
    assert closed.cancelled_at is not None
    deliveries = await Delivery.filter(order_id=order.id, kind=DeliveryKind.CANCELLATION).values_list(
        "recipient", flat=True
    )
    assert deliveries == ["oscar@northwind.example"]
    cancellation = await Delivery.get(order_id=order.id, kind=DeliveryKind.CANCELLATION)
    row = page.locator(f"#delivery-{cancellation.id} td").first
    await expect(row).to_have_text("Cancellation to the submitter")
    after = await Customer.get(id=fabrikam.id)
    assert (after.seats, after.version) == (55, fabrikam.version)
    await page.goto(live.admin("/"))
    assert await page.inner_text("#count-attention") == "0"

    # Closing again, or a page asked for by hand, changes nothing more.
    await page.goto(live.admin(f"/orders/{order.id}/close"))
    assert page.url == live.admin(f"/orders/{order.id}")
    await expect(page.locator(".flash-error")).to_have_text(
        f"Order {order.number} cannot be closed: it was not stopped on its date."
    )


async def test_closing_needs_the_csrf_token_and_a_stopped_order(live):
    order, _effective_on = await stopped_fabrikam_order()
    async with live.client() as client:
        csrf = await http_sign_in(client, STAFF_PASSWORD)
        refused = await client.post(f"/admin/orders/{order.id}/close", data={})
        assert refused.status_code == 403
        assert (await Order.get(id=order.id)).status is OrderStatus.ATTENTION_NEEDED

        missing = await client.post("/admin/orders/999999/close", data={"csrf_token": csrf})
        assert missing.status_code == 404
        assert (await client.get("/admin/orders/999999/close")).status_code == 404

        closed = await client.post(f"/admin/orders/{order.id}/close", data={"csrf_token": csrf})
        assert closed.status_code == 303
        again = await client.post(f"/admin/orders/{order.id}/close", data={"csrf_token": csrf})
        assert again.status_code == 303
        shown = await client.get(again.headers["location"])
        assert f"Order {order.number} is already cancelled." in shown.text
    assert await Delivery.filter(order_id=order.id, kind=DeliveryKind.CANCELLATION).count() == 1
