"""What the admin's and the portal's pages share, as a browser test reads them."""

from __future__ import annotations

from playwright.async_api import expect


async def open_confirmation_and_keep(page, opener, question: str, consequences: list[str], keep: str) -> None:
    """Follow `opener` (a link) to a confirmation page (one macro in the admin and the portal),
    check its question and each line of what it would end, then go back by `keep`."""
    await opener.click()
    confirmation = page.locator("section.confirm")
    await expect(confirmation.get_by_role("heading", level=1)).to_have_text(question)
    await expect(confirmation.locator("li")).to_have_text(consequences)
    await page.get_by_role("link", name=keep, exact=True).click()
