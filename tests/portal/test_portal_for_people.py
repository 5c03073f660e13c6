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
from graphql_portal.clock import FileClock
from graphql_portal.db import close_db, init_db
from graphql_portal.ids import encode_id
from graphql_portal.models import Customer, Order, OrderStatus, PartnerUser, UserRole, UserStatus
from tests.support.axe import LAPTOP, PHONE, check_page, require_axe, serve_axe, sideways_scroll
from tests.support.database import drop_database, new_database, require_dialect
from tests.support.demo import customer, user_id
from tests.support.portal import PASSWORDS, Portal, http_sign_in, portal_server, sign_in

MON_16 = dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC)
ALICE, OSCAR, VERA = "alice@northwind.example", "oscar@northwind.example", "vera@northwind.example"
PRO = "Secure Email Gateway Professional (replaces Secure Email Gateway Essentials), 2.50 USD per seat"
IMPERSONATION = "Impersonation Protection, 0.40 USD per seat"
MSA_BOX = "This order is governed by the MSA already in effect with the vendor"
AUTHORIZED_BOX = "I am authorized to place this order"


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
async def portal(request, db_root, tmp_path_factory) -> Portal:
    await require_dialect(request.param)
    database = await new_database(request.param, db_root)
    await init_db(database.url)
    var = tmp_path_factory.mktemp("var")
    clock = FileClock(var / "clock")
    clock.set(MON_16)
    try:
        async with portal_server(database.url, var, clock=clock) as server:
            yield server
    finally:
        await close_db()
        await drop_database(database)


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
                invitation.removeprefix(portal.url),
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
