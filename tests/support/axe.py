"""Accessibility in the browser tests: every axe-core rule (best practices and experimental ones
too) run on a page as it is, what a person at a given window width meets (no sideways scrolling),
and what keyboard focus reaches.

axe-core comes from npm (tests/axe, installed by `make test` and .ci/run with `npm ci`). It is
injected as a script of the page's own origin, answered by the test browser itself, so the page's
Content-Security-Policy (script-src 'self') stays on while it runs.
"""

from __future__ import annotations

from pathlib import Path

from .environment import IN_CI

AXE_DIR = Path(__file__).resolve().parents[1] / "axe"
AXE_SCRIPT = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__test-axe.min.js"
LAPTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def missing_axe() -> str | None:
    """None when axe-core is installed, else why the accessibility checks cannot run."""
    if AXE_SCRIPT.exists():
        return None
    return f"axe-core is not installed in {AXE_DIR} (npm ci --prefix tests/axe)"


def require_axe() -> None:
    import pytest

    reason = missing_axe()
    if reason:
        if IN_CI:
            pytest.fail(f"{reason}; under CI=true the accessibility tests must run")
        pytest.skip(reason)


async def serve_axe(context, origin: str) -> None:
    """Answer `origin` + AXE_PATH with axe-core inside the browser context (no server involved)."""

    async def fulfil(route) -> None:
        await route.fulfill(path=str(AXE_SCRIPT), content_type="text/javascript")

    await context.route(origin + AXE_PATH, fulfil)
    context.__dict__.setdefault("_axe_served_at", set()).add(origin)


async def axe_violations(page, within: str | None = None) -> list[str]:
    """Every axe-core rule's violations on the page as it is now (or in the part `within`, a CSS
    selector), one line each (rule, impact, the elements at fault and axe's summary)."""
    require_axe()
    if not await page.evaluate("() => typeof window.axe !== 'undefined'"):
        origin = await page.evaluate("() => location.origin")
        served = page.context.__dict__.setdefault("_axe_served_at", set())
        if origin not in served:
            await serve_axe(page.context, origin)
            served.add(origin)
        await page.add_script_tag(url=origin + AXE_PATH)
    found = await page.evaluate(
        """async (within) => {
            const rules = axe.getRules().map(rule => rule.ruleId);
            const result = await axe.run(within ? {include: [within]} : document,
                {runOnly: {type: 'rule', values: rules}, resultTypes: ['violations']});
            return result.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(
                n => n.target.join(' ') + ' -- ' + (n.failureSummary || '').replace(/\\s+/g, ' ')).join(' | '));
        }""",
        within,
    )
    return list(found)


async def sideways_scroll(page) -> int:
    """How many pixels the page is wider than its window (0: no sideways scrolling)."""
    return await page.evaluate("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


async def check_page(page, what: str) -> list[str]:
    """What a person would meet on the page at the current width: sideways scrolling and every
    axe-core violation, each line naming the page."""
    await page.wait_for_load_state("load")  # a form just posted may still be arriving
    problems = []
    wider = await sideways_scroll(page)
    if wider:
        width = await page.evaluate("() => window.innerWidth")
        culprits = await page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right + window.scrollX > window.innerWidth + 1)
                .slice(-3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''))
                .concat([...document.querySelectorAll('body, body *')]
                    .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')
                    .slice(-3).map(e => 'overflowing ' + e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + e.scrollWidth + '>' + e.clientWidth))
                .concat(['scrollX ' + window.scrollX + ' body ' + document.body.scrollWidth])"""
        )
        problems.append(f"{what} at {width} px: scrolls sideways by {wider} px ({', '.join(culprits)})")
    width = await page.evaluate("() => window.innerWidth")
    problems += [f"{what} at {width} px: {line}" for line in await axe_violations(page)]
    return problems


async def fits_width(page, width: int = 390) -> bool:
    """Whether the page shows without sideways scrolling at `width` pixels."""
    await page.set_viewport_size({"width": width, "height": 800})
    return await sideways_scroll(page) == 0


async def focus_reaches(page, name: str, presses: int = 60) -> bool:
    """Whether pressing Tab from the top of the page brings focus to the element named `name`."""
    await page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(presses):
        await page.keyboard.press("Tab")
        focused = await page.evaluate(
            "() => { const e = document.activeElement;"
            " return e ? (e.innerText || e.value || e.getAttribute('aria-label') || '').trim() : '' }"
        )
        if focused == name:
            return True
    return False
