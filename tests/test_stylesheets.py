"""What the admin and the portal share, served once at /shared/: the stylesheet `common.css` (each
app's own file keeps only its colours and its own rules) and one vendored copy of htmx."""

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
HTMX = PACKAGE / "static" / "htmx.min.js"
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


async def served_as_is(page, url: str, path: Path, content_type: str) -> None:
    """The shared folder's file at /shared/NAME, byte for byte, with its type and `nosniff`."""
    response = await page.request.get(f"{url}/shared/{path.name}")
    assert response.status == 200 and response.headers["content-type"].startswith(content_type)
    assert response.headers["x-content-type-options"] == "nosniff"
    assert await response.body() == path.read_bytes()


@SQLITE_ONLY
async def test_both_apps_load_the_shared_stylesheet_first_under_their_csp(db, tmp_path, page):
    app = create_app(make_settings(db.url, tmp_path / "var"), manage_db=False, run_worker=False)
    async with served(app) as url:
        await served_as_is(page, url, COMMON, "text/css")
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


def test_htmx_is_vendored_once_in_the_shared_folder():
    copies = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("htmx*.js"))
    assert copies == ["static/htmx.min.js"]
    assert "htmx 2.0.11" in (PACKAGE / "static" / "VENDORED.txt").read_text()


@SQLITE_ONLY
async def test_both_apps_run_the_one_htmx_from_the_shared_folder_under_their_csp(db, tmp_path, page):
    app = create_app(make_settings(db.url, tmp_path / "var"), manage_db=False, run_worker=False)
    async with served(app) as url:
        await served_as_is(page, url, HTMX, "text/javascript")
        for old in ("/static/htmx.min.js", "/admin/static/htmx.min.js"):
            assert (await page.request.get(url + old)).status == 404, old
        refused: list[str] = []
        page.on("console", lambda message: refused.append(message.text) if message.type == "error" else None)
        for path in ("/signin", "/admin/signin"):
            response = await page.goto(url + path)
            assert "script-src 'self'" in response.headers["content-security-policy"]
            scripts = await page.eval_on_selector_all("script", "ss => ss.map(s => s.getAttribute('src'))")
            # The portal adds its own small script, served by itself as well.
            own = ["/static/portal.js"] if path == "/signin" else []
            assert scripts == ["/shared/htmx.min.js", *own], path
            # htmx ran, with the page's configuration (no eval under the CSP).
            assert await page.evaluate("() => [htmx.version, htmx.config.allowEval]") == ["2.0.11", False]
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
