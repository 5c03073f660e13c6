"""Attachment bytes in the database, a folder or an S3-compatible bucket (moto's server on loopback).

Filed before the row commits, checked on every read, never served when they differ; a store that
is down is a 503 within 5 seconds and a job retried until it is back; a crash between the object
and its row leaves a staged object that the sweep removes after a day.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import os
import re
import signal
import stat
import subprocess
import sys
import time

import httpx
import pytest

from graphql_portal.app import create_app
from graphql_portal.auth import create_user_token
from graphql_portal.clock import FixedClock
from graphql_portal.fulfilment.addendum import file_addendum, load_addendum_data, render_addendum_pdf
from graphql_portal.fulfilment.attachments import (
    VERIFY_BEFORE_SENDING,
    file_attachment,
    opaque_id,
    sweep_staged_objects,
    write_object,
)
from graphql_portal.fulfilment.downloads import attachment_path
from graphql_portal.fulfilment.stores import StoreUnavailable, open_store
from graphql_portal.fulfilment.worker import Worker
from graphql_portal.models import (
    Attachment,
    AttachmentKind,
    Customer,
    Job,
    JobKind,
    JobState,
    Order,
    OrderStatus,
    StagedObject,
)
from graphql_portal.settings import SettingsError, load_settings, parse_attachment_store
from tests.support.environment import ROOT, make_settings, settings_env, worker_env
from tests.support.orders import write_fabrikam_order
from tests.support.served import served
from tests.support.stores import StoreUnderTest, s3_env, sha256
from tests.support.worker import wait_for, work_until_settled

UNAVAILABLE_BODY = {
    "errors": [
        {
            "message": "The attachment store is unavailable; retry in a few seconds.",
            "extensions": {"code": "UNAVAILABLE"},
        }
    ]
}


async def downloader(settings):
    """An ASGI client of the whole app, signed in as a user of the customer's partner."""
    token = (await create_user_token("vera@northwind.example")).token
    transport = httpx.ASGITransport(app=create_app(settings, manage_db=False))
    return httpx.AsyncClient(
        transport=transport, base_url="http://portal.test", headers={"Authorization": f"Bearer {token}"}
    )


async def filed_addendum(settings) -> tuple[Attachment, bytes]:
    order = await write_fabrikam_order()
    attachment, created = await file_addendum(order.id, settings)
    assert created
    return await Attachment.get(id=attachment.id), render_addendum_pdf(await load_addendum_data(order.id))


async def test_an_addendum_is_filed_in_the_configured_store_and_downloads_intact(
    db, attachment_store, tmp_path
):
    store = attachment_store
    settings = make_settings(db.url, tmp_path, env=store.env)
    row, pdf = await filed_addendum(settings)
    assert (row.store, row.size, row.sha256) == (store.url, len(pdf), sha256(pdf))
    if store.kind == "database":
        assert (bytes(row.data), row.object_key) == (pdf, None)
    else:
        assert bytes(row.data) == b""  # the row keeps no bytes
        assert re.fullmatch(rf"\d{{4}}/\d{{2}}/\d{{2}}/[0-9a-f]{{24}}-{sha256(pdf)}", row.object_key)
        assert store.keys() == [row.object_key]
        assert store.read(row.object_key) == pdf
    assert await StagedObject.all().count() == 0
    async with await downloader(settings) as client:
        response = await client.get(attachment_path(row.id))
    assert (response.status_code, response.content) == (200, pdf)
    assert response.headers["content-length"] == str(len(pdf))
    assert response.headers["content-disposition"] == f'attachment; filename="{row.filename}"'
    assert response.headers["cache-control"] == "private, no-store"


async def test_a_document_is_filed_in_the_configured_store(db, attachment_store, tmp_path):
    store = attachment_store
    settings = make_settings(db.url, tmp_path, env=store.env)
    customer = await Customer.get(account_code="FAB-001")
    text = b"Signed, 2026-11-25\n"
    row = await file_attachment(
        settings,
        customer_id=customer.id,
        kind=AttachmentKind.DOCUMENT,
        filename="signed.txt",
        content_type="text/plain; charset=utf-8",
        data=text,
        uploaded_by="staff@portal.example",
    )
    assert (row.store, row.size, row.sha256, row.order_id) == (store.url, len(text), sha256(text), None)
    async with await downloader(settings) as client:
        response = await client.get(attachment_path(row.id))
    assert (response.status_code, response.content) == (200, text)


async def tampered(store: StoreUnderTest, row: Attachment, data: bytes) -> None:
    if store.kind == "database":
        await Attachment.filter(id=row.id).update(data=data)
    else:
        store.overwrite(row.object_key, data)


@pytest.mark.parametrize("change", ["one byte", "truncated", "longer"])
async def test_a_tampered_attachment_is_never_served(db, attachment_store, tmp_path, caplog, change):
    store = attachment_store
    settings = make_settings(db.url, tmp_path, env=store.env)
    row, pdf = await filed_addendum(settings)
    bad = {"one byte": pdf[:-1] + b"X", "truncated": pdf[:-10], "longer": pdf + b"%EOF"}[change]
    await tampered(store, row, bad)
    with caplog.at_level(logging.ERROR, logger="graphql_portal.attachments"):
        async with await downloader(settings) as client:
            response = await client.get(attachment_path(row.id))
    assert response.status_code == 500
    assert b"%PDF" not in response.content
    assert response.text == "The file could not be read intact; the operators have been told."
    logged = [r.getMessage() for r in caplog.records if r.name == "graphql_portal.attachments"]
    assert len(logged) == 1 and logged[0].startswith(f"attachment {opaque_id(row.id)}: its bytes in"), logged
    assert "not served" in logged[0]


async def test_a_missing_object_is_never_served(db, object_store, tmp_path, caplog):
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    row, _ = await filed_addendum(settings)
    await open_store(object_store.url, settings).delete(row.object_key)
    with caplog.at_level(logging.ERROR, logger="graphql_portal.attachments"):
        async with await downloader(settings) as client:
            response = await client.get(attachment_path(row.id))
    assert response.status_code == 500
    assert f"attachment {opaque_id(row.id)}: its bytes in {object_store.url} fail verification" in caplog.text


async def test_files_are_0600_in_0700_folders(db, folder_store, tmp_path):
    object_store = folder_store
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    row, _ = await filed_addendum(settings)
    path = object_store.folder / row.object_key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for folder in path.relative_to(object_store.folder).parents:
        if str(folder) != ".":
            assert stat.S_IMODE((object_store.folder / folder).stat().st_mode) == 0o700, folder
    assert [p.name for p in object_store.folder.rglob(".*.tmp")] == []  # no temporary file left


async def test_a_folder_under_the_var_dir_is_created_and_any_other_must_exist(db, tmp_path):
    settings = make_settings(db.url, tmp_path, env={"PORTAL_ATTACHMENT_STORE": "files/attachments"})
    assert settings.attachment_store == f"file://{tmp_path.resolve()}/files/attachments"
    row, pdf = await filed_addendum(settings)
    folder = tmp_path / "files" / "attachments"
    assert (folder / row.object_key).read_bytes() == pdf
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700

    elsewhere = tmp_path.parent / f"{tmp_path.name}-unmounted" / "attachments"
    settings = make_settings(db.url, tmp_path, env={"PORTAL_ATTACHMENT_STORE": f"file://{elsewhere}"})
    with pytest.raises(StoreUnavailable, match="the folder does not exist"):
        await file_attachment(
            settings,
            customer_id=row.customer_id,
            kind=AttachmentKind.DOCUMENT,
            filename="x.txt",
            content_type="text/plain",
            data=b"x",
        )
    assert not elsewhere.parent.exists()


async def test_with_the_store_down_downloads_and_filings_answer_unavailable_at_once(
    db, object_store, tmp_path
):
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    row, pdf = await filed_addendum(settings)
    customer_id = row.customer_id
    object_store.take_away()
    try:
        started = time.monotonic()
        async with await downloader(settings) as client:
            response = await client.get(attachment_path(row.id))
        assert time.monotonic() - started < 5
        assert (response.status_code, response.json()) == (503, UNAVAILABLE_BODY)
        assert response.headers["retry-after"] == "5"
        assert response.headers["content-type"] == "application/json"

        started = time.monotonic()
        with pytest.raises(StoreUnavailable):
            await file_attachment(
                settings,
                customer_id=customer_id,
                kind=AttachmentKind.DOCUMENT,
                filename="x.txt",
                content_type="text/plain",
                data=b"x",
            )
        assert time.monotonic() - started < 5
        assert await Attachment.all().count() == 1  # nothing filed
    finally:
        object_store.bring_back()
    if object_store.kind == "file":  # the same folder: the object is still there
        async with await downloader(settings) as client:
            assert (await client.get(attachment_path(row.id))).content == pdf


async def test_a_store_that_accepts_connections_but_never_answers_is_unavailable_within_5_seconds(
    db, tmp_path
):
    done = asyncio.Event()

    async def silent(reader, writer):
        await done.wait()  # accepts, reads nothing, answers nothing
        writer.close()

    server = await asyncio.start_server(silent, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        settings = make_settings(db.url, tmp_path)
        row, _ = await filed_addendum(settings)
        env = {
            "PORTAL_ATTACHMENT_STORE": "s3://portal-silent/attachments",
            "PORTAL_S3_ENDPOINT_URL": f"http://127.0.0.1:{port}",
            "AWS_ACCESS_KEY_ID": "x",
            "AWS_SECRET_ACCESS_KEY": "y",
            "AWS_REGION": "eu-west-1",
        }
        silent_settings = make_settings(db.url, tmp_path, env=env)
        await Attachment.filter(id=row.id).update(
            store="s3://portal-silent/attachments", object_key="2026/01/01/x", data=b""
        )
        started = time.monotonic()
        async with await downloader(silent_settings) as client:
            response = await client.get(attachment_path(row.id))
        assert response.status_code == 503
        assert time.monotonic() - started < 5
    finally:
        done.set()
        server.close()
        await server.wait_closed()


async def test_presigned_downloads_redirect_only_those_allowed(db, moto_server, tmp_path):
    store = StoreUnderTest.s3(moto_server)
    settings = make_settings(db.url, tmp_path, env={**store.env, "PORTAL_S3_PRESIGNED_DOWNLOADS": "1"})
    assert settings.s3_presigned_downloads
    row, pdf = await filed_addendum(settings)
    async with await downloader(settings) as client:
        response = await client.get(attachment_path(row.id))
        other = (await create_user_token("carl@contoso.example")).token
        refused = await client.get(attachment_path(row.id), headers={"Authorization": f"Bearer {other}"})
    assert response.status_code == 302
    assert response.headers["cache-control"] == "no-store"
    location = response.headers["location"]
    assert location.startswith(f"{moto_server.endpoint}/{store.bucket}/attachments/{row.object_key}?")
    assert "X-Amz-Expires=300" in location
    assert (refused.status_code, refused.text) == (404, "Not Found")
    async with httpx.AsyncClient() as plain:  # the browser follows the redirect to the store
        fetched = await plain.get(location)
    assert (fetched.status_code, fetched.content) == (200, pdf)
    assert fetched.headers["content-disposition"] == f'attachment; filename="{row.filename}"'


async def large_attachment(settings, store: StoreUnderTest, size: int) -> tuple[Attachment, bytes]:
    data = os.urandom(size)
    key, staged_id = await write_object(
        open_store(store.url, settings),
        data,
        sha256(data),
        content_type="application/octet-stream",
        filename="big.bin",
        settings=settings,
    )
    customer = await Customer.get(account_code="FAB-001")
    row = await Attachment.create(
        customer=customer,
        kind=AttachmentKind.DOCUMENT,
        filename="big.bin",
        content_type="application/octet-stream",
        size=size,
        sha256=sha256(data),
        data=b"",
        store=store.url,
        object_key=key,
    )
    await StagedObject.filter(id=staged_id).delete()
    return row, data


async def test_a_large_object_streams_and_a_mismatch_cuts_the_connection(db, object_store, tmp_path):
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    size = VERIFY_BEFORE_SENDING + 3 * 1024 * 1024 + 17
    row, data = await large_attachment(settings, object_store, size)
    token = (await create_user_token("vera@northwind.example")).token
    headers = {"Authorization": f"Bearer {token}"}
    async with served(create_app(settings, manage_db=False)) as base, httpx.AsyncClient(timeout=30) as client:
        response = await client.get(base + attachment_path(row.id), headers=headers)
        assert (response.status_code, response.headers["content-length"]) == (200, str(size))
        assert response.content == data

        object_store.overwrite(row.object_key, data[:-1] + bytes([data[-1] ^ 1]))
        received = 0
        with pytest.raises(httpx.HTTPError):
            async with client.stream("GET", base + attachment_path(row.id), headers=headers) as streamed:
                assert streamed.status_code == 200  # the headers went before the end was checked
                async for chunk in streamed.aiter_raw():
                    received += len(chunk)
        assert received < size  # the last chunk, held back, was never sent


async def test_an_order_waits_out_the_store_stopped_and_restarted(db, object_store, smtp, tmp_path):
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port, env=object_store.env)
    order = await write_fabrikam_order()
    object_store.take_away()
    try:
        worker = Worker(settings, "tests")
        deadline = time.monotonic() + 2.5  # well past 3 attempts with backoffs of 0.05-0.2 s
        while time.monotonic() < deadline:
            await worker.run_once()
            await asyncio.sleep(0.05)
        render = await Job.get(order_id=order.id, kind=JobKind.RENDER_ADDENDUM)
        assert render.state is JobState.PENDING  # never FAILED for an outage
        assert render.attempts > settings.job_max_attempts
        assert render.last_error.startswith(f"StoreUnavailable: {object_store.url}: "), render.last_error
        assert (await Order.get(id=order.id)).status is OrderStatus.PROCESSING
        assert await Attachment.filter(order_id=order.id).count() == 0
        assert smtp.mailbox.messages == []
    finally:
        object_store.bring_back()
    assert await work_until_settled(settings, order.id) is OrderStatus.COMPLETED
    row = await Attachment.get(order_id=order.id, kind=AttachmentKind.ADDENDUM)
    assert row.store == object_store.url
    pdf = object_store.read(row.object_key)
    assert (len(pdf), sha256(pdf)) == (row.size, row.sha256)
    (to_submitter,) = [m for m in smtp.mailbox.messages if m.attachments()]
    assert to_submitter.attachments() == [(row.filename, pdf)]


async def test_a_worker_killed_between_object_and_row_leaves_an_orphan_the_sweep_removes(
    db, object_store, smtp, tmp_path
):
    env = settings_env(db.url, tmp_path, smtp_port=smtp.port, **object_store.env)
    order = await write_fabrikam_order()
    log = tmp_path / "crashing.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.support.crashing_worker"],
            cwd=ROOT,
            env=worker_env(env),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            code = await asyncio.to_thread(process.wait, 60)
        finally:
            if process.poll() is None:
                process.kill()
    assert code == -signal.SIGKILL, log.read_text()
    (orphan,) = object_store.keys()
    assert await Attachment.filter(order_id=order.id).count() == 0  # the row never committed
    assert [s.object_key for s in await StagedObject.all()] == [orphan]

    # Its lease expired (shortened here), another worker files the addendum under a new key.
    settings = make_settings(db.url, tmp_path, smtp_port=smtp.port, env=object_store.env)
    await Job.filter(order_id=order.id, locked_by="crashing").update(
        lease_until=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    )
    assert await work_until_settled(settings, order.id) is OrderStatus.COMPLETED
    row = await Attachment.get(order_id=order.id)
    assert row.object_key != orphan
    assert sorted(object_store.keys()) == sorted([orphan, row.object_key])

    # Not yet a day old: kept (its writer might still be at work). A day later: gone.
    assert await sweep_staged_objects(settings) == 0
    assert object_store.exists(orphan)
    later = dataclasses.replace(settings, clock=FixedClock(dt.datetime.now(dt.UTC) + dt.timedelta(hours=25)))
    assert await sweep_staged_objects(later) == 1
    assert object_store.keys() == [row.object_key]
    assert await StagedObject.all().count() == 0
    async with await downloader(settings) as client:
        assert (await client.get(attachment_path(row.id))).content == object_store.read(row.object_key)


async def test_the_sweep_keeps_what_an_unreachable_store_holds_for_a_later_sweep(db, object_store, tmp_path):
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    store = open_store(object_store.url, settings)
    key, _ = await write_object(
        store, b"orphan", sha256(b"orphan"), content_type="text/plain", filename="o.txt", settings=settings
    )
    later = dataclasses.replace(settings, clock=FixedClock(dt.datetime.now(dt.UTC) + dt.timedelta(days=2)))
    object_store.take_away()
    try:
        assert await sweep_staged_objects(later) == 0
        assert await StagedObject.all().count() == 1
    finally:
        object_store.bring_back()
    if object_store.kind == "s3":  # moto forgot its objects when it stopped
        store_keys: list[str] = []
    else:
        store_keys = [key]
    assert object_store.keys() == store_keys
    assert await sweep_staged_objects(later) == 1
    assert (object_store.keys(), await StagedObject.all().count()) == ([], 0)


async def test_a_sweep_takes_at_most_its_limit_and_the_oldest_first(db, object_store, tmp_path):
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    store = open_store(object_store.url, settings)
    now = dt.datetime.now(dt.UTC)
    keys = []
    for hours in (50, 40, 30, 1):  # the last is too young to go
        written_then = dataclasses.replace(settings, clock=FixedClock(now - dt.timedelta(hours=hours)))
        key, _ = await write_object(
            store, b"o", sha256(b"o"), content_type="text/plain", filename="o.txt", settings=written_then
        )
        keys.append(key)
    assert await sweep_staged_objects(settings, limit=2) == 2
    assert object_store.keys() == sorted(keys[2:])
    assert await sweep_staged_objects(settings, limit=2) == 1
    assert await sweep_staged_objects(settings, limit=2) == 0
    assert object_store.keys() == [keys[3]]


async def test_the_worker_sweeps_when_idle(db, object_store, tmp_path):
    settings = make_settings(db.url, tmp_path, env=object_store.env)
    await write_object(
        open_store(object_store.url, settings),
        b"orphan",
        sha256(b"orphan"),
        content_type="text/plain",
        filename="o.txt",
        settings=dataclasses.replace(
            settings, clock=FixedClock(dt.datetime.now(dt.UTC) - dt.timedelta(days=1, minutes=1))
        ),
    )
    stop = asyncio.Event()
    task = asyncio.create_task(Worker(settings, "tests").run(stop))
    try:
        assert await wait_for(lambda: _none_staged(), 10)
    finally:
        stop.set()
        await task
    assert object_store.keys() == []


async def _none_staged() -> bool:
    return not await StagedObject.all().exists()


# --- settings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, "database"),
        ("", "database"),
        ("database", "database"),
        ("s3://portal-docs", "s3://portal-docs"),
        ("s3://portal-docs/prod/attachments/", "s3://portal-docs/prod/attachments"),
        ("file:///srv/portal/attachments/", "file:///srv/portal/attachments"),
        ("file://localhost/srv/portal", "file:///srv/portal"),
    ],
)
def test_store_settings_are_recorded_as_urls(value, expected, tmp_path):
    assert parse_attachment_store(value, tmp_path) == expected


def test_a_relative_folder_is_under_the_var_dir(tmp_path):
    assert parse_attachment_store("attachments", tmp_path) == f"file://{tmp_path.resolve()}/attachments"


@pytest.mark.parametrize(
    "value",
    [
        "s3://",
        "s3://UPPER",
        "s3://ab",
        "s3://bucket/a/../b",
        "s3://bucket/a//b",
        "file://host/srv",
        "file:relative",
        "/absolute/without/scheme",
        "../outside",
        "ftp://host/x",
        "s3://bucket/" + "p" * 300,
    ],
)
def test_store_settings_that_cannot_be_used_are_refused_with_the_variables_name(value, tmp_path):
    with pytest.raises(SettingsError, match=r"^PORTAL_ATTACHMENT_STORE: "):
        parse_attachment_store(value, tmp_path)


def test_the_s3_settings_come_from_the_environment(tmp_path):
    env = {
        **s3_env(type("M", (), {"endpoint": "http://127.0.0.1:9000"})(), "s3://portal-docs/x"),
        "PORTAL_VAR_DIR": str(tmp_path),
        "PORTAL_SECRET_KEY": "k" * 40,
    }
    settings = load_settings(env)
    assert (settings.attachment_store, settings.s3_endpoint_url, settings.s3_presigned_downloads) == (
        "s3://portal-docs/x",
        "http://127.0.0.1:9000",
        False,
    )
    assert dict(settings.s3_environment)["AWS_REGION"] == "eu-west-1"
    assert env["AWS_SECRET_ACCESS_KEY"] not in repr(settings)
    with pytest.raises(SettingsError, match=r"^PORTAL_S3_ENDPOINT_URL: "):
        load_settings({**env, "PORTAL_S3_ENDPOINT_URL": "127.0.0.1:9000"})
