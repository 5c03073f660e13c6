"""Reading the pages the admin and the portal serve."""

from __future__ import annotations

import re

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    """The CSRF token of the page's form."""
    match = CSRF_INPUT.search(html)
    assert match, "no CSRF field on the page"
    return match.group(1)


def links_in(text: str) -> list[str]:
    """The links of an email's text part: each stands alone on its own line."""
    return [line.strip() for line in text.splitlines() if re.fullmatch(r"\s*https?://\S+\s*", line)]
