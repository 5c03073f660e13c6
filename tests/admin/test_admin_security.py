"""Who gets in: sessions, forged and idle cookies, API tokens, CSRF, sign-in throttling.

These talk plain HTTP to the live server (what a script or an attacker would send, not what the
admin's own pages do).
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import hashlib
import secrets
from urllib.parse import quote

from starlette.routing import Route

from graphql_portal.admin import admin_app
from graphql_portal.admin.middleware import CONTENT_SECURITY_POLICY
from graphql_portal.admin.sessions import COOKIE_NAME, Session, SessionCodec
from graphql_portal.auth import create_user_token, deactivate_staff_user, start_session
from graphql_portal.ids import encode_id
from graphql_portal.models import (
    ApiToken,
    Attachment,
    AuthSession,
    Customer,
    Delivery,
    Job,
    Order,
    Partner,
    PartnerUser,
    StaffUser,
)
from tests.support.admin import SQLITE_ONLY, csrf_from, http_sign_in, live_server
from tests.support.demo import STAFF_EMAIL, STAFF_PASSWORD
from tests.support.orders import place_fabrikam_order

pytestmark = SQLITE_ONLY

PAGES = [
    "/",
    "/customers",
    "/customers/1",
    "/orders",
    "/orders/1",
    "/partners",
    "/partners/1",
    "/partners/1/users/1/deactivate",
    "/staff",
    "/staff/1/deactivate",
    "/no-such-page",
]


def signin_location(path: str) -> str:
    return f"/admin/signin?next={quote(path, safe='')}"


async def test_every_page_without_a_session_redirects_to_sign_in(live):
    async with live.client() as client:
        for path in PAGES:
            response = await client.get(f"/admin{path}")
            assert (response.status_code, response.headers["location"]) == (303, signin_location(path)), path
        search = await client.get("/admin/customers?q=FAB")
        assert search.headers["location"] == signin_location("/customers?q=FAB")
        partner = await Partner.get(name="Northwind Managed IT")
        users = await PartnerUser.all().count()
        post = await client.post(
            f"/admin/partners/{partner.id}/users",
            data={"name": "Eve", "email": "eve@x.example", "role": "ADMIN"},
        )
        assert (post.status_code, post.headers["location"]) == (
            303,
            signin_location(f"/partners/{partner.id}/users"),
        )
        assert await PartnerUser.all().count() == users


async def test_htmx_without_a_session_is_sent_to_sign_in_with_the_page_it_was_on(live):
    headers = {"HX-Request": "true", "HX-Current-URL": f"{live.url}/admin/orders/1?x=1"}
    async with live.client(headers=headers) as client:
        response = await client.get("/admin/orders/1/deliveries/2")
        assert response.status_code == 401
        assert response.headers["hx-redirect"] == signin_location("/orders/1?x=1")
        foreign = await client.get(
            "/admin/orders/1/status", headers={"HX-Current-URL": "http://evil.example/admin/x"}
        )
        assert foreign.headers["hx-redirect"] == signin_location("/")


async def test_polling_neither_extends_nor_rewrites_the_session(live):
    async with live.client() as client:
        await http_sign_in(client, STAFF_PASSWORD)
        order = await place_fabrikam_order()
        poll = await client.get(f"/admin/orders/{order.id}/status", headers={"HX-Request": "true"})
        assert poll.status_code == 200
        assert 'hx-trigger="every 2s"' in poll.text
        assert "set-cookie" not in poll.headers
        page = await client.get(f"/admin/orders/{order.id}")
        assert page.headers["set-cookie"].startswith(f"{COOKIE_NAME}=")


async def test_a_partner_api_token_opens_nothing(live):
    issued = await create_user_token("alice@northwind.example")
    async with live.client(headers={"Authorization": f"Bearer {issued.token}"}) as client:
        for path in PAGES:
            response = await client.get(f"/admin{path}")
            assert (response.status_code, response.headers["location"]) == (303, signin_location(path)), path
            assert "Fabrikam" not in response.text


async def test_a_session_cookie_signed_with_another_secret_is_refused(live):
    staff = await StaffUser.get(email_key=STAFF_EMAIL)
    key, _ = await start_session(staff, live.settings)
    forged = SessionCodec(dataclasses.replace(live.settings, secret_key="another-secret-" + "z" * 20)).dumps(
        Session(key=key)
    )
    genuine = SessionCodec(live.settings).dumps(Session(key=key))
    tampered = genuine[:-2] + ("AA" if not genuine.endswith("AA") else "BB")
    for cookie in (forged, tampered):
        async with live.client(cookies={COOKIE_NAME: cookie}) as client:
            response = await client.get("/admin/customers")
            assert (response.status_code, response.headers["location"]) == (
                303,
                signin_location("/customers"),
            )
    # The same session signed with the right key is let in: the refusals above are the signature's.
    async with live.client(cookies={COOKIE_NAME: genuine}) as client:
        assert (await client.get("/admin/customers")).status_code == 200


async def test_a_made_up_session_key_opens_nothing(live):
    cookie = SessionCodec(live.settings).dumps(Session(key=secrets.token_urlsafe(32)))
    async with live.client(cookies={COOKIE_NAME: cookie}) as client:
        response = await client.get("/admin/customers")
        assert (response.status_code, response.headers["location"]) == (303, signin_location("/customers"))


async def test_an_idle_session_ends_with_a_message(live):
    staff = await StaffUser.get(email_key=STAFF_EMAIL)
    codec = SessionCodec(live.settings)
    idle = live.settings.session_idle_seconds
    now = dt.datetime.now(dt.UTC)
    stale_key, stale = await start_session(staff, live.settings)
    await AuthSession.filter(id=stale.id).update(last_seen_at=now - dt.timedelta(seconds=idle + 5))
    async with live.client(cookies={COOKIE_NAME: codec.dumps(Session(key=stale_key))}) as client:
        response = await client.get("/admin/orders")
        assert (response.status_code, response.headers["location"]) == (303, signin_location("/orders"))
        page = await client.get(response.headers["location"])
        assert f"You were signed out after {idle // 60} minutes without activity." in page.text
    assert not await AuthSession.filter(id=stale.id).exists()
    fresh_key, fresh = await start_session(staff, live.settings)
    await AuthSession.filter(id=fresh.id).update(last_seen_at=now - dt.timedelta(seconds=idle - 30))
    async with live.client(cookies={COOKIE_NAME: codec.dumps(Session(key=fresh_key))}) as client:
        assert (await client.get("/admin/orders")).status_code == 200
    assert (await AuthSession.get(id=fresh.id)).last_seen_at >= now


async def test_a_session_ends_twelve_hours_after_sign_in_however_busy(live):
    staff = await StaffUser.get(email_key=STAFF_EMAIL)
    key, row = await start_session(staff, live.settings)
    await AuthSession.filter(id=row.id).update(
        created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=12, seconds=1)
    )
    cookie = SessionCodec(live.settings).dumps(Session(key=key))
    async with live.client(cookies={COOKIE_NAME: cookie}) as client:
        response = await client.get("/admin/orders")
        page = await client.get(response.headers["location"])
        assert "You were signed out: a session lasts at most 12 hours." in page.text


async def test_sign_out_ends_the_session_on_the_server_so_a_copied_cookie_stops_working(live):
    async with live.client() as client:
        csrf = await http_sign_in(client, STAFF_PASSWORD)
        copied = client.cookies[COOKIE_NAME]
        response = await client.post("/admin/signout", data={"csrf_token": csrf})
        assert response.status_code == 303
    assert not await AuthSession.filter(kind="STAFF").exists()
    async with live.client(cookies={COOKIE_NAME: copied}) as replay:
        response = await replay.get("/admin/orders")
        assert (response.status_code, response.headers["location"]) == (303, signin_location("/orders"))


async def test_sign_in_starts_a_new_session_and_deactivation_ends_it(live):
    async with live.client() as client:
        csrf = await http_sign_in(client, STAFF_PASSWORD)
        first = SessionCodec(live.settings).loads(client.cookies[COOKIE_NAME]).key
        form = {"csrf_token": csrf, "email": STAFF_EMAIL, "password": STAFF_PASSWORD, "next": "/"}
        assert (await client.post("/admin/signin", data=form)).status_code == 303
        second = SessionCodec(live.settings).loads(client.cookies[COOKIE_NAME]).key
        assert first and second and first != second
        assert await AuthSession.filter(kind="STAFF").count() == 1
        await deactivate_staff_user(STAFF_EMAIL)
        response = await client.get("/admin/orders")
        assert (response.status_code, response.headers["location"]) == (303, signin_location("/orders"))


async def _state() -> tuple:
    """Every row the admin's POSTs could change, in a comparable form."""
    return (
        await PartnerUser.all().order_by("id").values_list("id", "email", "status"),
        await StaffUser.all().order_by("id").values_list("id", "is_active"),
        await ApiToken.all().order_by("id").values_list("id", "revoked_at"),
        await Attachment.all().order_by("id").values_list("id", "filename"),
        await Delivery.all().order_by("id").values_list("id", "status", "attempts"),
        await Job.all().order_by("id").values_list("id", "state", "attempts", "run_after"),
        await Order.all().order_by("id").values_list("id", "status", "updated_at"),
    )


async def test_every_post_without_a_valid_csrf_token_is_refused_and_changes_nothing(live):
    order = await place_fabrikam_order()
    delivery = await Delivery.filter(order_id=order.id).first()
    customer = await Customer.get(account_code="FAB-001")
    alice = await PartnerUser.get(email_key="alice@northwind.example")
    token = await create_user_token(alice.email)
    params = {
        "customer_id": customer.id,
        "order_id": order.id,
        "delivery_id": delivery.id,
        "partner_id": alice.partner_id,
        "user_id": alice.id,
        "token_id": token.record.id,
        "staff_id": (await StaffUser.get(email_key=STAFF_EMAIL)).id,
    }
    posts = [
        route.path_format.format(**params)
        for route in admin_app(live.settings).routes
        if isinstance(route, Route) and "POST" in (route.methods or ())
    ]
    assert len(posts) == 12, posts
    form = {"name": "Eve Example", "email": "eve@example.com", "role": "ADMIN", "password": STAFF_PASSWORD}

    async with live.client() as client:
        real_token = await http_sign_in(client, STAFF_PASSWORD)
        before = await _state()
        for path in posts:
            for token_value in (None, "forged-" + real_token[7:], ""):
                data = {**form, "email": STAFF_EMAIL} if path == "/signin" else dict(form)
                if token_value is not None:
                    data["csrf_token"] = token_value
                files = {"file": ("a.txt", b"hello")} if path.endswith("/attachments") else None
                response = await client.post(f"/admin{path}", data=data, files=files)
                assert response.status_code == 403, (path, token_value, response.status_code)
                assert "Not allowed" in response.text
            header = await client.post(f"/admin{path}", data=form, headers={"X-CSRF-Token": "x" * 43})
            assert header.status_code == 403, path
        assert await _state() == before
        # Still signed in: the sign-out without a token did nothing either.
        assert (await client.get("/admin/")).status_code == 200

        # The genuine token, as htmx sends it in a header, is accepted.
        response = await client.post(
            f"/admin/orders/{order.id}/deliveries/{delivery.id}/retry", headers={"X-CSRF-Token": real_token}
        )
        assert response.status_code == 200
        assert "Nothing to retry: this email has not failed." in response.text


async def test_sign_in_refuses_an_address_after_ten_failures(live):
    async with live.client() as client:
        csrf = csrf_from((await client.get("/admin/signin")).text)

        async def attempt(email: str, password: str):
            return await client.post(
                "/admin/signin", data={"csrf_token": csrf, "email": email, "password": password, "next": "/"}
            )

        for n in range(10):
            response = await attempt(
                f"guess{n}@portal.example" if n % 2 else STAFF_EMAIL.upper(), f"wrong-{n}"
            )
            assert response.status_code == 400
            assert "Wrong email or password." in response.text
        refused = await attempt(STAFF_EMAIL, STAFF_PASSWORD)
        assert refused.status_code == 429
        # The window started with the first failure; a busy machine takes a while for ten.
        retry_after = int(refused.headers["retry-after"])
        assert 800 <= retry_after <= 900
        assert f"Too many failed sign-ins. Try again in {-(-retry_after // 60)} minutes." in refused.text
        assert (await client.get("/admin/")).status_code == 303


async def test_forty_concurrent_sign_ins_get_at_most_ten_wrong_answers(live):
    async with live.client() as client:
        csrf = csrf_from((await client.get("/admin/signin")).text)
        passwords = [f"wrong-guess-{n:02d}" for n in range(39)] + [STAFF_PASSWORD]

        async def attempt(password: str):
            data = {"csrf_token": csrf, "email": STAFF_EMAIL, "password": password, "next": "/"}
            return await client.post("/admin/signin", data=data, timeout=120)

        responses = await asyncio.gather(*(attempt(p) for p in passwords))
    statuses = [r.status_code for r in responses]
    assert statuses.count(400) <= 10
    assert statuses.count(429) >= 29
    assert statuses.count(303) <= 1


async def test_sign_in_only_redirects_inside_the_admin(live):
    async with live.client() as client:
        csrf = csrf_from((await client.get("/admin/signin")).text)
        response = await client.post(
            "/admin/signin",
            data={
                "csrf_token": csrf,
                "email": STAFF_EMAIL,
                "password": STAFF_PASSWORD,
                "next": "//evil.example/x",
            },
        )
        assert (response.status_code, response.headers["location"]) == (303, "/admin/")


async def test_pages_carry_the_security_headers_and_the_cookie_flags(live):
    async with live.client() as client:
        signin = await client.get("/admin/signin")
        assert signin.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert signin.headers["x-frame-options"] == "DENY"
        assert signin.headers["cache-control"] == "no-store"
        cookie = signin.headers["set-cookie"]
        assert cookie.startswith(f"{COOKIE_NAME}=")
        assert {"HttpOnly", "SameSite=Lax", "Path=/"} <= {part.strip() for part in cookie.split(";")}
        assert "Secure" not in cookie
    secure = SessionCodec(dataclasses.replace(live.settings, base_url="https://portal.example"))
    assert secure.cookie_header(Session()).endswith("; Secure")


async def test_a_staff_session_opens_attachment_downloads_and_nothing_else_does(live):
    order = await place_fabrikam_order()
    customer = await Customer.get(account_code="FAB-001")
    attachment = await Attachment.create(
        customer=customer,
        order=order,
        kind="ADDENDUM",
        filename="x.pdf",
        content_type="application/pdf",
        size=8,
        sha256=hashlib.sha256(b"%PDF-1.4").hexdigest(),
        data=b"%PDF-1.4",
    )
    url = f"/attachments/{encode_id('Attachment', attachment.id)}"
    async with live.client() as client:
        assert (await client.get(url)).status_code == 404
        await http_sign_in(client, STAFF_PASSWORD)
        response = await client.get(url)
        assert (response.status_code, response.content) == (200, b"%PDF-1.4")


async def test_missing_rows_get_the_admins_404_page(live):
    async with live.client() as client:
        await http_sign_in(client, STAFF_PASSWORD)
        for path in ("/customers/999999", "/orders/99999999999", "/partners/0", "/nowhere"):
            response = await client.get(f"/admin{path}")
            assert response.status_code == 404, path
            assert "Not found" in response.text
            assert "Sign out" in response.text


async def test_three_servers_share_one_sign_in_allowance(live):
    """Each server counts in the database, so guesses spread over servers add up: ten failures,
    at most four on any one server, use up the address's allowance everywhere."""
    async with live_server(live.settings) as second, live_server(live.settings) as third:
        servers = [live, second, third]

        async def attempt(server, password: str) -> int:
            async with server.client() as client:
                csrf = csrf_from((await client.get("/admin/signin")).text)
                data = {"csrf_token": csrf, "email": STAFF_EMAIL, "password": password}
                return (await client.post("/admin/signin", data=data)).status_code

        for n in range(10):
            assert await attempt(servers[n % 3], "not the password") == 400
        for server in servers:
            assert await attempt(server, STAFF_PASSWORD) == 429
