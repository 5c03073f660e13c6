"""Accessibility checks in the real browser: axe-core (all rules) on a page, its width at a phone's
390 px, and what keyboard focus reaches."""

from __future__ import annotations

from pathlib import Path

import pytest

from .environment import IN_CI, ROOT

AXE = ROOT / "tests" / "http_audit" / "node_modules" / "axe-core" / "axe.min.js"


def axe_source() -> str:
    """axe-core's script (installed with `npm ci --prefix tests/http_audit`)."""
    if not AXE.exists():
        reason = f"axe-core is not installed ({AXE}); run npm ci --prefix tests/http_audit"
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return Path(AXE).read_text(encoding="utf-8")


async def axe_violations(page, within: str | None = None) -> list[str]:
    """Every axe-core violation of the page as it is now (or of the part `within`, a CSS selector),
    all rules on: `rule: target` each."""
    # Evaluated through the browser's debugging protocol: the page's CSP forbids inline scripts.
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(axe_source() + "\n;undefined")
    result = await page.evaluate(
        "async (within) => await axe.run(within ? {include: [within]} : document,"
        " {runOnly: {type: 'rule', values: axe.getRules().map(r => r.ruleId)}})",
        within,
    )
    return [f"{v['id']}: {node['target']}" for v in result["violations"] for node in v["nodes"]]


async def fits_width(page, width: int = 390) -> bool:
    """Whether the page shows without sideways scrolling at `width` pixels."""
    await page.set_viewport_size({"width": width, "height": 800})
    return await page.evaluate("document.documentElement.scrollWidth") <= width


async def focus_reaches(page, name: str, presses: int = 60) -> bool:
    """Whether pressing Tab from the top of the page brings focus to the element named `name`."""
    await page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(presses):
        await page.keyboard.press("Tab")
        focused = await page.evaluate(
            "() => { const e = document.activeElement; return e ? (e.innerText || e.value || e.getAttribute('aria-label') || '').trim() : '' }"
        )
        if focused == name:
            return True
    return False
