"""Signing in and out of the portal."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ...auth import end_session, sign_in_partner
from ...observability import count_sign_in
from ..rendering import checked_form, flash, redirect, render

# argon2 verifies in time that grows with the input; nobody's password is longer than this.
MAX_PASSWORD_LENGTH = 1024
MAX_EMAIL_LENGTH = 254
NOT_AFTER_SIGNIN = ("/signin", "/signout", "/invitation", "/forgot-password")


def safe_next(value: str | None) -> str:
    """A path of this site to go to after sign-in; anything else becomes the start page."""
    if (
        not value
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value)
        or value.startswith(NOT_AFTER_SIGNIN)
        or len(value) > 2000
    ):
        return "/"
    return value


async def signin_page(request: Request) -> Response:
    next_path = safe_next(request.query_params.get("next"))
    if request.state.principal is not None:
        return redirect(next_path)
    return await render(request, "signin.html", {"next": next_path, "email": "", "error": None})


async def signin(request: Request) -> Response:
    form = await checked_form(request)
    email = str(form.get("email") or "").strip()[:MAX_EMAIL_LENGTH]
    password = str(form.get("password") or "")[: MAX_PASSWORD_LENGTH + 1]
    next_path = safe_next(str(form.get("next") or ""))
    settings = request.app.state.settings
    address = request.client.host if request.client else None
    result = await sign_in_partner(
        email, password, address, settings, previous_key=request.cookies.get("portal_session")
    )
    count_sign_in("portal", result.outcome)
    if not result.ok:
        status_code = 429 if result.retry_after else 400
        response = await render(
            request,
            "signin.html",
            {"next": next_path, "email": email, "error": result.message or "Wrong email or password."},
            status_code,
        )
        if result.retry_after:
            response.headers["Retry-After"] = str(result.retry_after)
        return response
    request.state.new_session_key = result.key
    request.state.browser.renew_csrf()
    return redirect(next_path)


async def signout(request: Request) -> Response:
    await checked_form(request)
    await end_session(request.state.session_key)
    request.state.new_session_key = None
    request.state.browser.renew_csrf()
    flash(request, "ok", "You are signed out.")
    return redirect("/signin")
