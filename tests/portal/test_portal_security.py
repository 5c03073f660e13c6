"""Who may see and do what: roles, tenancy, CSRF, cookies, sign-out, and the emails' links."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.async_api import expect

from graphql_portal.auth.sessions import hash_key
from graphql_portal.ids import encode_id
from graphql_portal.models import (
    Attachment,
    AttachmentKind,
    AuthSession,
    Customer,
    Order,
    OrderStatus,
    Review,
)
from graphql_portal.portal.browser import Cookies
from graphql_portal.settings import Settings
from tests.support.html import csrf_from, links_in
from tests.support.orders import place_fabrikam_order
from tests.support.portal import PASSWORDS, http_sign_in, sign_in

OSCAR, VERA, LENA, CARL = (
    "oscar@northwind.example",
    "vera@northwind.example",
    "lena@northwind.example",
    "carl@contoso.example",
)


@pytest.fixture(scope="module")
async def fabrikam_order(portal) -> Order:
    """The worked example, submitted by Oscar with Lena as lead, once completed."""
    order = await place_fabrikam_order()
    for _ in range(400):
        await order.refresh_from_db()
        if order.status is OrderStatus.COMPLETED and len(portal.mail.to(LENA)) == 1:
            return order
        await asyncio_sleep(0.05)
    raise AssertionError(f"order {order.number} is {order.status}")


async def asyncio_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


async def test_a_viewer_sees_customers_but_cannot_change_them(portal, page):
    await sign_in(page, portal, VERA, "/customers?q=FAB-001")
    await page.get_by_role("link", name="Fabrikam Dental").click()
    await expect(page.locator("#change-options-why")).to_have_text(
        "Your role (VIEWER) can see customers but not change them. "
        "Ask an ADMIN of your organisation for the ORDERING role: Alice Admin (alice@northwind.example)."
    )
    await expect(page.locator("#change-options-why").get_by_role("link")).to_have_attribute(
        "href", "mailto:alice@northwind.example"
    )
    await expect(page.get_by_role("button", name="Review Upgrade")).to_have_count(0)
    await expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(
        ["Customers", "Orders"]
    )
    customer_path = page.url.removeprefix(portal.url)

    async with portal.client() as client:
        csrf = await http_sign_in(client, VERA)
        reviews = await Review.all().count()
        refused = await client.post(
            customer_path + "/review",
            data={"csrf_token": csrf, "seatAdjustment": "5", "mode": "KEEP_EXISTING"},
        )
        assert refused.status_code == 400
        assert await Review.all().count() == reviews


async def test_another_partners_ids_answer_404_like_missing_ones(portal, fabrikam_order):
    fabrikam = await Customer.get(account_code="FAB-001")
    addendum = await Attachment.get(order_id=fabrikam_order.id, kind=AttachmentKind.ADDENDUM)
    review_id = encode_id("Review", fabrikam_order.review_id)
    theirs = {
        f"/customers/{encode_id('Customer', fabrikam.id)}",
        f"/orders/{encode_id('Order', fabrikam_order.id)}",
        f"/reviews/{review_id}",
    }
    missing = {
        f"/customers/{encode_id('Customer', 10**6)}",
        f"/orders/{encode_id('Order', 10**6)}",
        f"/reviews/{encode_id('Review', 10**6)}",
        "/customers/not-an-id",
    }
    async with portal.client() as oscar, portal.client() as carl:
        await http_sign_in(oscar, OSCAR)
        for path in theirs:
            assert (await oscar.get(path)).status_code == 200, path
        csrf = await http_sign_in(carl, CARL)
        bodies = set()
        for path in theirs | missing:
            response = await carl.get(path)
            assert response.status_code == 404, path
            bodies.add(re.sub(r'value="[^"]+"|"X-CSRF-Token": "[^"]+"', "", response.text))
        assert len(bodies) == 1
        for path in (
            f"/attachments/{encode_id('Attachment', addendum.id)}",
            f"/attachments/{encode_id('Attachment', 10**6)}",
        ):
            response = await carl.get(path)
            assert (response.status_code, response.text) == (404, "Not Found")
        assert (await oscar.get(f"/attachments/{encode_id('Attachment', addendum.id)}")).content == bytes(
            addendum.data
        )
        stolen = await carl.post(
            f"/reviews/{review_id}/submit",
            data={"csrf_token": csrf, "confirmMsa": "yes", "confirmAuthorized": "yes"},
        )
        assert stolen.status_code == 404


async def test_posts_and_htmx_requests_without_the_csrf_token_are_refused(portal, fabrikam_order):
    order_path = f"/orders/{encode_id('Order', fabrikam_order.id)}"
    async with portal.client() as client:
        signin = await client.get("/signin")
        without = await client.post("/signin", data={"email": OSCAR, "password": PASSWORDS[OSCAR]})
        assert without.status_code == 403
        assert "portal_session" not in without.headers.get("set-cookie", "")
        csrf = await http_sign_in(client, OSCAR)
        assert csrf != csrf_from(signin.text), "signing in starts with a new token"
        customer = f"/customers/{encode_id('Customer', (await Customer.get(account_code='SMP-003')).id)}"
        reviews = await Review.all().count()
        for data in ({}, {"csrf_token": "forged"}, {"csrf_token": csrf_from(signin.text)}):
            response = await client.post(customer + "/review", data={**data, "seatAdjustment": "5"})
            assert response.status_code == 403
        assert await Review.all().count() == reviews
        status = await client.get(order_path + "/status", headers={"HX-Request": "true"})
        assert status.status_code == 403
        status = await client.get(
            order_path + "/status", headers={"HX-Request": "true", "X-CSRF-Token": csrf}
        )
        # The order has settled: its status line's inside, and 286, which stops htmx polling.
        assert status.status_code == 286
        assert 'id="order-status-badge"' in status.text and "Completed" in status.text


async def test_cookies_are_http_only_same_site_and_pages_have_a_strict_policy(portal):
    async with portal.client() as client:
        page = await client.get("/signin")
        assert page.headers["content-security-policy"].startswith("default-src 'self'; script-src 'self';")
        assert page.headers["x-frame-options"] == "DENY"
        response = await client.post(
            "/signin",
            data={
                "csrf_token": csrf_from(page.text),
                "email": OSCAR,
                "password": PASSWORDS[OSCAR],
                "next": "/",
            },
        )
        cookies = response.headers.get_list("set-cookie")
        session = next(c for c in cookies if c.startswith("portal_session="))
        assert session.endswith("; Path=/; HttpOnly; SameSite=Lax")
        assert all("HttpOnly; SameSite=Lax" in c and "Secure" not in c for c in cookies)
    secure = Cookies(dataclasses.replace(Settings(secret_key="k" * 32), base_url="https://portal.example"))
    assert secure.session_header("key").endswith("; Path=/; HttpOnly; SameSite=Lax; Secure")


async def test_sign_out_ends_the_session_for_good(portal):
    async with portal.client() as client:
        csrf = await http_sign_in(client, OSCAR)
        old = client.cookies["portal_session"]
        out = await client.post("/signout", data={"csrf_token": csrf})
        assert (out.status_code, out.headers["location"]) == (303, "/signin")
    async with portal.client(cookies={"portal_session": old}) as thief:
        response = await thief.get("/customers")
        assert (response.status_code, response.headers["location"]) == (303, "/signin?next=%2Fcustomers")


async def test_the_leads_email_links_lead_through_sign_in_to_the_order_and_the_addendum(
    portal, page, fabrikam_order
):
    (message,) = portal.mail.to(LENA)
    order_link, addendum_link = links_in(message.text)
    assert order_link == portal.at(f"/orders/{encode_id('Order', fabrikam_order.id)}")
    assert re.fullmatch(re.escape(portal.at("/attachments/")) + r"[A-Za-z0-9_-]+", addendum_link)

    await page.goto(order_link)
    assert page.url == portal.at("/signin?next=" + order_link.removeprefix(portal.url).replace("/", "%2F"))
    await page.get_by_label("Email").fill(LENA)
    await page.get_by_label("Password").fill(PASSWORDS[LENA])
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(order_link)
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Order {fabrikam_order.number}")
    await expect(page.locator("#order-status-badge")).to_have_text("Completed")

    await page.context.clear_cookies()
    await page.goto(addendum_link)
    assert page.url.startswith(portal.at("/signin?next=%2Fattachments%2F"))
    await page.get_by_label("Email").fill(LENA)
    await page.get_by_label("Password").fill(PASSWORDS[LENA])
    async with page.expect_download() as info:
        await page.get_by_role("button", name="Sign in").click()
    data = Path(await (await info.value).path()).read_bytes()
    assert data.startswith(b"%PDF")


@pytest.mark.parametrize(
    ("asked", "goes_to"),
    [
        ("/orders/T3JkZXI6MQ", "/orders/T3JkZXI6MQ"),
        ("/customers?q=FAB&after=x", "/customers?q=FAB&after=x"),
        ("/attachments/QXR0YWNobWVudDox", "/attachments/QXR0YWNobWVudDox"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/signin?next=/x", "/"),
        ("/orders\r\nSet-Cookie: x=1", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_sign_in_goes_back_only_to_paths_of_this_site(asked, goes_to):
    from graphql_portal.portal.pages.signin import safe_next

    assert safe_next(asked) == goes_to


async def test_an_idle_session_ends_and_a_polling_page_is_sent_to_sign_in(portal, fabrikam_order):
    order_path = f"/orders/{encode_id('Order', fabrikam_order.id)}"
    async with portal.client() as client:
        csrf = await http_sign_in(client, OSCAR)
        key = client.cookies["portal_session"]
        await AuthSession.filter(key_hash=hash_key(key)).update(
            last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
        )
        poll = await client.get(
            order_path + "/status",
            headers={"HX-Request": "true", "X-CSRF-Token": csrf, "HX-Current-URL": portal.at(order_path)},
        )
        assert poll.status_code == 401
        assert poll.headers["hx-redirect"] == "/signin?next=" + order_path.replace("/", "%2F")
        assert await AuthSession.filter(key_hash=hash_key(key)).count() == 0
        signin = await client.get("/signin")
        assert "You were signed out after 60 minutes without activity." in signin.text


async def test_scheduled_and_cancelled_orders_say_so_and_can_be_filtered(portal, fabrikam_order):
    order_path = f"/orders/{encode_id('Order', fabrikam_order.id)}"
    try:
        async with portal.client() as client:
            await http_sign_in(client, OSCAR)
            for status, message in (
                ("SCHEDULED", "Your order is scheduled: it changes the customer on its effective date."),
                ("CANCELLED", "This order was cancelled; the customer is unchanged."),
            ):
                await Order.filter(id=fabrikam_order.id).update(status=OrderStatus(status))
                page = await client.get(order_path)
                assert message in page.text
                listed = await client.get("/orders", params={"status": status})
                assert fabrikam_order.number in listed.text
                assert fabrikam_order.number not in (await client.get("/orders?status=COMPLETED")).text
    finally:
        await Order.filter(id=fabrikam_order.id).update(status=OrderStatus.COMPLETED)
