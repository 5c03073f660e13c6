"""Signing in and out of the admin."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ...auth import end_session, sign_in_staff
from ...observability import count_sign_in
from ..rendering import checked_form, redirect, render
from ..sessions import session_of

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
    address = request.client.host if request.client else None

    def page(error: str, status_code: int, headers: dict[str, str] | None = None) -> Response:
        response = render(
            request, "signin.html", {"next": next_path, "email": email, "error": error}, status_code
        )
        response.headers.update(headers or {})
        return response

    session = session_of(request)
    result = await sign_in_staff(
        email, password, address, request.app.state.settings, previous_key=session.key
    )
    count_sign_in("admin", result.outcome)
    if result.retry_after is not None:
        return page(result.message, 429, {"Retry-After": str(result.retry_after)})
    if not result.ok:
        return page(result.message, 400)
    session.sign_in(result.key, result.session)
    return redirect(request, next_path)


async def signout(request: Request) -> Response:
    await checked_form(request)
    session = session_of(request)
    await end_session(session.key)
    session.sign_out()
    session.flash("ok", "You are signed out.")
    return redirect(request, "/signin")
