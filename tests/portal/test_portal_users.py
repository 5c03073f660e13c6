"""Users (ADMIN): create, invitation emails, resend, deactivate; and "forgot password"; in a real
browser, with the emails read from a real SMTP server."""

from __future__ import annotations

import asyncio
import re

import httpx
from playwright.async_api import expect

from graphql_portal.auth import create_user_token
from graphql_portal.ids import encode_id
from graphql_portal.models import PartnerUser, UserRole, UserStatus
from tests.support.html import csrf_from, links_in
from tests.support.pages import open_confirmation_and_keep
from tests.support.portal import PASSWORDS, http_sign_in, sign_in

ALICE, OSCAR = "alice@northwind.example", "oscar@northwind.example"
NEW_PASSWORD = "Correct-horse-battery-9"


def invitation_link(portal, message) -> str:
    (link,) = [url for url in links_in(message.text) if "/invitation/" in url]
    assert re.fullmatch(re.escape(portal.at("/invitation/")) + r"[A-Za-z0-9_-]{20,}", link)
    return link


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


async def test_resend_voids_the_old_link_and_deactivate_ends_sessions_and_tokens(portal, page):
    await sign_in(page, portal, ALICE, "/users")
    await page.get_by_label("Name").fill("Omar Other")
    await page.get_by_label("Email").fill("omar@northwind.example")
    await page.get_by_label("Role", exact=True).select_option("VIEWER")
    await page.get_by_role("button", name="Create user").click()
    await expect(page.locator(".flash-ok")).to_have_text(
        "Omar Other is added; an invitation is on its way to omar@northwind.example."
    )
    row = page.locator("#users tr", has_text="omar@northwind.example")
    await expect(row.locator("td")).to_have_text(
        ["Omar Other", "omar@northwind.example", "VIEWER", "Invited", re.compile("Resend invitation")]
    )
    (first,) = await wait_for(portal, "omar@northwind.example")
    await row.get_by_role("button", name="Resend invitation").click()
    await expect(page.locator(".flash-ok")).to_have_text(
        "A new invitation is on its way to omar@northwind.example."
    )
    second = (await wait_for(portal, "omar@northwind.example", count=2))[1]
    assert invitation_link(portal, first) != invitation_link(portal, second)
    async with portal.client(follow_redirects=True) as client:
        assert (await client.get(invitation_link(portal, first).removeprefix(portal.url))).status_code == 404
        assert (await client.get(invitation_link(portal, second).removeprefix(portal.url))).status_code == 200

    # Oscar has a browser session and an API token; deactivating him stops both at once.
    token = (await create_user_token(OSCAR)).token
    async with portal.client() as oscar, httpx.AsyncClient(base_url=portal.url) as api:
        await http_sign_in(oscar, OSCAR)
        query = {"query": "{ viewer { user { email } } }"}
        headers = {"Authorization": f"Bearer {token}"}
        assert (await api.post("/graphql", json=query, headers=headers)).status_code == 200

        # "Deactivate" asks first; "Keep" goes back and changes nothing.
        row = page.locator("#users tr", has_text=OSCAR)
        await open_confirmation_and_keep(
            page,
            row.get_by_role("link", name="Deactivate"),
            "Deactivate Oscar Orders?",
            [
                "they can no longer sign in, and any session they have open ends;",
                "their API tokens stop working;",
                "they can no longer be chosen as a customer's implementation lead.",
            ],
            keep="Keep",
        )
        await page.wait_for_url(portal.at("/users"))
        await expect(row.locator("td").nth(3)).to_have_text("Active")
        assert (await oscar.get("/customers")).status_code == 200
        await row.get_by_role("link", name="Deactivate").click()
        await page.get_by_role("button", name="Deactivate").click()
        await page.wait_for_url(portal.at("/users"))
        await expect(page.locator(".flash-ok")).to_have_text(
            "Oscar Orders is deactivated and signed out everywhere."
        )
        await expect(page.locator("#users tr", has_text=OSCAR).locator("td").nth(3)).to_have_text(
            "Deactivated"
        )

        response = await oscar.get("/customers")
        assert (response.status_code, response.headers["location"]) == (303, "/signin?next=%2Fcustomers")
        assert (await api.post("/graphql", json=query, headers=headers)).status_code == 401
        signin = await oscar.get("/signin")
        refused = await oscar.post(
            "/signin",
            data={"csrf_token": csrf_from(signin.text), "email": OSCAR, "password": PASSWORDS[OSCAR]},
        )
        assert refused.status_code == 400
        assert "Wrong email or password." in refused.text

    await page.goto(portal.at("/customers?q=FAB-001"))
    await page.get_by_role("link", name="Fabrikam Dental").click()
    options = await page.get_by_label("Primary Implementation Lead").locator("option").all_inner_texts()
    assert "Oscar Orders (oscar@northwind.example)" not in options


async def test_forgot_password_sends_the_same_kind_of_link(portal, page):
    await page.goto(portal.at("/signin"))
    await page.get_by_role("link", name="Forgot password?").click()
    await page.get_by_label("Email").fill("lena@northwind.example")
    await page.get_by_role("button", name="Send link").click()
    answer = await page.inner_text("#forgot-answer")
    await page.goto(portal.at("/forgot-password"))
    await page.get_by_label("Email").fill("nobody@northwind.example")
    await page.get_by_role("button", name="Send link").click()
    assert await page.inner_text("#forgot-answer") == answer

    (message,) = await wait_for(portal, "lena@northwind.example")
    await choose_password(page, invitation_link(portal, message), NEW_PASSWORD)
    await page.wait_for_url(portal.at("/customers"))
    await expect(page.locator(".who")).to_have_text("Lena Lead")
    assert portal.mail.to("nobody@northwind.example") == []


async def test_only_an_admin_sees_and_uses_the_users_page(portal, page):
    await sign_in(page, portal, "vera@northwind.example")
    await expect(page.get_by_role("navigation", name="Main").get_by_role("link")).to_have_text(
        ["Customers", "Orders"]
    )
    async with portal.client() as client:
        await http_sign_in(client, "carl@contoso.example")
        users = await client.get("/users")
        assert users.status_code == 200 and "oscar@northwind.example" not in users.text
    async with portal.client() as client:
        csrf = await http_sign_in(client, "vera@northwind.example")
        data = {"csrf_token": csrf, "name": "X", "email": "x@northwind.example", "role": "ADMIN"}
        for response in (await client.get("/users"), await client.post("/users", data=data)):
            assert response.status_code == 403
            assert "Only an ADMIN of your organisation manages its users." in response.text


async def test_the_deactivate_confirmation_is_an_admins_for_their_own_users(portal):
    lena = await PartnerUser.get(email="lena@northwind.example")
    carl = await PartnerUser.get(email="carl@contoso.example")
    lena_path = f"/users/{encode_id('User', lena.id)}/deactivate"
    async with portal.client() as client:
        csrf = await http_sign_in(client, ALICE)
        confirm = await client.get(lena_path)
        assert confirm.status_code == 200 and "Deactivate Lena Lead?" in confirm.text
        # Another partner's user, a missing one and a malformed id look alike: 404.
        for user_id in (encode_id("User", carl.id), encode_id("User", 10**6), "not-an-id"):
            path = f"/users/{user_id}/deactivate"
            assert (await client.get(path)).status_code == 404, path
            assert (await client.post(path, data={"csrf_token": csrf})).status_code == 404, path
        assert (await PartnerUser.get(id=carl.id)).status is UserStatus.ACTIVE
        # The POST needs the session's CSRF token.
        assert (await client.post(lena_path, data={})).status_code == 403
        assert (await PartnerUser.get(id=lena.id)).status is UserStatus.ACTIVE
    async with portal.client() as client:
        csrf = await http_sign_in(client, "vera@northwind.example")
        for response in (
            await client.get(lena_path),
            await client.post(lena_path, data={"csrf_token": csrf}),
        ):
            assert response.status_code == 403
            assert "Only an ADMIN of your organisation manages its users." in response.text
    assert (await PartnerUser.get(id=lena.id)).status is UserStatus.ACTIVE


async def test_a_deactivated_users_confirmation_goes_back_to_the_list(portal, page):
    user = await PartnerUser.create(
        partner_id=(await PartnerUser.get(email=ALICE)).partner_id,
        name="Dora <b>Gone</b>",
        email="dora@northwind.example",
        email_key="dora@northwind.example",
        role=UserRole.VIEWER,
        status=UserStatus.DEACTIVATED,
    )
    await sign_in(page, portal, ALICE, f"/users/{encode_id('User', user.id)}/deactivate")
    await page.wait_for_url(portal.at("/users"))
    await expect(page.locator(".flash-ok")).to_have_text("Dora <b>Gone</b> is already deactivated.")
    row = page.locator("#users tr", has_text="dora@northwind.example")
    await expect(row.get_by_role("link", name="Deactivate")).to_have_count(0)
