"""While the database is unreachable, `/graphql` and downloads answer 503, and recover after.

PostgreSQL is reached through a loopback proxy the test cuts and restores; the server itself
keeps running for everyone else.
"""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from graphql_portal.app import create_app
from graphql_portal.auth import create_user_token
from graphql_portal.db import close_db, init_db, is_unavailable
from graphql_portal.ids import encode_id
from tests.support.environment import make_settings
from tests.support.tcp_proxy import TcpProxy

postgres_only = pytest.mark.parametrize("db", ["postgres"], indirect=True)
UNKNOWN_TOKEN = "gpt_deadbeef_" + "a" * 43  # well formed: it is looked up in the database
QUERY = {"query": "{ viewer { kind } customers(first: 1) { totalCount } }"}


def assert_unavailable(response: httpx.Response, media_type: str = "application/json") -> None:
    assert response.status_code == 503, response.text
    assert response.headers["retry-after"] == "5"
    assert response.headers["content-type"] == media_type
    body = response.json()
    assert body == {
        "errors": [
            {
                "message": "The database is unavailable; retry in a few seconds.",
                "extensions": {"code": "UNAVAILABLE"},
            }
        ]
    }


@pytest.fixture
async def through_proxy(db):
    """The ORM re-initialised on `db` through a proxy the test can cut; restored afterwards."""
    proxy = TcpProxy.to_database(db.url)
    await proxy.start()
    url = proxy.url_through(db.url)
    await close_db()
    await init_db(url)
    try:
        yield proxy, url
    finally:
        await proxy.cut()
        await close_db()
        await init_db(db.url)


@postgres_only
async def test_graphql_and_downloads_answer_503_while_the_database_is_away(db, tmp_path, through_proxy):
    proxy, url = through_proxy
    app = create_app(make_settings(url, tmp_path / "var"), manage_db=False)
    token = (await create_user_token("alice@northwind.example")).token
    # The route looks the attachment up before anything else, so an id that does not exist
    # reaches the database just as well (404 once it is back).
    download = f"/attachments/{encode_id('Attachment', 1)}"
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        assert (await client.post("/graphql", json=QUERY, headers=headers)).status_code == 200

        await proxy.cut()  # open connections drop, new ones are refused
        assert_unavailable(await client.post("/graphql", json=QUERY, headers=headers))
        assert_unavailable(await client.post("/graphql", json=QUERY, headers=headers))
        assert_unavailable(
            await client.post(
                "/graphql", json=QUERY, headers={**headers, "Accept": "application/graphql-response+json"}
            ),
            "application/graphql-response+json",
        )
        assert_unavailable(await client.get(download, headers=headers))
        assert (await client.get("/healthz")).status_code == 503

        await proxy.restore()
        response = await client.post("/graphql", json=QUERY, headers=headers)
        assert response.status_code == 200, response.text
        assert response.json()["data"]["customers"]["totalCount"] == 60
        assert (await client.get(download, headers=headers)).status_code in (200, 404)
        assert (await client.get("/healthz")).status_code == 200


def assert_one_warning_per_request_and_no_traceback(caplog, requests: int) -> None:
    """During an outage each refused request logs one warning line, and nothing logs a traceback."""
    tracebacks = [r for r in caplog.records if r.exc_info and r.exc_info[1] is not None]
    assert tracebacks == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert [r.name for r in caplog.records if r.name.startswith("strawberry")] == []
    warnings = [r.getMessage() for r in caplog.records if r.name == "graphql_portal"]
    assert len(warnings) == requests, warnings
    assert all("the database is unavailable" in message for message in warnings), warnings


@postgres_only
async def test_an_outage_in_the_middle_of_execution_is_a_503_too(
    db, tmp_path, through_proxy, monkeypatch, caplog
):
    """The token is checked, then the database goes while the query runs."""
    proxy, url = through_proxy
    app = create_app(make_settings(url, tmp_path / "var"), manage_db=False)
    token = (await create_user_token("alice@northwind.example")).token
    import graphql_portal.app as app_module

    real_authenticate = app_module.authenticate

    async def authenticate_then_cut(raw):
        principal = await real_authenticate(raw)
        await proxy.cut()
        return principal

    monkeypatch.setattr(app_module, "authenticate", authenticate_then_cut)
    caplog.set_level(logging.WARNING)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.post("/graphql", json=QUERY, headers={"Authorization": f"Bearer {token}"})
    assert_unavailable(response)
    assert_one_warning_per_request_and_no_traceback(caplog, 1)


@postgres_only
async def test_other_execution_errors_still_log_their_traceback(db, tmp_path, monkeypatch, caplog):
    """Only outages are kept quiet: a bug in a resolver is logged with its traceback."""
    import graphql_portal.schema.query as query_module

    async def broken(*args, **kwargs):
        raise RuntimeError("a bug in a resolver")

    monkeypatch.setattr(query_module, "customers_page", broken)
    app = create_app(make_settings(db.url, tmp_path / "var"), manage_db=False)
    token = (await create_user_token("alice@northwind.example")).token
    caplog.set_level(logging.WARNING)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.post("/graphql", json=QUERY, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL"
    logged = [r for r in caplog.records if r.name == "strawberry.execution"]
    assert [type(r.exc_info[1]).__name__ for r in logged] == ["RuntimeError"]


@postgres_only
async def test_a_database_that_refuses_connections_is_a_503(db, tmp_path):
    url = "postgres://postgres@127.0.0.1:1/nothing"  # nothing listens on port 1
    app = create_app(make_settings(url, tmp_path / "var"), manage_db=False)
    await close_db()
    await init_db(url)
    try:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            headers = {"Authorization": f"Bearer {UNKNOWN_TOKEN}"}
            assert_unavailable(await client.post("/graphql", json=QUERY, headers=headers))
            assert_unavailable(
                await client.get(f"/attachments/{encode_id('Attachment', 1)}", headers=headers)
            )
    finally:
        await close_db()
        await init_db(db.url)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
async def test_a_sqlite_file_that_cannot_be_opened_fails_at_start_not_in_a_hung_request(db, tmp_path):
    (tmp_path / "a-folder").mkdir()
    url = f"sqlite://{tmp_path / 'a-folder'}"  # a folder where the file should be
    await close_db()
    try:
        with pytest.raises(Exception) as raised:
            await asyncio.wait_for(init_db(url), 5)
        assert is_unavailable(raised.value), raised.value
    finally:
        await close_db()
        await init_db(db.url)
