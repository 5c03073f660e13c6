"""Staff uploads land in the configured attachment store; with the store down nothing is stored."""

from __future__ import annotations

from graphql_portal.models import Attachment, Customer, StagedObject
from tests.support.admin import csrf_from, http_sign_in, live_server
from tests.support.demo import STAFF_PASSWORD
from tests.support.environment import make_settings
from tests.support.stores import sha256

TEXT = b"Signed MSA, 2026-11-25\n"


async def test_an_upload_is_stored_in_the_object_store_and_the_row_keeps_no_bytes(db, object_store, tmp_path):
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    customer = await Customer.get(account_code="FAB-001")
    async with live_server(settings) as live, live.client() as client:
        token = await http_sign_in(client, STAFF_PASSWORD)
        response = await client.post(
            f"/admin/customers/{customer.id}/attachments",
            data={"csrf_token": token},
            files={"file": ("signed-msa.txt", TEXT, "text/plain")},
        )
        assert response.status_code == 303, response.text
    row = await Attachment.get(customer_id=customer.id, filename="signed-msa.txt")
    assert (row.store, bytes(row.data), row.size, row.sha256) == (
        object_store.url,
        b"",
        len(TEXT),
        sha256(TEXT),
    )
    assert object_store.read(row.object_key) == TEXT
    assert (row.uploaded_by, await StagedObject.all().count()) == ("staff@portal.example", 0)


async def test_with_the_store_down_an_upload_is_a_503_and_nothing_is_stored(db, object_store, tmp_path):
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    customer = await Customer.get(account_code="FAB-001")
    before = await Attachment.filter(customer_id=customer.id).count()
    async with live_server(settings) as live, live.client() as client:
        token = await http_sign_in(client, STAFF_PASSWORD)
        object_store.take_away()
        try:
            page = await client.post(
                f"/admin/customers/{customer.id}/attachments",
                data={"csrf_token": token},
                files={"file": ("signed-msa.txt", TEXT, "text/plain")},
                headers={"Accept": "text/html"},
            )
            api = await client.post(
                f"/admin/customers/{customer.id}/attachments",
                data={"csrf_token": csrf_from((await client.get(f"/admin/customers/{customer.id}")).text)},
                files={"file": ("signed-msa.txt", TEXT, "text/plain")},
                headers={"Accept": "application/json"},
            )
        finally:
            object_store.bring_back()
    assert (page.status_code, page.headers["retry-after"]) == (503, "5")
    assert "The attachment store is unavailable, so nothing was stored." in page.text
    assert "<h1>Unavailable" in page.text
    assert (api.status_code, api.headers["retry-after"]) == (503, "5")
    assert api.json()["errors"][0]["extensions"] == {"code": "UNAVAILABLE"}
    assert await Attachment.filter(customer_id=customer.id).count() == before
