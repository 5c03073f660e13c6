"""`/readyz`: ready only when the database answers and has every migration of this code."""

from __future__ import annotations

import httpx
import pytest
from aerich.models import Aerich

from graphql_portal.app import create_app
from graphql_portal.db import close_db, init_db
from graphql_portal.migrate import history_dir, migration_files
from tests.support.api import make_api
from tests.support.environment import make_settings
from tests.support.tcp_proxy import TcpProxy


async def test_ready_when_migrated_and_not_while_a_migration_is_missing(db, tmp_path):
    async with make_api(make_settings(db.url, tmp_path / "var")) as api:
        response = await api.client.get("/readyz")
        assert (response.status_code, response.json()) == (200, {"status": "ok"})
        latest = migration_files(history_dir(db.dialect))[-1]
        await Aerich.filter(version=latest).delete()
        response = await api.client.get("/readyz")
        assert response.status_code == 503
        assert response.json() == {"status": "migrating", "missing_migrations": [latest.removesuffix(".py")]}
        # /healthz only asks whether the database answers.
        assert (await api.client.get("/healthz")).status_code == 200


@pytest.mark.parametrize("db", ["postgres"], indirect=True)
async def test_not_ready_while_the_database_is_away(db, tmp_path):
    proxy = TcpProxy.to_database(db.url)
    await proxy.start()
    url = proxy.url_through(db.url)
    await close_db()
    await init_db(url)
    try:
        app = create_app(make_settings(url, tmp_path / "var"), manage_db=False)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
            assert (await client.get("/readyz")).status_code == 200
            await proxy.cut()
            response = await client.get("/readyz")
            assert (response.status_code, response.json()["status"]) == (503, "unavailable")
            await proxy.restore()
            assert (await client.get("/readyz")).status_code == 200
    finally:
        await proxy.cut()
        await close_db()
        await init_db(db.url)
