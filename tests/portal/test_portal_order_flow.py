"""The seed's walk through the screens, as Oscar (ORDERING), in a real browser."""

from __future__ import annotations

import datetime as dt
import re

from playwright.async_api import expect

from tests.support.portal import http_sign_in, sign_in

OSCAR = "oscar@northwind.example"
PRO_REPLACES_ESSENTIALS = (
    "Secure Email Gateway Professional (replaces Secure Email Gateway Essentials), 2.50 USD per seat"
)


async def open_customer(page, name: str) -> None:
    await page.get_by_label("Search").fill(name)
    await page.get_by_role("button", name="Search").click()
    await page.get_by_role("link", name=name).click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(name)


async def test_oscar_places_the_seed_order_and_finds_its_addendum(portal, page):
    await sign_in(page, portal, OSCAR)
    assert page.url == portal.at("/customers")
    await open_customer(page, "Fabrikam Dental")
    assert await page.inner_text("#monthly-cost") == "104.00 USD"
    await expect(page.locator("#seat-hint")).to_have_text(
        "Product changes cannot be combined with seat downgrades."
    )
    await expect(page.get_by_label("Keep Existing (Secure Email Gateway Essentials)")).to_be_checked()

    await page.get_by_label("Seat Adjustment").fill("10")
    await page.get_by_label("Primary Implementation Lead").select_option(
        label="Lena Lead (lena@northwind.example)"
    )
    await page.get_by_label("Select New", exact=True).check()
    await page.get_by_label("New primary product").select_option(label=PRO_REPLACES_ESSENTIALS)
    await page.get_by_label("Impersonation Protection, 0.40 USD per seat").check()
    await page.get_by_role("button", name="Review Upgrade").click()

    await expect(page.get_by_role("heading", level=1)).to_have_text("Review Upgrade: Fabrikam Dental")
    review_url = page.url
    assert await page.inner_text("#cost-before") == "104.00 USD"
    assert await page.inner_text("#cost-after") == "202.80 USD"
    assert await page.inner_text("#cost-change") == "+98.80 USD"
    assert await page.inner_text("#seats") == "50 → 60"
    assert await page.inner_text("#msa") == "MSA-2019-0042"
    assert await page.inner_text("#lead") == "Lena Lead <lena@northwind.example>"
    after = await page.locator("#lines-after tbody tr").all_inner_texts()
    assert [row.split("\t")[1] for row in after] == ["SEG-PRO", "ADD-IMP", "ADD-URL"]

    # Without the two ticks the order is refused, each with its reason beside its box.
    await page.get_by_role("button", name="Submit").click()
    await expect(page.locator("#confirmMsa-error")).to_be_visible()
    await expect(page.locator("#confirmAuthorized-error")).to_be_visible()
    assert page.url.startswith(portal.at("/reviews/"))

    async with portal.worker_paused():
        await page.get_by_label("This order is governed by the MSA already in effect with the vendor").check()
        await page.get_by_label("I am authorized to place this order").check()
        await page.get_by_role("button", name="Submit").click()
        await page.wait_for_url(re.compile(r".*/orders/[A-Za-z0-9_-]+$"))
        order_url = page.url
        await expect(page.locator("#order-status .message")).to_have_text("Your order is being processed.")
        assert await page.get_attribute("#order-status", "hx-trigger") == "every 1s"
        # Effective today (no date was chosen), with the worked example's change lines.
        assert await page.inner_text("#effective-on") == dt.datetime.now(dt.UTC).date().isoformat()
        assert await page.locator("#change-lines tbody tr").all_inner_texts() == [
            "SEG-PRO\tSecure Email Gateway Professional\t+60\t2.50 USD\t+150.00 USD",
            "ADD-IMP\tImpersonation Protection\t+60\t0.40 USD\t+24.00 USD",
            "ADD-URL\tURL Protection\t+10\t0.48 USD\t+4.80 USD",
            "SEG-ESS\tSecure Email Gateway Essentials\t-50\t1.60 USD\t-80.00 USD",
        ]

    # The page follows the order by itself, then links the addendum.
    await expect(page.locator("#order-status-badge")).to_have_text("Completed", timeout=20_000)
    link = page.locator("#addendum a")
    filename = await link.inner_text()
    assert re.fullmatch(r".+-addendum\.pdf", filename)
    async with page.expect_download() as info:
        await link.click()
    pdf = (await (await info.value).path()).read_bytes()
    assert pdf.startswith(b"%PDF")

    # Submitting the same review again (back button, double click) shows the same order.
    await page.goto(review_url)
    await page.get_by_label("This order is governed by the MSA already in effect with the vendor").check()
    await page.get_by_label("I am authorized to place this order").check()
    await page.get_by_role("button", name="Submit").click()
    await page.wait_for_url(order_url)

    # The addendum is in the customer's Attachments area, newest first, and downloads the same.
    await page.get_by_role("link", name="Fabrikam Dental").first.click()
    attachments = page.locator("#attachments tbody tr")
    await expect(attachments.first.locator("a")).to_have_text(filename)
    async with page.expect_download() as info:
        await attachments.first.locator("a").click()
    assert (await (await info.value).path()).read_bytes() == pdf
    assert await page.inner_text("#monthly-cost") == "202.80 USD"
    orders = await page.locator("#orders tbody tr").all_inner_texts()
    assert orders[0].split("\t")[2] == "Completed"

    # Orders: newest first, filtered by status, each linking to its page.
    await page.get_by_role("navigation", name="Main").get_by_role("link", name="Orders").click()
    rows = page.locator("#orders tbody tr")
    await expect(rows).to_have_count(1)
    cells = await rows.first.locator("td").all_inner_texts()
    assert cells[1:7] == [
        "Fabrikam Dental",
        cells[2],
        "Completed",
        "50 → 60",
        "104.00 USD → 202.80 USD",
        "+98.80 USD",
    ]
    await page.get_by_label("Status").select_option("PROCESSING")
    await page.get_by_role("button", name="Filter").click()
    await expect(page.locator(".empty")).to_have_text("No orders with status Processing.")
    await page.get_by_label("Status").select_option("COMPLETED")
    await page.get_by_role("button", name="Filter").click()
    await rows.first.get_by_role("link").first.click()
    await page.wait_for_url(order_url)


async def test_customers_come_in_pages_of_50_and_search_matches_names_and_codes(portal):
    async with portal.client() as client:
        await http_sign_in(client, OSCAR)
        first = await client.get("/customers")
        names = re.findall(r'<td data-label="Customer"><a href="/customers/[^"]+">([^<]+)</a>', first.text)
        assert len(names) == 50 and names[:2] == ["Adventure Works", "Fabrikam Dental"]
        assert "60 customers" in first.text
        next_url = re.search(r'<a href="([^"]+)" rel="next">Next page</a>', first.text).group(1)
        second = await client.get(next_url.replace("&amp;", "&"))
        rest = re.findall(r'<td data-label="Customer"><a href="/customers/[^"]+">([^<]+)</a>', second.text)
        assert len(rest) == 10 and not set(rest) & set(names)
        assert 'rel="next"' not in second.text and "First page" in second.text
        for search, expected in (("smp-05", 7), ("Tailspin", 1), ("WWI-001", 0)):
            found = await client.get("/customers", params={"q": search})
            assert (
                len(re.findall(r'<td data-label="Customer"><a href="/customers/', found.text)) == expected
            ), search
