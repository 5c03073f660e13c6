"""Behind a reverse proxy the client is the address the proxy names, and only a trusted proxy can
name it: the per-address sign-in throttle then holds one visitor back, not everyone."""

from __future__ import annotations

import httpx
import pytest

from graphql_portal.app import create_app
from graphql_portal.settings import SettingsError, load_settings, parse_trusted_proxies
from tests.support.environment import make_settings, settings_env
from tests.support.html import csrf_from

ALICE = "alice@northwind.example"


async def wrong_sign_ins(app, peer: str, forwarded: list[str | None]) -> list[int]:
    """The status of a wrong sign-in from each of `forwarded` (None: no header), over `peer`."""
    transport = httpx.ASGITransport(app=app, client=(peer, 40000))
    statuses = []
    async with httpx.AsyncClient(transport=transport, base_url="http://portal.test") as client:
        csrf = csrf_from((await client.get("/signin")).text)
        for address in forwarded:
            headers = {"X-Forwarded-For": address} if address else {}
            response = await client.post(
                "/signin",
                data={"csrf_token": csrf, "email": ALICE, "password": "a wrong guess", "next": "/"},
                headers=headers,
            )
            statuses.append(response.status_code)
    return statuses


async def test_a_trusted_proxy_names_the_client_and_one_visitor_is_held_back_alone(db, tmp_path):
    settings = make_settings(db.url, tmp_path, trusted_proxies=parse_trusted_proxies("10.0.0.0/8, 192.0.2.1"))
    app = create_app(settings, manage_db=False)
    flood = await wrong_sign_ins(app, "10.1.2.3", ["198.51.100.7"] * 11)
    assert flood == [400] * 10 + [429]
    # Another visitor through the same proxy, and one through the other trusted proxy.
    assert await wrong_sign_ins(app, "10.1.2.3", ["198.51.100.8"]) == [400]
    assert await wrong_sign_ins(app, "192.0.2.1", ["203.0.113.5, 198.51.100.9"]) == [400]
    # The visitor named by the proxy, not by a header the visitor added in front of it.
    assert await wrong_sign_ins(app, "10.1.2.3", ["198.51.100.8, 198.51.100.7"]) == [429]


@pytest.mark.parametrize("trusted", ["", "10.0.0.0/8"])
async def test_from_anyone_else_forwarded_headers_change_nothing(db, tmp_path, trusted):
    settings = make_settings(db.url, tmp_path, trusted_proxies=parse_trusted_proxies(trusted))
    app = create_app(settings, manage_db=False)
    spoofed = [f"198.51.100.{n}" for n in range(10)] + ["203.0.113.1", None]
    assert await wrong_sign_ins(app, "192.0.2.77", spoofed) == [400] * 10 + [429, 429]


def test_the_setting_takes_addresses_and_networks_and_refuses_anything_else(tmp_path):
    env = settings_env("sqlite://:memory:", tmp_path)
    assert load_settings({**env}).trusted_proxies == ()
    read = load_settings({**env, "PORTAL_TRUSTED_PROXIES": " 10.0.0.5 , 172.16.0.0/12,::1,"})
    assert read.trusted_proxies == ("10.0.0.5/32", "172.16.0.0/12", "::1/128")
    for bad in ("proxy.internal", "10.0.0.0/33", "*"):
        with pytest.raises(
            SettingsError, match=r"PORTAL_TRUSTED_PROXIES: .* is not an IP address or network"
        ):
            load_settings({**env, "PORTAL_TRUSTED_PROXIES": bad})
