"""Screenshots of the partner portal for the README, taken on a fresh demo database.

    .venv/bin/python scripts/portal_screenshots.py docs/

Signs in as Alice, fills Fabrikam Dental's Change Options with the demo data's worked example
(the running total then reads 50 -> 60 seats, 104.00 -> 202.80 USD a month, 49.40 USD now),
reviews it, ticks both boxes, submits and waits for the order to complete, on the spec's day
(2026-11-16). Each page is taken at 1280 px and, as `*-phone.png`, on a 390 px phone.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
import tempfile
from pathlib import Path

import uvicorn
from playwright.async_api import async_playwright, expect

from graphql_portal.app import create_app
from graphql_portal.auth import set_password
from graphql_portal.db import close_db, init_db
from graphql_portal.demo import seed_demo
from graphql_portal.migrate import migrate
from graphql_portal.settings import load_settings

ALICE, PASSWORD = "alice@northwind.example", "screenshot-password-7"
MSA_BOX = "This order is governed by the MSA already in effect with the vendor"
CHROMIUM = "/usr/bin/chromium"
SPEC_DAY = "2026-11-16T09:30:00+00:00"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


async def sign_in(browser, url: str, viewport: dict):
    page = await browser.new_page(viewport=viewport, device_scale_factor=2 if viewport is PHONE else 1)
    await page.goto(f"{url}/customers?q=Fabrikam")
    await page.get_by_label("Email").fill(ALICE)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Sign in").click()
    await page.get_by_role("link", name="Fabrikam Dental").click()
    return page


async def fill_the_worked_example(page) -> None:
    await page.get_by_label("Seat Adjustment").fill("10")
    await page.get_by_label("New primary product").select_option("SEG-PRO|SEG-ESS")
    await page.get_by_label("Impersonation Protection, 0.40 USD per seat").check()
    await page.get_by_label("Partner reference").fill("PO-2026-1187")
    await expect(page.locator("#total-now")).to_have_text("49.40 USD now")


async def shoot(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        database_url = f"sqlite://{tmp}/portal.sqlite3"
        await migrate(database_url)
        await init_db(database_url)
        await seed_demo()
        await set_password(ALICE, PASSWORD)
        clock = Path(tmp) / "clock"
        clock.write_text(SPEC_DAY)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        settings = load_settings(
            {
                "PORTAL_DATABASE_URL": database_url,
                "PORTAL_VAR_DIR": tmp,
                "PORTAL_BASE_URL": url,
                "PORTAL_WORKER_POLL_SECONDS": "0.1",
                "PORTAL_CLOCK_FILE": str(clock),
            },
            dotenv=False,
        )
        app = create_app(settings, manage_db=False, run_worker=True)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        task = asyncio.create_task(server.serve(sockets=[sock]))
        try:
            while not server.started:
                await asyncio.sleep(0.05)
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                # On a phone first (the order is placed once, at 1280 px).
                phone = await sign_in(browser, url, PHONE)
                await fill_the_worked_example(phone)
                await phone.screenshot(path=out / "portal-customer-change-options-phone.png", full_page=True)
                await phone.get_by_role("button", name="Review Upgrade").click()
                await phone.get_by_label(MSA_BOX).check()
                await phone.screenshot(path=out / "portal-review-phone.png", full_page=True)

                page = await sign_in(browser, url, LAPTOP)
                await fill_the_worked_example(page)
                await page.screenshot(path=out / "portal-customer-change-options.png", full_page=True)
                await page.get_by_role("button", name="Review Upgrade").click()
                await page.get_by_label(MSA_BOX).check()
                await page.get_by_label("I am authorized to place this order").check()
                await page.screenshot(path=out / "portal-review.png", full_page=True)
                await page.get_by_role("button", name="Submit").click()
                await expect(page.locator("#order-status-badge")).to_have_text("Completed", timeout=30_000)
                await page.screenshot(path=out / "portal-order-completed.png", full_page=True)
                await phone.goto(page.url)
                await phone.screenshot(path=out / "portal-order-completed-phone.png", full_page=True)
                # A change for a later day: scheduled, with "Cancel order" until its date.
                await page.goto(f"{url}/customers?q=Tailspin")
                await page.get_by_role("link", name="Tailspin Travel").click()
                await page.get_by_label("Seat Adjustment").fill("5")
                await page.get_by_label("Partner reference").fill("PO-2026-1204")
                await page.get_by_label("Effective date").fill("2026-11-20")
                await page.get_by_role("button", name="Review Upgrade").click()
                await page.get_by_label(MSA_BOX).check()
                await page.get_by_label("I am authorized to place this order").check()
                await page.get_by_role("button", name="Submit").click()
                await expect(page.locator("#order-status-badge")).to_have_text("Scheduled", timeout=30_000)
                await expect(page.locator("#emails .badge").first).to_have_text("Sent", timeout=30_000)
                await page.screenshot(path=out / "portal-order-scheduled.png", full_page=True)
                await phone.goto(page.url)
                await phone.screenshot(path=out / "portal-order-scheduled-phone.png", full_page=True)
                # The lists: customers dearest first, and the orders with their counts.
                for shown, path in (
                    ("portal-customers", "/customers?sort=cost&dir=desc"),
                    ("portal-orders", "/orders"),
                ):
                    await page.goto(url + path)
                    await page.screenshot(path=out / f"{shown}.png", full_page=False)
                    await phone.goto(url + path)
                    await phone.screenshot(path=out / f"{shown}-phone.png", full_page=False)
                await browser.close()
        finally:
            server.should_exit = True
            await task
            with contextlib.suppress(Exception):
                await close_db()


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
    target.mkdir(parents=True, exist_ok=True)
    asyncio.run(shoot(target))
    print(f"Wrote the portal screenshots to {target}/.")
