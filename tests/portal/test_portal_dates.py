"""Partner references, effective dates, proration and scheduled orders in the portal, in a real
browser, on a clock standing on Monday 2026-11-16, 09:30 UTC (the server and its worker read it)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.async_api import expect

from graphql_portal.ids import encode_id
from graphql_portal.models import (
    Customer,
    CustomerProduct,
    Delivery,
    DeliveryKind,
    Order,
    OrderStatus,
    Review,
)
from graphql_portal.ordering.schedule import apply_scheduled
from graphql_portal.ordering.status_messages import CUSTOMER_CHANGED
from tests.support.demo import customer, user_id
from tests.support.pages import open_confirmation_and_keep
from tests.support.portal import Portal, http_sign_in, review_terms, seeded_portal_at, sign_in

MON_16 = dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC)
OSCAR = "oscar@northwind.example"
VERA = "vera@northwind.example"
CARL = "carl@contoso.example"
PRO_REPLACES_ESSENTIALS = (
    "Secure Email Gateway Professional (replaces Secure Email Gateway Essentials), 2.50 USD per seat"
)
DELIVERY_TROUBLE = (
    "Your order was received, but its addendum or an email could not be sent yet; "
    "it is waiting for our staff to retry."
)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
async def portal(request, db_root, tmp_path_factory) -> Portal:
    """The portal with the demo data, its clock a file standing on 2026-11-16 09:30 UTC."""
    async with seeded_portal_at(request.param, db_root, tmp_path_factory.mktemp("var"), MON_16) as server:
        yield server


async def open_customer(page, portal: Portal, code: str) -> None:
    target = await customer(code)
    await page.goto(portal.at(f"/customers/{encode_id('Customer', target.id)}"))
    await expect(page.get_by_role("heading", level=1)).to_have_text(target.name)


async def counts() -> tuple[int, int]:
    return await Review.all().count(), await Order.all().count()


async def holdings(code: str) -> tuple[int, int, list[str]]:
    target = await customer(code)
    skus = await CustomerProduct.filter(customer_id=target.id).values_list("product__sku", flat=True)
    return target.seats, target.version, sorted(skus)


async def schedule_over_http(portal: Portal, code: str, seats: str, on: str, reference: str = "") -> str:
    """Oscar reviews and submits a seat change effective `on`, as the browser's forms would; the
    order's path."""
    target = await customer(code)
    async with portal.client() as oscar:
        csrf = await http_sign_in(oscar, OSCAR)
        reviewed = await oscar.post(
            f"/customers/{encode_id('Customer', target.id)}/review",
            data={
                "csrf_token": csrf,
                "seatAdjustment": seats,
                "mode": "KEEP_EXISTING",
                "implementationLeadId": encode_id("User", await user_id(OSCAR)),
                "partnerReference": reference,
                "effectiveOn": on,
            },
        )
        assert reviewed.status_code == 303, reviewed.text
        review_path = reviewed.headers["location"].split("?")[0]
        submitted = await oscar.post(
            review_path + "/submit",
            data={"csrf_token": csrf, "confirmMsa": "yes", "confirmAuthorized": "yes"},
        )
        assert submitted.status_code == 303, submitted.text
        return submitted.headers["location"]


async def test_the_worked_example_prorates_49_40_and_keeps_reference_and_date(portal, page):
    await sign_in(page, portal, OSCAR)
    await open_customer(page, portal, "FAB-001")
    await expect(page.locator("#reference-hint")).to_have_text(
        "Your purchase-order number or other reference, up to 64 characters."
    )
    await page.get_by_label("Seat Adjustment").fill("10")
    await page.get_by_label("Select New", exact=True).check()
    await page.get_by_label("New primary product").select_option(label=PRO_REPLACES_ESSENTIALS)
    await page.get_by_label("Impersonation Protection, 0.40 USD per seat").check()
    await page.get_by_label("Partner reference").fill("PO-2026-1187 <b>&amp;</b>")
    await page.get_by_label("Effective date").fill("2026-11-16")
    assert await review_terms(page, "Fabrikam Dental") == {
        "cost-change": "+98.80 USD",
        "prorated-charge": "+49.40 USD",
        "effective-on": "2026-11-16",
        "partner-reference": "PO-2026-1187 <b>&amp;</b>",
    }
    changes = page.locator("#change-lines")
    await expect(changes.locator("caption")).to_have_text("Changes")
    assert await changes.locator("tbody tr").all_inner_texts() == [
        "SEG-PRO\tSecure Email Gateway Professional\t+60\t2.50 USD\t+150.00 USD",
        "ADD-IMP\tImpersonation Protection\t+60\t0.40 USD\t+24.00 USD",
        "ADD-URL\tURL Protection\t+10\t0.48 USD\t+4.80 USD",
        "SEG-ESS\tSecure Email Gateway Essentials\t-50\t1.60 USD\t-80.00 USD",
    ]

    # "Change" goes back with the reference and the date still filled in.
    await page.get_by_role("button", name="Change").click()
    await expect(page.get_by_label("Partner reference")).to_have_value("PO-2026-1187 <b>&amp;</b>")
    await expect(page.get_by_label("Effective date")).to_have_value("2026-11-16")
    await expect(page.get_by_label("Seat Adjustment")).to_have_value("10")
    await page.get_by_role("button", name="Review Upgrade").click()

    await page.get_by_label("This order is governed by the MSA already in effect with the vendor").check()
    await page.get_by_label("I am authorized to place this order").check()
    await page.get_by_role("button", name="Submit").click()
    await page.wait_for_url(re.compile(r".*/orders/[A-Za-z0-9_-]+$"))
    assert await page.inner_text("#partner-reference") == "PO-2026-1187 <b>&amp;</b>"
    assert await page.inner_text("#effective-on") == "2026-11-16"
    assert await page.inner_text("#prorated-charge") == "+49.40 USD"
    # Effective today: the customer changes at submit; nothing to cancel.
    await expect(page.locator("#order-status-badge")).to_have_text("Completed", timeout=20_000)
    await expect(page.get_by_role("link", name="Cancel order")).to_have_count(0)
    order = await Order.get(partner_reference="PO-2026-1187 <b>&amp;</b>")
    assert (order.effective_on, str(order.prorated_charge)) == (dt.date(2026, 11, 16), "49.40")
    assert (await customer("FAB-001")).seats == 60


BAD_INPUT = [
    ("5", "   ", "", "#partnerReference-error", "The partner reference is empty; leave it out or give 1 to 64 characters."),
    ("5", "P" * 65, "", "#partnerReference-error", "The partner reference has 65 characters; at most 64 are allowed."),
    ("5", "PO\x07-17", "", "#partnerReference-error", "The partner reference may hold only printable characters."),
    ("5", "", "2026-11-15", "#effectiveOn-error", "The effective date 2026-11-15 has passed; the earliest is today, 2026-11-16."),
    (
        "5",
        "",
        "2026-12-18",
        "#effectiveOn-error",
        "The effective date 2026-12-18 is too far ahead; the latest is 2026-12-17 (31 days from today).",
    ),
    ("-2", "", "2026-11-20", "#effectiveOn-error", "A seat decrease takes effect on the 1st of a month; the earliest is 2026-12-01."),
]  # fmt: skip


async def test_a_bad_reference_or_date_shows_at_its_field_and_creates_nothing(portal, page):
    await sign_in(page, portal, OSCAR)
    before = await counts()
    for seats, reference, on, where, message in BAD_INPUT:
        await open_customer(page, portal, "SMP-001")
        await page.get_by_label("Seat Adjustment").fill(seats)
        await page.get_by_label("Partner reference").fill(reference)
        await page.get_by_label("Effective date").fill(on)
        async with page.expect_navigation() as answered:
            await page.get_by_role("button", name="Review Upgrade").click()
        assert (await answered.value).status == 400
        await expect(page.locator(where)).to_have_text(message)
        # The form comes back as it was sent.
        await expect(page.get_by_label("Partner reference")).to_have_value(reference)
        await expect(page.get_by_label("Effective date")).to_have_value(on)
    assert await counts() == before

    # A browser without a date picker sends what was typed: said at the field, not a crash.
    await open_customer(page, portal, "SMP-001")
    await page.eval_on_selector("#effectiveOn", "input => { input.type = 'text'; }")
    await page.get_by_label("Effective date").fill("16/11/2026")
    async with page.expect_navigation() as answered:
        await page.get_by_role("button", name="Review Upgrade").click()
    assert (await answered.value).status == 400
    await expect(page.locator("#effectiveOn-error")).to_have_text(
        "Enter a date that exists, or leave the field empty for the default."
    )
    assert await counts() == before

    # A decrease on a later 1st is allowed; effective on the 1st, nothing is prorated.
    await open_customer(page, portal, "SMP-001")
    await page.get_by_label("Seat Adjustment").fill("-2")
    await page.get_by_label("Effective date").fill("2026-12-01")
    # No partner reference given: the review shows none.
    assert await review_terms(page, "Sample Customer 01") == {
        "cost-change": "-3.20 USD",
        "prorated-charge": "0.00 USD",
        "effective-on": "2026-12-01",
    }
    assert await page.locator("#change-lines tbody tr").all_inner_texts() == [
        "SEG-ESS\tSecure Email Gateway Essentials\t-2\t1.60 USD\t-3.20 USD"
    ]
    assert await counts() == (before[0] + 1, before[1])


async def test_a_scheduled_order_waits_and_can_be_cancelled(portal, page):
    code = "TAIL-002"
    unchanged = await holdings(code)
    await sign_in(page, portal, OSCAR)
    # A second tab stays on the customer's Change Options while the first one orders.
    other_tab = await page.context.new_page()
    await open_customer(other_tab, portal, code)

    await open_customer(page, portal, code)
    await page.get_by_label("Seat Adjustment").fill("5")
    await page.get_by_label("Partner reference").fill("PO-77")
    await page.get_by_label("Effective date").fill("2026-11-20")
    # +5 seats of SEG-PRO, ARC-STD and ADD-ATT: 12.50, 6.00, 2.75 a month, each times 11/30 days.
    assert await review_terms(page, "Tailspin Travel") == {
        "cost-change": "+21.25 USD",
        "prorated-charge": "+7.79 USD",
        "effective-on": "2026-11-20",
        "partner-reference": "PO-77",
    }
    await page.get_by_label("This order is governed by the MSA already in effect with the vendor").check()
    await page.get_by_label("I am authorized to place this order").check()
    await page.get_by_role("button", name="Submit").click()
    await page.wait_for_url(re.compile(r".*/orders/[A-Za-z0-9_-]+$"))
    order_url = page.url
    await expect(page.locator("#order-status-badge")).to_have_text("Scheduled", timeout=20_000)
    await expect(page.locator("#order-status .message")).to_have_text(
        "Your order is scheduled: it changes the customer on its effective date."
    )
    await expect(page.get_by_role("link", name="Cancel order")).to_be_visible()
    order = await Order.get(partner_reference="PO-77")
    number = order.number
    assert (order.status, order.effective_on) == (OrderStatus.SCHEDULED, dt.date(2026, 11, 20))
    assert await holdings(code) == unchanged

    # The customer's page names the pending order instead of offering Change Options.
    await open_customer(page, portal, code)
    await expect(page.locator("#change-options-why")).to_have_text(
        f"Order {number} changes this customer on 2026-11-20. "
        "No other change can be reviewed until it takes effect or is cancelled."
    )
    await expect(page.get_by_role("button", name="Review Upgrade")).to_have_count(0)
    # The other tab still shows the form; reviewing from it is refused with the API's reason.
    await other_tab.get_by_label("Seat Adjustment").fill("1")
    await other_tab.get_by_role("button", name="Review Upgrade").click()
    await expect(other_tab.locator(".flash-error")).to_have_text(
        f"Order {number} changes this customer on 2026-11-20; "
        "no other change can be reviewed until then unless that order is cancelled."
    )
    await expect(other_tab.locator("#change-options-why a")).to_have_text(number)
    await other_tab.close()

    # Vera (VIEWER) sees no Cancel, and her forged POST is refused; Carl's partner sees nothing.
    order_path = order_url.removeprefix(portal.url)
    async with portal.client() as vera, portal.client() as carl, portal.client() as oscar:
        vera_csrf = await http_sign_in(vera, VERA)
        shown = await vera.get(order_path)
        assert shown.status_code == 200 and "Cancel order" not in shown.text
        assert (await vera.get(order_path + "/cancel")).status_code == 403
        forged = await vera.post(order_path + "/cancel", data={"csrf_token": vera_csrf})
        assert forged.status_code == 403
        carl_csrf = await http_sign_in(carl, CARL)
        assert (await carl.get(order_path + "/cancel")).status_code == 404
        assert (await carl.post(order_path + "/cancel", data={"csrf_token": carl_csrf})).status_code == 404
        await http_sign_in(oscar, OSCAR)
        assert (await oscar.post(order_path + "/cancel", data={})).status_code == 403
        assert (await oscar.post("/orders/nonsense/cancel", data={})).status_code == 403
    assert (await Order.get(id=order.id)).status is OrderStatus.SCHEDULED

    # Cancel asks first; "Keep order" goes back and keeps it.
    await page.goto(order_url)
    await open_confirmation_and_keep(
        page,
        page.get_by_role("link", name="Cancel order"),
        f"Cancel order {number}?",
        [
            "the customer stays as it is;",
            # Oscar leads Tailspin's implementation too: one email.
            "Oscar Orders, who submitted it, gets an email saying so;",
            "its addendum stays in the customer's Attachments, marked “Void (order cancelled)”.",
        ],
        keep="Keep order",
    )
    assert page.url == order_url
    await expect(page.locator("#order-status-badge")).to_have_text("Scheduled")

    await page.get_by_role("link", name="Cancel order").click()
    await page.get_by_role("button", name="Cancel order").click()
    await page.wait_for_url(order_url)
    await expect(page.locator("#order-status-badge")).to_have_text("Cancelled")
    await expect(page.locator(".flash-ok")).to_have_text(
        f"Order {number} is cancelled; the customer stays as it is."
    )
    assert await page.inner_text("#cancelled-at") == "2026-11-16 09:30 UTC"
    await expect(page.get_by_role("link", name="Cancel order")).to_have_count(0)
    cancelled = await Order.get(id=order.id)
    assert (cancelled.status, cancelled.cancelled_at) == (OrderStatus.CANCELLED, MON_16)
    assert await holdings(code) == unchanged

    for _ in range(200):
        if (await Delivery.get(order_id=order.id, kind=DeliveryKind.CANCELLATION)).sent_at:
            break
        await page.wait_for_timeout(100)
    subjects = [m.message["Subject"] for m in portal.mail.to(OSCAR)]
    assert subjects.count(f"Order {number} for Tailspin Travel: cancelled") == 1
    # The order page names each email by whom it is for, the cancellation too.
    await page.reload()
    await page.reload()
    assert await page.locator("#emails .email").all_inner_texts() == [
        "to the submitter, with the addendum Sent",
        "to the implementation lead Sent",
        "the cancellation, to the submitter Sent",
    ]
    # The addendum stays a record, marked void: on the order, in Orders and in Attachments.
    await expect(page.locator("#addendum-void")).to_have_text("Void (order cancelled)")
    addendum = page.locator("#addendum-link")
    async with page.expect_download() as info:
        await addendum.click()
    assert (await (await info.value).path()).read_bytes().startswith(b"%PDF")
    await page.goto(portal.url + "/orders?reference=po-77")
    first = page.locator("tbody tr").first
    assert await first.locator("span.badge[title]").all_inner_texts() == [
        "Submitter: Sent",
        "Lead: Sent",
        "Cancellation: Sent",
    ]
    await expect(first.locator(".void")).to_have_text("Void (order cancelled)")
    await open_customer(page, portal, code)
    await expect(page.locator("#attachments tbody tr").first.locator(".void")).to_have_text(
        "Void (order cancelled)"
    )

    # Cancelling again (another tab, a back button) shows the API's reason on the order page.
    async with portal.client() as oscar:
        csrf = await http_sign_in(oscar, OSCAR)
        again = await oscar.post(order_path + "/cancel", data={"csrf_token": csrf})
        assert (again.status_code, again.headers["location"]) == (303, order_path)
        shown = await oscar.get(order_path)
        assert f"Order {number} is already cancelled." in shown.text

    # Nothing is pending any more: Change Options are back.
    await open_customer(page, portal, code)
    await expect(page.get_by_role("button", name="Review Upgrade")).to_be_visible()


async def test_an_order_needing_attention_says_why(portal, page):
    # Scheduled, then the customer changed by other means before the date: not applied.
    order_path = await schedule_over_http(portal, "SMP-002", "1", "2026-11-18", "PO-DRIFT")
    order = await Order.get(partner_reference="PO-DRIFT")
    for _ in range(200):
        order = await Order.get(id=order.id)
        if order.status is OrderStatus.SCHEDULED:
            break
        await page.wait_for_timeout(100)
    target = await customer("SMP-002")
    await Customer.filter(id=target.id).update(seats=target.seats + 3, version=target.version + 1)
    assert (await apply_scheduled(order.id, dt.datetime(2026, 11, 18, 0, 1, tzinfo=dt.UTC))).conflict

    await sign_in(page, portal, OSCAR, order_path)
    await expect(page.locator("#order-status-badge")).to_have_text("Attention needed")
    await expect(page.locator("#order-status .message")).to_have_text(CUSTOMER_CHANGED)
    await expect(page.get_by_role("link", name="Cancel order")).to_have_count(0)
    # A confirmation page left open in another tab: its date has come, and the API says so.
    await page.goto(portal.at(order_path + "/cancel"))
    await page.get_by_role("button", name="Cancel order").click()
    await page.wait_for_url(portal.at(order_path))
    await expect(page.locator(".flash-error")).to_have_text(
        f"Order {order.number} was due on 2026-11-18; an order can be cancelled only before its effective date."
    )
    assert (await Order.get(id=order.id)).cancelled_at is None
    # No longer pending: the customer may be reviewed again.
    await open_customer(page, portal, "SMP-002")
    await expect(page.get_by_role("button", name="Review Upgrade")).to_be_visible()

    # An email or the addendum that could not be sent is the other reason.
    other_path = await schedule_over_http(portal, "SMP-003", "1", "")
    other = await Order.filter(customer_id=(await customer("SMP-003")).id).order_by("-id").first()
    for _ in range(200):
        other = await Order.get(id=other.id)
        if other.status is OrderStatus.COMPLETED:
            break
        await page.wait_for_timeout(100)
    await Order.filter(id=other.id).update(status=OrderStatus.ATTENTION_NEEDED)
    await page.goto(portal.at(other_path))
    await expect(page.locator("#order-status .message")).to_have_text(DELIVERY_TROUBLE)
