"""The portal for people, walked as partners would at 1280 px and on a 390 px phone: every page
without sideways scrolling and with no axe-core violation (all its rules), errors in view, no
silent choices, the running total, the keyboard, roles, lists and the CSV.

The server and its worker stand on Monday 2026-11-16, 09:30 UTC (a file clock).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import httpx
import pytest
from playwright.async_api import expect

from graphql_portal.auth import create_user_token, issue_invitation
from graphql_portal.ids import encode_id
from graphql_portal.models import (
    Customer,
    CustomerProduct,
    Order,
    OrderStatus,
    PartnerUser,
    ProductKind,
    UserRole,
    UserStatus,
)
from tests.support.axe import LAPTOP, PHONE, check_page, require_axe, serve_axe
from tests.support.demo import customer, user_id
from tests.support.portal import PASSWORDS, Portal, http_sign_in, seeded_portal_at, sign_in

MON_16 = dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC)
ALICE, OSCAR, VERA = "alice@northwind.example", "oscar@northwind.example", "vera@northwind.example"
PRO = "Secure Email Gateway Professional (replaces Secure Email Gateway Essentials), 2.50 USD per seat"
IMPERSONATION = "Impersonation Protection, 0.40 USD per seat"
MSA_BOX = "This order is governed by the MSA already in effect with the vendor"
AUTHORIZED_BOX = "I am authorized to place this order"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
async def portal(request, db_root, tmp_path_factory) -> Portal:
    """The portal with the demo data, its clock a file standing on 2026-11-16 09:30 UTC."""
    async with seeded_portal_at(request.param, db_root, tmp_path_factory.mktemp("var"), MON_16) as server:
        yield server


async def new_page(browser, portal: Portal, viewport: dict):
    """A fresh browser context at `viewport`, able to run axe-core on the portal's pages."""
    context = await browser.new_context(viewport=viewport, accept_downloads=True)
    context.set_default_timeout(10_000)
    await serve_axe(context, portal.url)
    return await context.new_page()


async def customer_path(code: str) -> str:
    return f"/customers/{encode_id('Customer', (await customer(code)).id)}"


async def wait_for_status(order_id: int, status: OrderStatus, page) -> Order:
    for _ in range(300):
        order = await Order.get(id=order_id)
        if order.status is status:
            return order
        await page.wait_for_timeout(100)
    raise AssertionError(f"order {order_id} is {order.status}, not {status}")


async def submit_over_http(portal: Portal, code: str, seats: str, on: str = "", reference: str = "") -> str:
    """Oscar reviews and submits a seat change of `code`, as the forms would; the order's path."""
    async with portal.client() as oscar:
        csrf = await http_sign_in(oscar, OSCAR)
        reviewed = await oscar.post(
            await customer_path(code) + "/review",
            data={
                "csrf_token": csrf,
                "seatAdjustment": seats,
                "mode": "KEEP_EXISTING",
                "implementationLeadId": encode_id("User", await user_id("lena@northwind.example")),
                "partnerReference": reference,
                "effectiveOn": on,
            },
        )
        assert reviewed.status_code == 303, reviewed.text
        submitted = await oscar.post(
            reviewed.headers["location"].split("?")[0] + "/submit",
            data={"csrf_token": csrf, "confirmMsa": "yes", "confirmAuthorized": "yes"},
        )
        assert submitted.status_code == 303, submitted.text
        return submitted.headers["location"]


# -- every page, at both widths ---------------------------------------------------------------------


async def test_every_page_fits_a_phone_and_passes_every_axe_rule_at_both_widths(portal, browser):
    require_axe()
    # What the pages show: a completed order, a scheduled one, a cancelled one (its addendum void),
    # a deactivated user, an invitation waiting.
    completed = await submit_over_http(portal, "SMP-004", "3")
    scheduled = await submit_over_http(portal, "SMP-005", "2", "2026-11-20", "PO-SWEEP")
    cancelled = await submit_over_http(portal, "SMP-006", "2", "2026-11-20", "PO-VOID")
    for path, status in ((completed, OrderStatus.COMPLETED), (scheduled, OrderStatus.SCHEDULED)):
        await wait_for_status(_pk(path), status, _Sleeper())
    void = await wait_for_status(_pk(cancelled), OrderStatus.SCHEDULED, _Sleeper())
    async with portal.client() as oscar:
        csrf = await http_sign_in(oscar, OSCAR)
        assert (await oscar.post(cancelled + "/cancel", data={"csrf_token": csrf})).status_code == 303
    assert (await Order.get(id=void.id)).status is OrderStatus.CANCELLED
    northwind = (await PartnerUser.get(email_key=ALICE)).partner_id
    await PartnerUser.create(
        partner_id=northwind,
        name="Dora Gone",
        email="dora@northwind.example",
        email_key="dora@northwind.example",
        role=UserRole.VIEWER,
        status=UserStatus.DEACTIVATED,
    )
    async with portal.client() as alice:
        csrf = await http_sign_in(alice, ALICE)
        made = await alice.post(
            "/users",
            data={
                "csrf_token": csrf,
                "name": "Ina Invited",
                "email": "ina@northwind.example",
                "role": "VIEWER",
            },
        )
        assert made.status_code == 303
    invitation = "/invitation/" + await issue_invitation(
        await PartnerUser.get(email_key="ina@northwind.example")
    )
    reset = "/invitation/" + await issue_invitation(await PartnerUser.get(email_key="lena@northwind.example"))

    fabrikam, tailspin, litware = [await customer_path(c) for c in ("FAB-001", "TAIL-002", "LIT-003")]
    problems: list[str] = []
    for viewport in (LAPTOP, PHONE):
        page = await new_page(browser, portal, viewport)
        try:
            # Signed out.
            for path in (
                "/signin",
                "/forgot-password",
                invitation,
                reset,
                "/signin?next=%2Forders",
            ):
                await page.goto(portal.at(path))
                problems += await check_page(page, path)
            await page.get_by_label("Email").fill(ALICE)
            await page.get_by_label("Password").fill("wrong password")
            await page.get_by_role("button", name="Sign in").click()
            problems += await check_page(page, "sign-in refused")
            await sign_in(page, portal, ALICE)
            for path in (
                "/customers",
                "/customers?sort=cost&dir=desc",
                "/customers?q=zz-nobody",
                fabrikam,
                tailspin,
                litware,
                await customer_path("SMP-006"),
                "/orders",
                "/orders?status=CANCELLED",
                "/orders?q=nobody-at-all",
                completed,
                scheduled,
                scheduled + "/cancel",
                cancelled,
                "/users",
                f"/users/{encode_id('User', await user_id(OSCAR))}/deactivate",
                "/activity",
                "/activity?type=ORDER_CANCELLED",
                "/webhooks",
                "/password",
                "/customers/not-a-customer",
            ):
                await page.goto(portal.at(path))
                problems += await check_page(page, path)

            # Forms that came back with errors.
            await page.goto(portal.at(fabrikam))
            await page.get_by_label("Seat Adjustment").fill("-5")
            await page.get_by_label("Select New", exact=True).check()
            await page.get_by_label("Partner reference").fill("x" * 70)
            await page.get_by_role("button", name="Review Upgrade").click()
            await expect(page.locator("#error-summary")).to_be_visible()
            problems += await check_page(page, "Change Options with errors")
            await page.get_by_label("Seat Adjustment").fill("10")
            await page.get_by_label("New primary product").select_option(label=PRO)
            await page.get_by_label("Partner reference").fill("")
            await expect(page.locator("#total-seats")).to_have_text("50 → 60 seats")
            problems += await check_page(page, "Change Options with its running total")
            await page.locator("#lead-field summary").click()
            await page.get_by_label("Email", exact=True).fill("lena@NORTHWIND.example")
            await page.locator("#lead-field").get_by_role("button", name="Create user").click()
            await expect(page.get_by_role("button", name="Select Lena Lead instead")).to_be_visible()
            problems += await check_page(page, "Create user inline with errors")
            await page.get_by_role("button", name="Review Upgrade").click()
            await page.wait_for_url(re.compile(r".*/reviews/.+"))
            problems += await check_page(page, "Review Upgrade")
            await page.get_by_role("button", name="Submit").click()
            await expect(page.locator("#error-summary")).to_be_visible()
            problems += await check_page(page, "Review Upgrade with errors")
            await page.goto(portal.at("/users"))
            await page.get_by_role("button", name="Create user").click()
            problems += await check_page(page, "Users with errors")
            await page.goto(portal.at("/password"))
            await page.get_by_role("button", name="Change password").click()
            problems += await check_page(page, "Your password with errors")

            # A VIEWER's customer page names the ADMINs to ask.
            await page.context.clear_cookies()
            await sign_in(page, portal, VERA, fabrikam)
            problems += await check_page(page, "a VIEWER's customer page")
            # The invitation welcomes; a password reset asks for a new password.
            if viewport == LAPTOP:
                await page.goto(portal.at(invitation))
                await expect(page.get_by_role("heading", level=1)).to_have_text("Welcome, Ina Invited")
                await page.goto(portal.at(reset))
                await expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
        finally:
            await page.context.close()
    assert problems == []


def _pk(path: str) -> int:
    from graphql_portal.ids import decode_id

    return decode_id(path.rsplit("/", 1)[1], "Order")


class _Sleeper:
    """What `wait_for_status` needs of a page when there is none yet: a pause."""

    async def wait_for_timeout(self, ms: float) -> None:
        import asyncio

        await asyncio.sleep(ms / 1000)


# -- errors are seen ---------------------------------------------------------------------------------


async def in_view(page, selector: str) -> bool:
    """Whether the element is wholly inside the window as it is scrolled now."""
    return await page.eval_on_selector(
        selector,
        """e => { const r = e.getBoundingClientRect();
                  return r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth; }""",
    )


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1280", "390"])
async def test_the_error_summary_is_focused_in_view_and_ticked_boxes_stay_ticked(portal, browser, viewport):
    page = await new_page(browser, portal, viewport)
    try:
        await sign_in(page, portal, OSCAR, await customer_path("SMP-007"))
        await page.get_by_label("Seat Adjustment").fill("4")
        await page.get_by_role("button", name="Review Upgrade").click()
        await page.wait_for_url(re.compile(r".*/reviews/.+"))
        await page.get_by_label(MSA_BOX).check()
        await page.get_by_role("button", name="Submit").click()
        summary = page.locator("#error-summary")
        await expect(summary).to_be_focused()
        await expect(summary).to_have_attribute("role", "alert")
        assert await in_view(page, "#error-summary")
        await expect(summary.get_by_role("link")).to_have_text(
            ["Confirm that you are authorized to place this order."]
        )
        # The box that was ticked stays ticked; the one in error is marked and described.
        await expect(page.get_by_label(MSA_BOX)).to_be_checked()
        box = page.get_by_label(AUTHORIZED_BOX)
        await expect(box).not_to_be_checked()
        await expect(box).to_have_attribute("aria-invalid", "true")
        await expect(box).to_have_attribute("aria-describedby", "confirmAuthorized-error")
        await expect(page.locator("#confirmAuthorized-error")).to_have_text(
            "Confirm that you are authorized to place this order."
        )
        await expect(page.get_by_label(MSA_BOX)).not_to_have_attribute("aria-invalid", "true")
        # Its link leads to the field.
        await summary.get_by_role("link").click()
        await expect(page).to_have_url(re.compile(r"#confirmAuthorized$"))
        assert await in_view(page, "#confirmAuthorized")

        # Change Options too: the summary first, each field with its message.
        await page.goto(portal.at(await customer_path("SMP-007")))
        await page.get_by_label("Seat Adjustment").fill("ten")
        await page.get_by_role("button", name="Review Upgrade").click()
        await expect(page.locator("#error-summary")).to_be_focused()
        assert await in_view(page, "#error-summary")
        seats = page.get_by_label("Seat Adjustment")
        await expect(seats).to_have_attribute("aria-invalid", "true")
        await expect(seats).to_have_attribute("aria-describedby", "seat-hint seatAdjustment-error")
        await expect(seats).to_have_value("ten")
    finally:
        await page.context.close()


# -- no silent choices -----------------------------------------------------------------------------


async def test_picking_a_product_chooses_its_mode_and_never_a_silent_choice(portal, browser):
    page = await new_page(browser, portal, LAPTOP)
    try:
        await sign_in(page, portal, OSCAR, await customer_path("SMP-008"))
        add_to, select_new = (
            page.get_by_label("Primary product to add"),
            page.get_by_label("New primary product"),
        )
        for select in (add_to, select_new):
            await expect(select.locator("option:checked")).to_have_text("Choose a product…")
        await expect(page.get_by_label(re.compile(r"^Keep Existing \("))).to_be_checked()
        await select_new.select_option(index=1)
        await expect(page.get_by_label("Select New", exact=True)).to_be_checked()
        await add_to.select_option("CONT-STD")
        await expect(page.get_by_label("Add to", exact=True)).to_be_checked()
        await expect(select_new.locator("option:checked")).to_have_text("Choose a product…")
        # Choosing a mode puts the other mode's product back to the placeholder.
        await page.get_by_label(re.compile(r"^Keep Existing \(")).check()
        await expect(add_to.locator("option:checked")).to_have_text("Choose a product…")
        # A mode without its product is refused at the drop-down, by the page's own words.
        await page.get_by_label("Add to", exact=True).check()
        await page.get_by_role("button", name="Review Upgrade").click()
        await expect(page.locator("#addToSku-error")).to_have_text("Choose the primary product to add.")
    finally:
        await page.context.close()

    # Without JavaScript the server refuses a product picked under another mode.
    context = await browser.new_context(viewport=LAPTOP, java_script_enabled=False)
    context.set_default_timeout(10_000)
    page = await context.new_page()
    try:
        await sign_in(page, portal, OSCAR, await customer_path("FAB-001"))
        await page.get_by_label("Seat Adjustment").fill("10")
        await page.get_by_label("New primary product").select_option(label=PRO)
        await expect(page.get_by_label(re.compile(r"^Keep Existing \("))).to_be_checked()
        await page.get_by_role("button", name="Review Upgrade").click()
        await expect(page.locator("#mode-error")).to_have_text(
            "A product is chosen in “New primary product” but “Keep Existing” is selected: "
            "choose “Select New”, or set “New primary product” back to “Choose a product…”."
        )
        assert "/reviews/" not in page.url
        await expect(page.get_by_label("New primary product")).to_have_value("SEG-PRO|SEG-ESS")
    finally:
        await context.close()


# -- the price while editing -------------------------------------------------------------------------


async def test_the_running_total_matches_the_review(portal, browser):
    page = await new_page(browser, portal, LAPTOP)
    try:
        reviews = await _reviews_of("FAB-001")
        await sign_in(page, portal, OSCAR, await customer_path("FAB-001"))
        total = page.locator("#running-total")
        await expect(total).to_have_attribute("aria-live", "polite")
        await expect(total).to_have_text(
            re.compile(r"^\s*No change yet:\s+50 seats · 104.00 USD a month\s*$")
        )
        await page.get_by_label("Seat Adjustment").fill("10")
        await expect(page.locator("#total-seats")).to_have_text("50 → 60 seats")
        await page.get_by_label("Primary Implementation Lead").select_option(
            label="Lena Lead (lena@northwind.example)"
        )
        await page.get_by_label("New primary product").select_option(label=PRO)
        await page.get_by_label(IMPERSONATION).check()
        await expect(total.locator(".total-line")).to_have_text(
            "With these changes: 50 → 60 seats · 104.00 → 202.80 USD a month · 49.40 USD now"
        )
        # A later date: the amount falls due on that date.
        await page.get_by_label("Effective date").fill("2026-11-30")
        await expect(page.locator("#total-now")).to_have_text("3.29 USD on 2026-11-30")
        await page.get_by_label("Effective date").fill("")
        await expect(page.locator("#total-now")).to_have_text("49.40 USD now")
        shown = {k: await page.inner_text(f"#total-{k}") for k in ("seats", "monthly", "now")}
        await page.get_by_role("button", name="Review Upgrade").click()
        await page.wait_for_url(re.compile(r".*/reviews/.+"))
        assert await page.inner_text("#seats") == shown["seats"].removesuffix(" seats")
        assert (
            shown["monthly"]
            == f"{(await page.inner_text('#cost-before')).removesuffix(' USD')} → "
            + (await page.inner_text("#cost-after"))
            + " a month"
        )
        assert await page.inner_text("#prorated-charge") == "+" + shown["now"].removesuffix(" now")
        # The figures that matter lead the review; each table ends with its total.
        await expect(page.locator("#key-figures .key-label")).to_have_text(
            ["Monthly cost after", "Prorated charge"]
        )
        await expect(page.locator("#change-lines tfoot")).to_have_text(
            re.compile(r"Change a month\s*\+98.80 USD")
        )
        await expect(page.locator("#lines-after tfoot")).to_have_text(
            re.compile(r"Total a month\s*202.80 USD")
        )
        await expect(page.locator("#lines-before tfoot")).to_have_text(
            re.compile(r"Total a month\s*104.00 USD")
        )
        gaps = await page.evaluate(
            """() => [...document.querySelectorAll('.table-wrap')].map(e => e.getBoundingClientRect())
                 .map((r, i, all) => i ? r.top - all[i - 1].bottom : null).slice(1, 2)"""
        )
        assert gaps[0] > 8, gaps  # the tables do not touch
        # Nothing was stored while editing: one review more, the one just made.
        assert await _reviews_of("FAB-001") == reviews + 1
    finally:
        await page.context.close()


async def _reviews_of(code: str) -> int:
    from graphql_portal.models import Review

    return await Review.filter(customer_id=(await customer(code)).id).count()


# -- keyboard -------------------------------------------------------------------------------------


async def test_the_seed_order_placed_by_keyboard_alone(portal, browser):
    page = await new_page(browser, portal, LAPTOP)
    keyboard = page.keyboard
    try:
        await page.goto(portal.at("/signin"))
        # The Email field has the focus already; the skip link is still the page's first stop.
        first = await page.evaluate(
            "() => document.querySelector('a[href], button, input:not([type=hidden]), select').textContent"
        )
        assert first == "Skip to content"
        await expect(page.get_by_label("Email")).to_be_focused()
        await keyboard.type(ALICE)
        await keyboard.press("Tab")
        await keyboard.type(PASSWORDS[ALICE])
        await keyboard.press("Enter")
        await page.wait_for_url(portal.at("/customers"))

        # "Skip to content" first, then straight to the page's own content.
        await keyboard.press("Tab")
        await expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
        await keyboard.press("Enter")
        await keyboard.press("Tab")
        await expect(page.get_by_label("Search")).to_be_focused()
        await keyboard.type("FAB-001")
        await keyboard.press("Enter")
        await page.wait_for_url(re.compile(r".*q=FAB-001"))
        await _tab_to(page, "link", "Fabrikam Dental")
        await keyboard.press("Enter")
        await expect(page.get_by_role("heading", level=1)).to_have_text("Fabrikam Dental")

        await _tab_to(page, "textbox", "Seat Adjustment")
        await keyboard.press("Control+A")
        await keyboard.type("10")
        await _tab_to(page, "combobox", "New primary product")
        await keyboard.type("Secure Email Gateway Pro")  # type-ahead picks Professional
        await expect(page.get_by_label("New primary product")).to_have_value("SEG-PRO|SEG-ESS")
        await expect(page.get_by_label("Select New", exact=True)).to_be_checked()
        await _tab_to(page, "checkbox", IMPERSONATION)
        await keyboard.press("Space")
        await expect(page.locator("#total-monthly")).to_have_text("104.00 → 202.80 USD a month")
        await _tab_to(page, "button", "Review Upgrade")
        await keyboard.press("Enter")
        await page.wait_for_url(re.compile(r".*/reviews/.+"))
        assert await page.inner_text("#cost-after") == "202.80 USD"

        await _tab_to(page, "checkbox", MSA_BOX)
        await keyboard.press("Space")
        await keyboard.press("Tab")
        await keyboard.press("Space")
        await expect(page.get_by_label(AUTHORIZED_BOX)).to_be_checked()
        await _tab_to(page, "button", "Submit")
        # The focus ring on a teal button: 3 px, drawn 2 px outside it on what surrounds it, with
        # at least 3:1 against that.
        ring = await page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                       let around = e.parentElement, bg = 'rgba(0, 0, 0, 0)';
                       for (; around; around = around.parentElement) {
                           bg = getComputedStyle(around).backgroundColor;
                           if (!bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') break;
                       }
                       return [s.outlineStyle, s.outlineWidth, s.outlineOffset, s.outlineColor, bg, s.backgroundColor]; }"""
        )
        assert ring[:3] == ["solid", "3px", "2px"], ring
        assert ring[5] == "rgb(10, 90, 98)", ring  # the teal of the button itself
        assert _contrast(ring[3], ring[4]) >= 3, ring
        await keyboard.press("Enter")
        await page.wait_for_url(re.compile(r".*/orders/[A-Za-z0-9_-]+$"))
        await expect(page.locator("#order-status-badge")).to_have_text("Completed", timeout=20_000)
        fabrikam = await customer("FAB-001")
        assert (fabrikam.seats, fabrikam.implementation_lead_id) == (
            60,
            await user_id("lena@northwind.example"),
        )
    finally:
        await page.context.close()


async def _tab_to(page, role: str, name: str, limit: int = 80) -> None:
    """Press Tab until the control `role` named `name` has focus (as a person reaching it would)."""
    target = page.get_by_role(role, name=name, exact=True)
    for _ in range(limit):
        await page.keyboard.press("Tab")
        if await target.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached the {role} {name!r}")


def _rgb(text: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", text)[:3])


def _contrast(one: str, other: str) -> float:
    def luminance(rgb):
        parts = [c / 255 for c in rgb]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in parts]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    a, b = sorted((luminance(_rgb(one)), luminance(_rgb(other))), reverse=True)
    return (a + 0.05) / (b + 0.05)


async def test_the_status_line_swaps_its_inside_only_and_stops_asking_once_settled(portal, browser):
    page = await new_page(browser, portal, LAPTOP)
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url) if request.url.endswith("/status") else None)
    try:
        async with portal.worker_paused():
            path = await submit_over_http(portal, "SMP-009", "1")
            await sign_in(page, portal, OSCAR, path)
            await expect(page.locator("#order-status-badge")).to_have_text("Processing")
            await page.evaluate("() => { document.querySelector('#order-status').dataset.kept = 'yes'; }")
            await page.wait_for_timeout(1500)
            assert len(asked) >= 1
        await expect(page.locator("#order-status-badge")).to_have_text("Completed", timeout=20_000)
        await expect(page.locator("#addendum-link")).to_be_visible()
        # The same region is still there (only its inside was replaced) ...
        assert await page.evaluate("() => document.querySelector('#order-status').dataset.kept") == "yes"
        # ... so focus inside it stays where it is, and the asking has stopped.
        await page.locator("#addendum-link").focus()
        settled = len(asked)
        await page.wait_for_timeout(2500)
        assert len(asked) == settled
        await expect(page.locator("#addendum-link")).to_be_focused()
    finally:
        await page.context.close()


# -- roles -----------------------------------------------------------------------------------------


async def test_change_role_and_the_last_admin(portal, browser):
    page = await new_page(browser, portal, LAPTOP)
    try:
        await sign_in(page, portal, ALICE, "/users")
        rows = page.locator("#users tbody tr")

        def row(email):
            return rows.filter(has_text=email)

        # The last active ADMIN keeps the role: said where Alice looks, nothing changes.
        await row(ALICE).get_by_label("Role of Alice Admin", exact=True).select_option("VIEWER")
        await row(ALICE).get_by_role("button", name="Change role of Alice Admin").click()
        await expect(page.locator(".flash-error")).to_have_text(
            "Alice Admin is the last active ADMIN: make someone else ADMIN first."
        )
        await expect(row(ALICE).locator("td").nth(2)).to_have_text("ADMIN")

        # Vera (VIEWER) is told whom to ask; Alice makes her ORDERING, and Oscar ADMIN.
        await row(VERA).get_by_label("Role of Vera Viewer", exact=True).select_option("ORDERING")
        await row(VERA).get_by_role("button", name="Change role of Vera Viewer").click()
        await expect(page.locator(".flash-ok")).to_have_text("Vera Viewer is ORDERING now.")
        await expect(row(VERA).locator("td").nth(2)).to_have_text("ORDERING")
        assert (await PartnerUser.get(email_key=VERA)).role is UserRole.ORDERING
        await row(OSCAR).get_by_label("Role of Oscar Orders", exact=True).select_option("ADMIN")
        await row(OSCAR).get_by_role("button", name="Change role of Oscar Orders").click()
        await expect(row(OSCAR).locator("td").nth(2)).to_have_text("ADMIN")

        # Another ADMIN remains: Alice may step down, and the Users page is no longer hers.
        await row(ALICE).get_by_label("Role of Alice Admin", exact=True).select_option("ORDERING")
        await row(ALICE).get_by_role("button", name="Change role of Alice Admin").click()
        await page.wait_for_url(portal.at("/customers"))
        await expect(page.locator(".flash-ok")).to_have_text("Alice Admin is ORDERING now.")
        await expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(
            ["Customers", "Orders"]
        )

        # Oscar is now the last: he can neither step down nor be deactivated by anyone.
        await page.context.clear_cookies()
        await sign_in(page, portal, OSCAR, "/users")
        await row(OSCAR).get_by_label("Role of Oscar Orders", exact=True).select_option("VIEWER")
        await row(OSCAR).get_by_role("button", name="Change role of Oscar Orders").click()
        await expect(page.locator(".flash-error")).to_have_text(
            "Oscar Orders is the last active ADMIN: make someone else ADMIN first."
        )
        await expect(row(OSCAR).get_by_role("link", name="Deactivate Oscar Orders")).to_have_count(0)
    finally:
        await page.context.close()
        await PartnerUser.filter(email_key__in=[ALICE]).update(role=UserRole.ADMIN)
        await PartnerUser.filter(email_key__in=[OSCAR]).update(role=UserRole.ORDERING)
        await PartnerUser.filter(email_key__in=[VERA]).update(role=UserRole.VIEWER)
    # Anyone but an ADMIN is refused, the form or not.
    async with portal.client() as vera:
        csrf = await http_sign_in(vera, VERA)
        path = f"/users/{encode_id('User', await user_id(OSCAR))}/role"
        refused = await vera.post(path, data={"csrf_token": csrf, "role": "VIEWER"})
        assert refused.status_code == 403
    assert (await PartnerUser.get(email_key=OSCAR)).role is UserRole.ORDERING


# -- lists -----------------------------------------------------------------------------------------


async def test_customers_show_their_primary_product_eligibility_and_sort(portal, browser):
    page = await new_page(browser, portal, LAPTOP)
    try:
        await sign_in(page, portal, OSCAR, "/customers")
        table = page.locator("#customers")
        fabrikam = table.locator("tbody tr", has_text="Fabrikam Dental")
        held = await CustomerProduct.filter(
            customer_id=(await customer("FAB-001")).id, product__kind=ProductKind.PRIMARY
        ).values_list("product__name", flat=True)
        await expect(fabrikam.locator("td").nth(2)).to_have_text(", ".join(sorted(held)))
        for name in ("Litware Legal", "Adventure Works"):
            badge = table.locator("tbody tr", has_text=name).locator(".not-eligible")
            await expect(badge).to_have_text(re.compile(r"^Not eligible"))
            reason = await badge.get_attribute("title")
            assert reason and ("price list" in reason or "suspended" in reason), reason
        await expect(fabrikam.locator(".not-eligible")).to_have_count(0)

        async def column(n: int) -> list[str]:
            return await table.locator(f"tbody tr td:nth-child({n})").all_inner_texts()

        def amount(text: str) -> float:
            return float(text.split()[0])

        await page.get_by_role("link", name=re.compile(r"^Monthly cost")).click()
        costs = [amount(c) for c in await column(5)]
        assert costs == sorted(costs)
        await expect(page.get_by_role("columnheader", name=re.compile("Monthly cost"))).to_have_attribute(
            "aria-sort", "ascending"
        )
        await page.get_by_role("link", name=re.compile(r"^Monthly cost")).click()
        await expect(page.get_by_role("columnheader", name=re.compile("Monthly cost"))).to_have_attribute(
            "aria-sort", "descending"
        )
        dearest = [amount(c) for c in await column(5)]
        assert dearest == sorted(dearest, reverse=True) and dearest[0] >= costs[-1]
        await page.locator("#sort-seats").click()
        await expect(page.get_by_role("columnheader", name=re.compile("Seats"))).to_have_attribute(
            "aria-sort", "ascending"
        )
        seats = [int(s) for s in await column(4)]
        assert seats == sorted(seats)
        # The next page carries the ordering on.
        await page.get_by_role("link", name="Next page").click()
        more = [int(s) for s in await column(4)]
        assert more == sorted(more) and more[0] >= seats[-1] and len(seats) + len(more) == 60
        await page.goto(portal.at("/customers?sort=name&dir=desc"))
        names = await column(1)
        assert names == sorted(names, reverse=True)
    finally:
        await page.context.close()


async def test_orders_by_customer_and_the_csv_has_the_apis_rows(portal, browser):
    placed = [
        await submit_over_http(portal, code, "1", reference=f"po-csv-{code}")
        for code in ("SMP-010", "SMP-011")
    ]
    for path in placed:
        await wait_for_status(_pk(path), OrderStatus.COMPLETED, _Sleeper())
    # A customer whose name a spreadsheet would read as a formula.
    await Customer.filter(account_code="SMP-011").update(name='=HYPERLINK("http://evil.example")')
    page = await new_page(browser, portal, LAPTOP)
    try:
        await sign_in(page, portal, OSCAR, "/orders")
        await page.get_by_label("Customer").fill("smp-01")
        await page.get_by_role("button", name="Filter").click()
        numbers = await page.locator("#orders tbody tr td:first-child").all_inner_texts()
        assert len(numbers) >= 2
        await expect(page.locator("#order-count")).to_have_text(f"1\u2013{len(numbers)} of {len(numbers)}")
        async with page.expect_download() as info:
            await page.get_by_role("link", name="Download CSV").click()
        download = await info.value
        assert download.suggested_filename == "orders.csv"
        rows = list(csv.reader(io.StringIO((await download.path()).read_text(encoding="utf-8"))))
    finally:
        await page.context.close()
    assert rows[0] == [
        "number", "customer", "account code", "status", "submitted", "effective",
        "reference", "before", "after", "change", "currency",
    ]  # fmt: skip
    token = (await create_user_token(OSCAR)).token
    query = """query($after: String) { orders(first: 500, after: $after,
        filter: {customerSearch: "smp-01"}, orderBy: {field: SUBMITTED_AT, direction: DESC}) {
      nodes { number status submittedAt effectiveOn partnerReference customer { name accountCode }
              monthlyCostBefore { amount } monthlyCostAfter { amount } monthlyCostChange { amount currency } }
      pageInfo { hasNextPage endCursor } } }"""
    async with httpx.AsyncClient(base_url=portal.url) as api:
        body = (
            await api.post("/graphql", json={"query": query}, headers={"Authorization": f"Bearer {token}"})
        ).json()
    nodes = body["data"]["orders"]["nodes"]
    expected = [
        [
            o["number"],
            ("'" + o["customer"]["name"]) if o["customer"]["name"].startswith("=") else o["customer"]["name"],
            o["customer"]["accountCode"],
            o["status"],
            dt.datetime.fromisoformat(o["submittedAt"]).strftime("%Y-%m-%d %H:%M UTC"),
            o["effectiveOn"],
            o["partnerReference"] or "",
            o["monthlyCostBefore"]["amount"],
            o["monthlyCostAfter"]["amount"],
            o["monthlyCostChange"]["amount"],
            o["monthlyCostChange"]["currency"],
        ]
        for o in nodes
    ]
    assert rows[1:] == expected
    assert [r[0] for r in rows[1:]] == numbers
    assert any(r[1] == '\'=HYPERLINK("http://evil.example")' for r in rows[1:])


async def test_a_stale_review_names_the_order_that_changed_the_customer(portal, browser):
    page = await new_page(browser, portal, LAPTOP)
    try:
        await sign_in(page, portal, OSCAR, await customer_path("SMP-012"))
        await page.get_by_label("Seat Adjustment").fill("2")
        await page.get_by_role("button", name="Review Upgrade").click()
        await page.wait_for_url(re.compile(r".*/reviews/.+"))
        mine = page.url
        # Meanwhile Alice orders for the same customer, effective today.
        async with portal.client() as alice:
            csrf = await http_sign_in(alice, ALICE)
            reviewed = await alice.post(
                await customer_path("SMP-012") + "/review",
                data={
                    "csrf_token": csrf,
                    "seatAdjustment": "3",
                    "mode": "KEEP_EXISTING",
                    "implementationLeadId": encode_id("User", await user_id(ALICE)),
                },
            )
            placed = await alice.post(
                reviewed.headers["location"].split("?")[0] + "/submit",
                data={"csrf_token": csrf, "confirmMsa": "yes", "confirmAuthorized": "yes"},
            )
            number = (await Order.get(id=_pk(placed.headers["location"]))).number
        await page.goto(mine)
        notice = page.locator("#review-outdated")
        await expect(notice).to_be_focused()
        await expect(notice.locator("p")).to_have_text(
            f"{number} by Alice Admin changed this customer since this review was made. "
            "Review the upgrade again to see the figures as they are now."
        )
        await expect(page.get_by_role("button", name="Submit")).to_have_count(0)
        await page.get_by_role("button", name="Review again").click()
        await page.wait_for_url(re.compile(r".*/reviews/.+"))
        await expect(page.locator("#review-outdated")).to_have_count(0)
        assert (
            await page.inner_text("#seats")
            == f"{(await customer('SMP-012')).seats} → {(await customer('SMP-012')).seats + 2}"
        )
    finally:
        await page.context.close()
