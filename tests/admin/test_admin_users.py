"""Partner users' status, "Resend invitation" and "Deactivate" on the partner page; staff users and
their deactivation; each deactivation after a confirmation page."""

from __future__ import annotations

from playwright.async_api import expect

from graphql_portal.auth import authenticate, create_staff_user, create_user_token, start_session
from graphql_portal.models import (
    AuthSession,
    Job,
    JobKind,
    Partner,
    PartnerUser,
    StaffUser,
    UserStatus,
)
from graphql_portal.ordering.users import add_partner_user
from tests.support.admin import SQLITE_ONLY, http_sign_in, sign_in
from tests.support.demo import STAFF_EMAIL, STAFF_PASSWORD
from tests.support.html import csrf_from
from tests.support.pages import open_confirmation_and_keep

pytestmark = SQLITE_ONLY

OTHER_STAFF, OTHER_PASSWORD = "sam@portal.example", "sams-password-123"


async def invitations_of(user: PartnerUser) -> int:
    jobs = await Job.filter(kind=JobKind.SEND_INVITATION).values_list("payload", flat=True)
    return sum(1 for payload in jobs if payload["user_id"] == user.id)


async def test_the_partner_page_shows_each_users_status_and_resends_an_invitation(live, page):
    northwind = await Partner.get(name="Northwind Managed IT")
    invited, errors = await add_partner_user(
        northwind.id, "Ines <i>Invited</i>", "ines@northwind.example", "VIEWER"
    )
    assert errors == [] and invited.status is UserStatus.INVITED
    await PartnerUser.filter(email_key="vera@northwind.example").update(status=UserStatus.DEACTIVATED)
    await sign_in(page, live, path=f"/partners/{northwind.id}")

    rows = page.locator("#users tbody tr")
    names = await rows.locator("td:nth-child(1)").all_inner_texts()
    statuses = await rows.locator("td:nth-child(4)").all_inner_texts()
    assert dict(zip(names, statuses, strict=True)) == {
        "Alice Admin": "ACTIVE",
        "Ines <i>Invited</i>": "INVITED",
        "Lena Lead": "ACTIVE",
        "Oscar Orders": "ACTIVE",
        "Vera Viewer": "DEACTIVATED",
    }
    # Resend only for INVITED users; Deactivate for everyone not deactivated yet.
    for name, resend, deactivate in (
        ("Ines <i>Invited</i>", 1, 1),
        ("Alice Admin", 0, 1),
        ("Vera Viewer", 0, 0),
    ):
        row = rows.filter(has_text=name)
        await expect(row.get_by_role("button", name="Resend invitation")).to_have_count(resend)
        await expect(row.get_by_role("link", name="Deactivate")).to_have_count(deactivate)

    assert await invitations_of(invited) == 1
    await (
        rows.filter(has_text="ines@northwind.example").get_by_role("button", name="Resend invitation").click()
    )
    await expect(page.locator(".flash-ok")).to_have_text(
        "A new invitation is on its way to ines@northwind.example."
    )
    assert page.url == live.admin(f"/partners/{northwind.id}#user-{invited.id}")
    assert await invitations_of(invited) == 2

    # Posted for an ACTIVE user (the button is not offered): the same refusal as the API's.
    alice = await PartnerUser.get(email_key="alice@northwind.example")
    async with live.client() as client:
        csrf = await http_sign_in(client, STAFF_PASSWORD)
        response = await client.post(
            f"/admin/partners/{northwind.id}/users/{alice.id}/resend", data={"csrf_token": csrf}
        )
        assert response.status_code == 303
        shown = await client.get(response.headers["location"])
        assert "&#39;alice@northwind.example&#39; has chosen a password already." in shown.text
    assert await invitations_of(alice) == 0


async def test_staff_deactivates_a_partner_user_after_confirming(live, page, settings):
    northwind = await Partner.get(name="Northwind Managed IT")
    oscar = await PartnerUser.get(email_key="oscar@northwind.example")
    token = (await create_user_token(oscar.email)).token
    await start_session(oscar, settings)
    assert await authenticate(token) is not None
    await sign_in(page, live, path=f"/partners/{northwind.id}")

    row = page.locator(f"#user-{oscar.id}")
    await open_confirmation_and_keep(
        page,
        row.get_by_role("link", name="Deactivate"),
        "Deactivate Oscar Orders?",
        [
            "they can no longer sign in to the partner portal, and any session they have open ends;",
            "their API tokens stop working;",
            "they can no longer be chosen as a customer's implementation lead.",
        ],
        keep="Keep",
    )
    await page.wait_for_url(live.admin(f"/partners/{northwind.id}#user-{oscar.id}"))
    assert (await PartnerUser.get(id=oscar.id)).status is UserStatus.ACTIVE
    await expect(row.locator("td").nth(3)).to_have_text("ACTIVE")

    await row.get_by_role("link", name="Deactivate").click()
    await page.get_by_role("button", name="Deactivate").click()
    await page.wait_for_url(live.admin(f"/partners/{northwind.id}#user-{oscar.id}"))
    await expect(page.locator(".flash-ok")).to_have_text(
        "Oscar Orders <oscar@northwind.example> is deactivated and signed out everywhere."
    )
    await expect(row.locator("td").nth(3)).to_have_text("DEACTIVATED")
    await expect(row.get_by_role("link", name="Deactivate")).to_have_count(0)
    assert (await PartnerUser.get(id=oscar.id)).status is UserStatus.DEACTIVATED
    assert await authenticate(token) is None
    assert await AuthSession.filter(user_id=oscar.id).count() == 0

    # The confirmation of a deactivated user goes back to the partner page.
    await page.goto(live.admin(f"/partners/{northwind.id}/users/{oscar.id}/deactivate"))
    await expect(page.locator(".flash-ok")).to_have_text(
        "Oscar Orders <oscar@northwind.example> is already deactivated."
    )


async def test_a_user_is_found_only_under_their_own_partner(live):
    northwind = await Partner.get(name="Northwind Managed IT")
    carl = await PartnerUser.get(email_key="carl@contoso.example")
    async with live.client() as client:
        csrf = await http_sign_in(client, STAFF_PASSWORD)
        for user_id in (carl.id, 10**6, 2**31, 2**63 - 1, 2**63, 10**30):
            base = f"/admin/partners/{northwind.id}/users/{user_id}"
            assert (await client.get(f"{base}/deactivate")).status_code == 404, user_id
            for action in ("deactivate", "resend"):
                response = await client.post(f"{base}/{action}", data={"csrf_token": csrf})
                assert response.status_code == 404, (user_id, action)
                assert "There is no such page." in response.text
    assert (await PartnerUser.get(id=carl.id)).status is UserStatus.ACTIVE


async def test_staff_deactivate_other_staff_but_not_themselves(live, page):
    me = await StaffUser.get(email_key=STAFF_EMAIL)
    sam = await create_staff_user(OTHER_STAFF, OTHER_PASSWORD)
    # Sam is signed in elsewhere.
    async with live.client() as sams:
        signin = await sams.get("/admin/signin")
        form = {
            "csrf_token": csrf_from(signin.text),
            "email": OTHER_STAFF,
            "password": OTHER_PASSWORD,
            "next": "/",
        }
        assert (await sams.post("/admin/signin", data=form)).status_code == 303
        assert (await sams.get("/admin/")).status_code == 200

        await sign_in(page, live, path="/")
        await page.get_by_role("navigation", name="Main").get_by_role("link", name="Staff").click()
        rows = page.locator("#staff tbody tr")
        await expect(rows.locator("td:nth-child(1)")).to_have_text([OTHER_STAFF, STAFF_EMAIL])
        await expect(rows.locator("td:nth-child(2)")).to_have_text(["ACTIVE", "ACTIVE"])
        mine = page.locator(f"#staff-{me.id}")
        await expect(mine.locator("td").nth(4)).to_have_text("you")
        await expect(mine.get_by_role("link", name="Deactivate")).to_have_count(0)

        # Not oneself, however asked.
        await page.goto(live.admin(f"/staff/{me.id}/deactivate"))
        await page.wait_for_url(live.admin("/staff"))
        await expect(page.locator(".flash-error")).to_have_text("You cannot deactivate yourself.")
        async with live.client() as client:
            csrf = await http_sign_in(client, STAFF_PASSWORD)
            refused = await client.post(f"/admin/staff/{me.id}/deactivate", data={"csrf_token": csrf})
            assert refused.status_code == 303
            assert "You cannot deactivate yourself." in (await client.get("/admin/staff")).text
            assert (await client.get(f"/admin/staff/{10**6}/deactivate")).status_code == 404
            missing = await client.post(f"/admin/staff/{10**6}/deactivate", data={"csrf_token": csrf})
            assert missing.status_code == 404
        assert (await StaffUser.get(id=me.id)).is_active

        row = page.locator(f"#staff-{sam.id}")
        await open_confirmation_and_keep(
            page,
            row.get_by_role("link", name="Deactivate"),
            f"Deactivate {OTHER_STAFF}?",
            ["they can no longer sign in to the admin;", "every admin session they have open ends now."],
            keep="Keep",
        )
        await page.wait_for_url(live.admin("/staff"))
        assert (await StaffUser.get(id=sam.id)).is_active
        await row.get_by_role("link", name="Deactivate").click()
        await page.get_by_role("button", name="Deactivate").click()
        await page.wait_for_url(live.admin("/staff"))
        await expect(page.locator(".flash-ok")).to_have_text(
            f"{OTHER_STAFF} is deactivated and signed out everywhere."
        )
        await expect(row.locator("td").nth(1)).to_have_text("DEACTIVATED")
        await expect(row.get_by_role("link", name="Deactivate")).to_have_count(0)

        assert not (await StaffUser.get(id=sam.id)).is_active
        response = await sams.get("/admin/")
        assert response.status_code == 303 and response.headers["location"].startswith("/admin/signin")
        signin = await sams.get("/admin/signin")
        form["csrf_token"] = csrf_from(signin.text)
        assert (await sams.post("/admin/signin", data=form)).status_code == 400
