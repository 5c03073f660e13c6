"""Accounts in the portal: an ADMIN creates a lead inline, the invitation email's link sets a
password, and a signed-in user changes theirs."""

from __future__ import annotations

import asyncio
import re

from playwright.async_api import expect

from graphql_portal.models import PartnerUser, UserRole
from tests.support.html import links_in
from tests.support.portal import PASSWORDS, http_sign_in, sign_in

ALICE, VERA = "alice@northwind.example", "vera@northwind.example"
NEW_PASSWORD = "Correct-horse-battery-9"


async def wait_for(portal, address: str, count: int = 1, timeout: float = 15) -> list:
    """The messages to `address` once there are `count` of them."""
    for _ in range(int(timeout / 0.05)):
        found = portal.mail.to(address)
        if len(found) >= count:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"no message #{count} to {address} within {timeout} s")


async def choose_password(page, link: str, password: str) -> None:
    await page.goto(link)
    await page.get_by_label("New password").fill(password)
    await page.get_by_label("Repeat the password").fill(password)
    await page.get_by_role("button", name="Set password").click()


async def test_an_admin_creates_a_lead_inline_who_sets_a_password_and_signs_in(portal, page, browser):
    await sign_in(page, portal, ALICE, "/customers?q=TAIL-002")
    await page.get_by_role("link", name="Tailspin Travel").click()
    await page.get_by_label("Seat Adjustment").fill("3")
    await page.locator("#lead-field summary").click()
    await page.get_by_label("Name", exact=True).fill("Nina New")
    await page.get_by_label("Email", exact=True).fill("nina@northwind.example")
    # A lead created here starts as VIEWER unless another role is picked.
    await expect(page.locator("#newUserRole")).to_have_value("VIEWER")
    await page.locator("#lead-field").get_by_role("button", name="Create user").click()
    await expect(page.locator("#lead-notice")).to_have_text(
        "Nina New is added and selected; an invitation is on its way to nina@northwind.example."
    )
    lead = page.get_by_label("Primary Implementation Lead")
    assert await lead.locator("option:checked").inner_text() == "Nina New (nina@northwind.example)"
    await expect(page.get_by_label("Seat Adjustment")).to_have_value("3")

    assert (await PartnerUser.get(email_key="nina@northwind.example")).role is UserRole.VIEWER

    # The same address again: the error is summarised, tied to the field, and offers Nina instead.
    await lead.select_option(label="Lena Lead (lena@northwind.example)")
    await page.locator("#lead-field summary").click()
    await page.get_by_label("Name", exact=True).fill("Nina Again")
    await page.get_by_label("Email", exact=True).fill("NINA@northwind.example")
    await page.locator("#lead-field").get_by_role("button", name="Create user").click()
    await expect(page.locator("#newUserEmail-error")).to_have_text("Nina New has this address already.")
    await expect(page.locator("#new-user-errors")).to_be_focused()
    await expect(page.get_by_label("Email", exact=True)).to_have_attribute("aria-invalid", "true")
    await expect(page.get_by_label("Email", exact=True)).to_have_attribute(
        "aria-describedby", "newUserEmail-error"
    )
    assert await lead.locator("option:checked").inner_text() == "Lena Lead (lena@northwind.example)"
    await page.get_by_role("button", name="Select Nina New instead").click()
    await expect(page.locator("#lead-notice")).to_have_text("Nina New is selected.")
    assert await lead.locator("option:checked").inner_text() == "Nina New (nina@northwind.example)"
    assert await PartnerUser.filter(email_key="nina@northwind.example").count() == 1

    (message,) = await wait_for(portal, "nina@northwind.example")
    (link,) = [url for url in links_in(message.text) if "/invitation/" in url]
    context = await browser.new_context()
    context.set_default_timeout(10_000)
    nina = await context.new_page()
    try:
        await nina.goto(link)
        await expect(nina.get_by_role("heading", level=1)).to_have_text("Welcome, Nina New")
        await choose_password(nina, link, "short")
        await expect(nina.locator("#password-error")).to_be_visible()
        await choose_password(nina, link, NEW_PASSWORD)
        await nina.wait_for_url(portal.at("/customers"))
        await expect(nina.locator(".who")).to_have_text("Nina New")
        await nina.goto(link)
        await expect(nina.locator(".flash-error")).to_have_text(
            re.compile("This link has expired or was already used")
        )

        await nina.context.clear_cookies()
        await nina.goto(portal.at("/signin"))
        await nina.get_by_label("Email").fill("nina@northwind.example")
        await nina.get_by_label("Password").fill(NEW_PASSWORD)
        await nina.get_by_role("button", name="Sign in").click()
        await nina.wait_for_url(portal.at("/customers"))
    finally:
        await context.close()

    await page.goto(portal.at("/customers?q=FAB-001"))
    await page.get_by_role("link", name="Fabrikam Dental").click()
    options = await page.get_by_label("Primary Implementation Lead").locator("option").all_inner_texts()
    assert "Nina New (nina@northwind.example)" in options


async def test_a_user_changes_their_password_and_their_other_sessions_end(portal, page):
    async with portal.client() as other:
        await http_sign_in(other, VERA)
        await sign_in(page, portal, VERA)
        await page.locator(".who").click()
        await page.get_by_label("Current password").fill("not-the-password")
        await page.get_by_label("New password").fill(NEW_PASSWORD)
        await page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
        await page.get_by_role("button", name="Change password").click()
        await expect(page.locator("#current-error")).to_have_text("The current password is not right.")
        await page.get_by_label("Current password").fill(PASSWORDS[VERA])
        await page.get_by_label("New password").fill("vera-is-my-name")
        await page.get_by_label("Repeat the password").fill("vera-is-my-name")
        await page.get_by_role("button", name="Change password").click()
        await expect(page.locator("#password-error")).to_be_visible()
        await page.get_by_label("Current password").fill(PASSWORDS[VERA])
        await page.get_by_label("New password").fill(NEW_PASSWORD)
        await page.get_by_label("Repeat the password").fill(NEW_PASSWORD)
        await page.get_by_role("button", name="Change password").click()
        await expect(page.locator(".flash-ok")).to_have_text(
            "Your password is changed; your other sessions have ended."
        )
        assert page.url == portal.at("/customers")
        assert (await other.get("/customers")).status_code == 303
        await page.goto(portal.at("/orders"))
        assert page.url == portal.at("/orders")
