"""One shared stylesheet: `common.css` holds the rules the admin and the portal share, served once
at /shared/; each app's own file keeps only its colours and its own rules."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from graphql_portal.app import create_app
from tests.support.admin import SQLITE_ONLY
from tests.support.environment import make_settings
from tests.support.served import served

PACKAGE = Path(__file__).parents[1] / "graphql_portal"
COMMON = PACKAGE / "static" / "common.css"
OWN = {
    "portal": PACKAGE / "portal" / "static" / "portal.css",
    "admin": PACKAGE / "admin" / "static" / "admin.css",
}


def rules(path: Path) -> set[str]:
    """Each one-line rule `selector { declarations }` of a stylesheet, comments left out."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
    return {line.strip() for line in text.splitlines() if re.fullmatch(r"[^{}]+\{[^{}]*\}", line.strip())}


def test_no_rule_of_common_css_is_copied_into_an_apps_own_stylesheet():
    shared = rules(COMMON)
    assert len(shared) > 50
    for name, path in OWN.items():
        assert rules(path) & shared == set(), name
        # Of the custom properties, an app sets only its own two colours.
        own_root = re.search(r":root \{([^}]*)\}", path.read_text()).group(1)
        assert sorted(re.findall(r"(--[a-z-]+):", own_root)) == ["--accent", "--ink"], name


@SQLITE_ONLY
async def test_both_apps_load_the_shared_stylesheet_first_under_their_csp(db, tmp_path, page):
    app = create_app(make_settings(db.url, tmp_path / "var"), manage_db=False, run_worker=False)
    async with served(app) as url:
        css = await page.request.get(f"{url}/shared/common.css")
        assert css.status == 200 and css.headers["content-type"].startswith("text/css")
        assert css.headers["x-content-type-options"] == "nosniff"
        assert await css.body() == COMMON.read_bytes()
        refused: list[str] = []
        page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
        for path, own_css, ink in (
            ("/signin", "/static/portal.css", "rgb(20, 38, 43)"),
            ("/admin/signin", "/admin/static/admin.css", "rgb(29, 35, 48)"),
        ):
            response = await page.goto(url + path)
            assert "style-src 'self'" in response.headers["content-security-policy"]
            links = await page.eval_on_selector_all(
                "link[rel=stylesheet]", "ls => ls.map(l => l.getAttribute('href'))"
            )
            assert links == ["/shared/common.css", own_css]
            # Both files applied: the shared background, the app's own header colour.
            styles = await page.evaluate(
                """() => [getComputedStyle(document.body).backgroundColor,
                          getComputedStyle(document.querySelector('.top')).backgroundColor]"""
            )
            assert styles == ["rgb(245, 247, 250)", ink], path
            assert refused == [], refused


@pytest.mark.parametrize("path", ["/shared/missing.css", "/shared/", "/shared/%2e%2e/app.py"])
@SQLITE_ONLY
async def test_the_shared_folder_serves_only_its_files(db, tmp_path, path):
    app = create_app(make_settings(db.url, tmp_path / "var"), manage_db=False, run_worker=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.get(path)
        assert response.status_code == 404, path
