"""Templates (autoescaped), the filters they use, the CSRF check of posted forms, redirects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.templating import Jinja2Templates

from ..money import format_money
from .browser import CSRF_FIELD, CSRF_HEADER, csrf_matches
from .middleware import csrf_token
from .operations import execute

TEMPLATE_DIR = Path(__file__).parent / "templates"
# The macros the admin and the portal share; an app's own folder is searched first.
SHARED_TEMPLATE_DIR = Path(__file__).parents[1] / "templates"
STATUS_WORDS = {
    "ACTIVE": "Active",
    "SUSPENDED": "Suspended",
    "PROCESSING": "Processing",
    "COMPLETED": "Completed",
    "ATTENTION_NEEDED": "Attention needed",
    "SCHEDULED": "Scheduled",
    "CANCELLED": "Cancelled",
    "INVITED": "Invited",
    "DEACTIVATED": "Deactivated",
    "PENDING": "Pending",
    "SENT": "Sent",
    "FAILED": "Failed",
}


def money(value: dict[str, str] | None, signed: bool = False) -> str:
    """A `Money` of the API as `202.80 USD` (or `+98.80 USD` when `signed`)."""
    return format_money(value["amount"], value["currency"], signed=signed) if value else ""


def when(value: str | None) -> str:
    """An API instant as UTC to the minute."""
    if not value:
        return ""
    return dt.datetime.fromisoformat(value).astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def size(value: int) -> str:
    if value < 1024:
        return f"{value} B"
    if value < 1024 * 1024:
        return f"{value / 1024:.0f} KB"
    return f"{value / (1024 * 1024):.1f} MB"


def words(value: str | None) -> str:
    """An enum value as people read it (`ATTENTION_NEEDED` -> `Attention needed`)."""
    if not value:
        return ""
    return STATUS_WORDS.get(value, value.replace("_", " ").capitalize())


# Each email an order owes, as the order page (long) and the Orders list (short) name it.
EMAIL_WORDS = {
    "SUBMITTER_ADDENDUM": ("to the submitter, with the addendum", "Submitter"),
    "IMPLEMENTATION_LEAD": ("to the implementation lead", "Lead"),
    "CANCELLATION": ("the cancellation, to the submitter", "Cancellation"),
    "LEAD_CANCELLATION": ("the cancellation, to the implementation lead", "Lead's cancellation"),
}


def email_words(kind: str, short: bool = False) -> str:
    """A delivery's kind in words: whom the email goes to, and why when it is not the addendum's."""
    long_words, short_words = EMAIL_WORDS.get(kind, (words(kind).lower(), words(kind)))
    return short_words if short else long_words


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATE_DIR, SHARED_TEMPLATE_DIR]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, when=when, size=size, words=words, email_words=email_words)
    return env


templates = Jinja2Templates(env=_environment())


async def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    *,
    viewer: dict[str, Any] | None = None,
) -> HTMLResponse:
    """A page or fragment with what every template may use: who is signed in (the `viewer` of the
    page's own query, else read with `PortalHeader`), the CSRF token and the flash messages."""
    if viewer is None and request.state.principal is not None and not name.startswith("_"):
        viewer = (await execute(request, "PortalHeader"))["viewer"]
    base = {
        "viewer": viewer,
        "csrf_token": csrf_token(request),
        "csrf_field": CSRF_FIELD,
        "flashes": request.state.browser.pop_flashes,
        "path": request.url.path,
    }
    return templates.TemplateResponse(request, name, {**base, **(context or {})}, status_code=status_code)


def redirect(path: str, **params: Any) -> RedirectResponse:
    """See-other to a page of the portal (after a successful POST)."""
    return RedirectResponse(path + query_string(params), status_code=303)


def query_string(params: dict[str, Any]) -> str:
    """`?a=1&b=x&b=y` of the params that are set; lists repeat their name."""
    pairs = []
    for key, value in params.items():
        for item in value if isinstance(value, list | tuple) else [value]:
            if item not in (None, ""):
                pairs.append((key, str(item)))
    return "?" + urlencode(pairs) if pairs else ""


def flash(request: Request, level: str, message: str) -> None:
    request.state.browser.flash(level, message)


async def checked_form(request: Request) -> FormData:
    """The posted form, after checking its CSRF token (form field, or the header htmx sends).

    Every state-changing endpoint calls this first; a missing or wrong token is refused with 403
    and nothing happens.
    """
    form = await request.form(max_files=0, max_fields=100)
    token = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if not csrf_matches(csrf_token(request), token):
        raise HTTPException(
            403, "The form has expired or did not come from this site. Reload the page and try again."
        )
    return form


def not_found() -> HTTPException:
    return HTTPException(404, "There is no such page.")
