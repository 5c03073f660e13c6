"""Signing in and out of the admin."""

from __future__ import annotations

import time

from starlette.requests import Request
from starlette.responses import Response

from ...auth import verify_staff_password
from ..rendering import checked_form, redirect, render
from ..sessions import session_of
from ..throttle import SignInThrottle

# argon2 verifies in time that grows with the input; nobody's password is longer than this.
MAX_PASSWORD_LENGTH = 1024
MAX_EMAIL_LENGTH = 254


def safe_next(value: str | None) -> str:
    """A path inside the admin to go to after sign-in; anything else becomes the start page."""
    if (
        not value
        or not value.startswith("/")
        or value.startswith("//")
        or "\\" in value
        or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value)
        or value.startswith("/signin")
        or len(value) > 2000
    ):
        return "/"
    return value


async def signin_page(request: Request) -> Response:
    next_path = safe_next(request.query_params.get("next"))
    if request.state.staff is not None:
        return redirect(request, next_path)
    return render(request, "signin.html", {"next": next_path, "email": "", "error": None})


async def signin(request: Request) -> Response:
    form = await checked_form(request)
    email = str(form.get("email") or "").strip()[:MAX_EMAIL_LENGTH]
    password = str(form.get("password") or "")
    next_path = safe_next(str(form.get("next") or ""))
    throttle: SignInThrottle = request.app.state.signin_throttle
    address = request.client.host if request.client else None

    def page(error: str, status_code: int, headers: dict[str, str] | None = None) -> Response:
        response = render(
            request, "signin.html", {"next": next_path, "email": email, "error": error}, status_code
        )
        response.headers.update(headers or {})
        return response

    refusal = throttle.check(email, address)
    if refusal is not None:
        minutes = -(-refusal.retry_after // 60)
        return page(
            f"Too many failed sign-ins. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
            429,
            {"Retry-After": str(refusal.retry_after)},
        )
    staff = None
    if email and password and len(password) <= MAX_PASSWORD_LENGTH:
        staff = await verify_staff_password(email, password)
    if staff is None:
        throttle.failed(email, address)
        return page("Wrong email or password.", 400)
    throttle.succeeded(email)
    session_of(request).sign_in(staff.id, time.time())
    return redirect(request, next_path)


async def signout(request: Request) -> Response:
    await checked_form(request)
    session = session_of(request)
    session.sign_out()
    session.flash("ok", "You are signed out.")
    return redirect(request, "/signin")
