"""What one visitor can make the portal do is bounded, behind a reverse proxy too: "forgot password"
floods, guesses of a signed-in user's current password, an emailed link's token in addresses,
edited addresses, and a link redeemed in a browser where someone else is signed in.

The server here trusts the loopback proxy (PORTAL_TRUSTED_PROXIES=127.0.0.1), so each test is a
client address of its own through X-Forwarded-For, as visitors behind a proxy are.
"""

from __future__ import annotations

import asyncio
import re

import pytest

from graphql_portal.auth.sessions import hash_key
from graphql_portal.models import AuthSession, PartnerUser
from graphql_portal.ordering.users import add_partner_user
from tests.support.html import csrf_from, links_in
from tests.support.portal import PASSWORDS, Portal, http_sign_in, seeded_portal

OSCAR, VERA, ALICE = "oscar@northwind.example", "vera@northwind.example", "alice@northwind.example"
FORGOT_ANSWER = (
    "If that address belongs to a user of the portal, a link to choose a new password is on its way."
)


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
async def portal(request, db_root, tmp_path_factory) -> Portal:
    var = tmp_path_factory.mktemp("var")
    async with seeded_portal(request.param, db_root, var, trusted_proxies=("127.0.0.1/32",)) as server:
        yield server


def visitor(portal: Portal, address: str):
    return portal.client(headers={"X-Forwarded-For": address})


async def mail_settles(portal: Portal, address: str, seconds: float = 1.5) -> list:
    """The messages to `address` once the worker has had time to send whatever was queued."""
    await asyncio.sleep(seconds)
    return portal.mail.to(address)


async def test_a_forgot_password_flood_sends_three_emails_and_answers_every_request_alike(portal):
    answers = set()
    # Thirty requests for Oscar from thirty visitors, and thirty for others from one visitor.
    for n in range(30):
        async with visitor(portal, f"198.51.100.{n}") as client:
            page = await client.get("/forgot-password")
            response = await client.post(
                "/forgot-password", data={"csrf_token": csrf_from(page.text), "email": OSCAR}
            )
            assert response.status_code == 200
            answers.add(re.sub(r"\s+", " ", response.text.split(FORGOT_ANSWER[:30])[1][:200]))
    async with visitor(portal, "203.0.113.99") as client:
        page = await client.get("/forgot-password")
        token = csrf_from(page.text)
        for n in range(30):
            response = await client.post(
                "/forgot-password", data={"csrf_token": token, "email": f"who{n}@northwind.example"}
            )
            assert response.status_code == 200
            assert FORGOT_ANSWER in re.sub(r"\s+", " ", response.text)
    assert len(answers) == 1
    assert len(await mail_settles(portal, OSCAR)) == 3


async def test_the_sixth_wrong_current_password_is_refused_with_429(portal):
    async with visitor(portal, "192.0.2.60") as client:
        csrf = await http_sign_in(client, VERA)
        form = {"csrf_token": csrf, "password": "A-new-long-password-1", "repeat": "A-new-long-password-1"}
        for n in range(5):
            wrong = await client.post("/password", data={**form, "current": f"guess-{n}"})
            assert wrong.status_code == 400
            assert "The current password is not right." in wrong.text
        refused = await client.post("/password", data={**form, "current": PASSWORDS[VERA]})
        assert refused.status_code == 429
        assert 800 <= int(refused.headers["retry-after"]) <= 900
        assert re.search(r"Too many wrong passwords\. Try again in 1[45] minutes\.", refused.text)
    # The account is limited too: a fresh session of Vera's gets no check either.
    async with visitor(portal, "192.0.2.61") as client:
        csrf = await http_sign_in(client, VERA)
        again = await client.post("/password", data={**form, "csrf_token": csrf, "current": PASSWORDS[VERA]})
        assert again.status_code == 429


async def _invitation_link(portal: Portal, name: str, email: str) -> str:
    alice = await PartnerUser.get(email_key=ALICE)
    _, errors = await add_partner_user(alice.partner_id, name, email, "VIEWER")
    assert errors == []
    for _ in range(300):
        if found := portal.mail.to(email):
            (link,) = [url for url in links_in(found[0].text) if "/invitation/" in url]
            return link
        await asyncio.sleep(0.05)
    raise AssertionError("no invitation")


async def test_a_links_token_leaves_the_address_for_a_cookie_of_the_invitation_page(portal):
    link = await _invitation_link(portal, "Ines Invited", "ines@northwind.example")
    token = link.rsplit("/", 1)[1]
    async with visitor(portal, "192.0.2.70") as client:
        taken = await client.get(link)
        assert taken.status_code == 303
        assert taken.headers["location"] == "/invitation"
        assert taken.headers["referrer-policy"] == "no-referrer"
        assert taken.headers.get_list("set-cookie")[0] == (
            f"portal_link={token}; Max-Age=900; Path=/invitation; HttpOnly; SameSite=Lax"
        )
        page = await client.get("/invitation")
        assert page.status_code == 200
        assert "ines@northwind.example" in page.text and token not in page.text
        assert 'action="/invitation"' in page.text
        chosen = await client.post(
            "/invitation",
            data={
                "csrf_token": csrf_from(page.text),
                "password": "Chosen-secret-phrase-1",
                "repeat": "Chosen-secret-phrase-1",
            },
        )
        assert chosen.status_code == 303 and chosen.headers["location"] == "/"
        assert any(
            c.startswith("portal_link=; Max-Age=0; Path=/invitation")
            for c in chosen.headers.get_list("set-cookie")
        )
        assert (await client.get("/customers")).status_code == 200
    # A token that cannot be one of ours is never put in a cookie (no header injection either).
    async with visitor(portal, "192.0.2.71") as client:
        hostile = await client.get("/invitation/abc%3B%20Domain%3Devil.example")
        assert hostile.headers.get_list("set-cookie")[0] == (
            "portal_link=; Max-Age=0; Path=/invitation; HttpOnly; SameSite=Lax"
        )
        assert (await client.get("/invitation")).status_code == 404


async def test_redeeming_a_link_where_someone_else_is_signed_in_ends_their_session(portal):
    link = await _invitation_link(portal, "Ivo Invited", "ivo@northwind.example")
    async with visitor(portal, "192.0.2.80") as client:
        await http_sign_in(client, ALICE)
        alice_key = client.cookies["portal_session"]
        assert await AuthSession.filter(key_hash=hash_key(alice_key)).exists()
        await client.get(link)
        page = await client.get("/invitation")
        chosen = await client.post(
            "/invitation",
            data={
                "csrf_token": csrf_from(page.text),
                "password": "Chosen-secret-phrase-2",
                "repeat": "Chosen-secret-phrase-2",
            },
        )
        assert chosen.status_code == 303
        assert not await AuthSession.filter(key_hash=hash_key(alice_key)).exists()
        assert client.cookies["portal_session"] != alice_key
        users = await client.get("/customers")
        assert "Ivo Invited" in users.text and "Alice Admin" not in users.text


@pytest.mark.parametrize(
    "path",
    [
        "/customers?after=not-a-cursor",
        "/customers?q=Fab&after=%00%01",
        "/orders?reference=" + "R" * 65,
        "/orders?after=bm90IGEgY3Vyc29y",
    ],
)
async def test_an_edited_address_is_a_400_page_not_a_server_error(portal, path):
    async with visitor(portal, "192.0.2.90") as client:
        await http_sign_in(client, OSCAR)
        response = await client.get(path)
        assert response.status_code == 400, response.text[:300]
        assert "address is not valid" in response.text
