"""`GET /attachments/{id}`: the customer's partner, reconciliation and staff read; others see 404."""

from __future__ import annotations

import hashlib

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from graphql_portal.auth import create_reconciliation_token, create_user_token, revoke_token
from graphql_portal.fulfilment.addendum import file_addendum
from graphql_portal.fulfilment.downloads import attachment_url, download_attachment, safe_filename
from graphql_portal.ids import encode_id
from graphql_portal.models import Attachment, AttachmentKind, StaffUser
from tests.support.environment import make_settings
from tests.support.orders import write_fabrikam_order


def build_app(settings) -> Starlette:
    app = Starlette(routes=[Route("/attachments/{attachment_id}", download_attachment)])
    app.state.settings = settings

    async def staff_lookup(request):
        # Stands in for the admin's session check: a cookie naming an active staff user.
        email = request.cookies.get("staff")
        return await StaffUser.filter(email_key=email, is_active=True).first() if email else None

    app.state.staff_lookup = staff_lookup
    return app


@pytest.fixture
async def setup(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    order = await write_fabrikam_order()
    attachment, _ = await file_addendum(order.id, settings)
    transport = httpx.ASGITransport(app=build_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://portal.test") as client:
        yield client, attachment, attachment_url(settings, attachment.id)


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


async def test_the_customers_partner_gets_the_bytes(setup):
    client, attachment, url = setup
    token = (await create_user_token("vera@northwind.example")).token  # any role of the partner
    response = await client.get(url, headers=bearer(token))
    assert response.status_code == 200
    assert response.content == bytes(attachment.data)
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="{attachment.filename}"'
    assert response.headers["cache-control"] == "private, no-store"


async def test_reconciliation_and_staff_get_the_bytes(setup):
    client, attachment, url = setup
    token = (await create_reconciliation_token("finance")).token
    response = await client.get(url, headers=bearer(token))
    assert (response.status_code, response.content) == (200, bytes(attachment.data))
    response = await client.get(url, headers={"Cookie": "staff=staff@portal.example"})
    assert (response.status_code, response.content) == (200, bytes(attachment.data))


async def test_everyone_else_gets_the_same_404_as_an_unknown_id(setup):
    client, attachment, url = setup
    other_partner = (await create_user_token("carl@contoso.example")).token
    revoked = await create_user_token("oscar@northwind.example")
    await revoke_token(revoked.prefix)
    good = (await create_user_token("oscar@northwind.example")).token
    cases = {
        "other partner": client.get(url, headers=bearer(other_partner)),
        "no token": client.get(url),
        "revoked token": client.get(url, headers=bearer(revoked.token)),
        "garbage token": client.get(url, headers=bearer("gpt_nope_nope")),
        "unknown staff": client.get(url, headers={"Cookie": "staff=nobody@portal.example"}),
        "unknown id": client.get(
            f"/attachments/{encode_id('Attachment', attachment.id + 1000)}", headers=bearer(good)
        ),
        "id of another type": client.get(
            f"/attachments/{encode_id('Order', attachment.id)}", headers=bearer(good)
        ),
        "not an id": client.get("/attachments/%27%20OR%201=1", headers=bearer(good)),
    }
    for name, request in cases.items():
        response = await request
        assert (response.status_code, response.text) == (404, "Not Found"), name


async def test_reconciliation_downloads_an_orders_addendum_and_no_other_attachment(setup):
    client, addendum, addendum_url = setup
    document = await Attachment.create(
        customer_id=addendum.customer_id,
        kind=AttachmentKind.DOCUMENT,
        filename="signed-msa.pdf",
        content_type="application/pdf",
        size=4,
        sha256=hashlib.sha256(b"%PDF").hexdigest(),
        data=b"%PDF",
    )
    document_url = f"/attachments/{encode_id('Attachment', document.id)}"
    finance = bearer((await create_reconciliation_token("finance")).token)
    vera = bearer((await create_user_token("vera@northwind.example")).token)
    assert (await client.get(addendum_url, headers=finance)).status_code == 200
    refused = await client.get(document_url, headers=finance)
    assert (refused.status_code, refused.text) == (404, "Not Found")
    # The customer's partner and staff still read it.
    assert (await client.get(document_url, headers=vera)).content == b"%PDF"
    staff = await client.get(document_url, headers={"Cookie": "staff=staff@portal.example"})
    assert staff.content == b"%PDF"


def test_safe_filename_keeps_headers_intact():
    assert safe_filename("CO-0000012-addendum.pdf") == "CO-0000012-addendum.pdf"
    assert safe_filename('a"b\r\nSet-Cookie: x.pdf') == "a_b_Set-Cookie_x.pdf"
    assert safe_filename("../../etc/passwd") == "etc_passwd"
    assert safe_filename("Übersicht.pdf") == "bersicht.pdf"
    assert safe_filename("\"'") == "attachment"
