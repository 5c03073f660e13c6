"""Without PORTAL_BASE_URL, `serve` links to the address it serves (the end-to-end test runs it)."""

from __future__ import annotations

from graphql_portal.settings import load_settings

KEY = {"PORTAL_SECRET_KEY": "k" * 40}


def test_the_base_url_follows_the_address_served_unless_it_is_set():
    unset = load_settings(KEY)
    assert unset.base_url == "http://127.0.0.1:8000"
    assert unset.served_at("127.0.0.1", 9000).base_url == "http://127.0.0.1:9000"
    assert unset.served_at("portal.internal", 80).base_url == "http://portal.internal:80"
    assert unset.served_at("0.0.0.0", 9000).base_url == "http://127.0.0.1:9000"
    assert unset.served_at("::1", 9000).base_url == "http://[::1]:9000"
    configured = load_settings({**KEY, "PORTAL_BASE_URL": "https://portal.example/"})
    assert configured.served_at("127.0.0.1", 9000).base_url == "https://portal.example"
