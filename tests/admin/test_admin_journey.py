"""A staff member's journeys through the admin, in a real browser against a live server."""

from __future__ import annotations

import re

from graphql_portal.models import Attachment, AttachmentKind, OrderStatus
from tests.support.admin import SQLITE_ONLY, live_server, sign_in
from tests.support.environment import make_settings
from tests.support.orders import place_fabrikam_order
from tests.support.worker import work_until_settled

pytestmark = SQLITE_ONLY


async def test_staff_finds_fabrikam_by_account_code_downloads_its_addendum_and_signs_out(db, tmp_path, page):
    settings = make_settings(db.url, tmp_path)
    order = await place_fabrikam_order()
    assert await work_until_settled(settings, order.id) is OrderStatus.COMPLETED
    addendum = await Attachment.get(order_id=order.id, kind=AttachmentKind.ADDENDUM)

    async with live_server(settings) as live:
        # Without a session, the customers page sends the browser to sign in, and back after.
        await page.goto(live.admin("/customers"))
        assert page.url == live.admin("/signin?next=%2Fcustomers")

        await page.fill("input[name=email]", "staff@portal.example")
        await page.fill("input[name=password]", "not-the-password")
        await page.click("form button[type=submit]")
        assert await page.inner_text("#signin-error") == "Wrong email or password."
        assert "/signin" in page.url

        await sign_in(page, live, path="/customers")
        assert page.url == live.admin("/customers")

        await page.fill("input[name=q]", "FAB-001")
        await page.click("form[role=search] button")
        rows = page.locator("#customers tbody tr")
        assert await rows.count() == 1
        assert (await rows.first.inner_text()).split("\t")[:2] == ["Fabrikam Dental", "FAB-001"]
        await rows.first.locator("a").click()

        attachments = page.locator("#attachments tbody tr")
        assert await attachments.count() == 1
        cells = await attachments.first.locator("td").all_inner_texts()
        assert cells[:3] == [addendum.filename, "ADDENDUM", order.number]
        assert addendum.filename == f"{order.number}-addendum.pdf"
        async with page.expect_download() as info:
            await attachments.first.locator("a[download]").click()
        download = await info.value
        assert (await download.path()).read_bytes() == bytes(addendum.data)

        await page.click("header form button")
        assert page.url == live.admin("/signin")
        assert await page.inner_text(".flash-ok") == "You are signed out."
        await page.goto(live.admin(f"/customers/{addendum.customer_id}"))
        assert re.fullmatch(re.escape(live.admin("/signin")) + r"\?next=%2Fcustomers%2F\d+", page.url)
