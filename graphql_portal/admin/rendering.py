"""Templates (autoescaped), the filters they use, and the CSRF check of posted forms."""

from __future__ import annotations

import datetime as dt
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse
from starlette.templating import Jinja2Templates

from ..fulfilment.downloads import attachment_path
from ..money import format_money
from .sessions import CSRF_FIELD, CSRF_HEADER, session_of
from .uploads import human_size

TEMPLATE_DIR = Path(__file__).parent / "templates"
# The macros the admin and the portal share; an app's own folder is searched first.
SHARED_TEMPLATE_DIR = Path(__file__).parents[1] / "templates"


def when(value: dt.datetime | None) -> str:
    """A UTC time to the minute; staff across time zones read the same clock."""
    if value is None:
        return ""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([TEMPLATE_DIR, SHARED_TEMPLATE_DIR]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=format_money, signed_money=partial(format_money, signed=True), when=when, size=human_size
    )
    return env


templates = Jinja2Templates(env=_environment())


def admin_url(request: Request, path: str) -> str:
    """`path` inside the admin as an absolute path, wherever the admin is mounted."""
    return request.scope.get("root_path", "") + path


def shared_url(request: Request, path: str) -> str:
    """A file the admin shares with the portal (`/shared/` of the application, outside the admin)."""
    return request.scope.get("app_root_path", "") + "/shared" + path


def download_url(request: Request, attachment_id: int) -> str:
    """The application's attachment download route (outside the admin; the session cookie goes
    there too). A relative path, so it works whichever host name the staff member used."""
    return attachment_path(attachment_id, request.scope.get("app_root_path", ""))


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """A page or fragment with what every template may use: the staff user, the CSRF token,
    URL helpers and (on full pages) the flash messages."""
    session = session_of(request)
    base = {
        "staff": request.state.staff,
        "csrf_token": session.csrf,
        "csrf_field": CSRF_FIELD,
        "u": lambda path: admin_url(request, path),
        "shared": lambda path: shared_url(request, path),
        "download_url": lambda attachment_id: download_url(request, attachment_id),
        "flashes": session.pop_flashes,
    }
    return templates.TemplateResponse(request, name, {**base, **(context or {})}, status_code=status_code)


def redirect(request: Request, path: str) -> RedirectResponse:
    """See-other to a page of the admin (after a successful POST)."""
    return RedirectResponse(admin_url(request, path), status_code=303)


async def checked_form(request: Request, form: FormData | None = None) -> FormData:
    """The posted form, after checking the CSRF token (form field, or the header htmx sends).

    Every state-changing endpoint of the admin calls this first; a missing or wrong token is
    refused with 403 and nothing happens.
    """
    if form is None:
        form = await request.form(max_files=0, max_fields=50)
    token = request.headers.get(CSRF_HEADER) or form.get(CSRF_FIELD)
    if not isinstance(token, str) or not session_of(request).csrf_matches(token):
        raise HTTPException(
            403, "The form has expired or did not come from this site. Reload the page and try again."
        )
    return form
