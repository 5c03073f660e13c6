"""The invitation link (choose a password) and "forgot password", which sends the same kind of
link. Nobody is signed in here, so these pages call the identity layer, not the schema."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ...auth import invitation_user, redeem_invitation, request_password_reset, start_session
from ..rendering import checked_form, flash, redirect, render

MAX_PASSWORD_LENGTH = 1024
MAX_TOKEN_LENGTH = 200
MAX_EMAIL_LENGTH = 254
USED_UP = "This link has expired or was already used."
FORGOT_ANSWER = (
    "If that address belongs to a user of the portal, a link to choose a new password is on its way. "
    "It works once, for 72 hours."
)


async def invitation_page(request: Request) -> Response:
    token = request.path_params["token"][:MAX_TOKEN_LENGTH]
    user = await invitation_user(token)
    return await render(
        request,
        "invitation.html",
        {"invited": user, "token": token, "errors": {}, "used_up": USED_UP},
        200 if user else 404,
    )


async def choose_password(request: Request) -> Response:
    form = await checked_form(request)
    token = request.path_params["token"][:MAX_TOKEN_LENGTH]
    password = str(form.get("password") or "")[: MAX_PASSWORD_LENGTH + 1]
    repeated = str(form.get("repeat") or "")[: MAX_PASSWORD_LENGTH + 1]
    user = await invitation_user(token)
    errors: dict[str, list[str]] = {}
    if user is not None:
        if password != repeated:
            errors["repeat"] = ["The two passwords differ."]
        else:
            result = await redeem_invitation(token, password)
            if result.user is not None:
                key, _session = await start_session(result.user, request.app.state.settings)
                request.state.new_session_key = key
                flash(request, "ok", f"Your password is set. Welcome, {result.user.name}.")
                return redirect("/")
            user = await invitation_user(token)
            if user is not None:
                errors["password"] = [result.error or USED_UP]
    return await render(
        request,
        "invitation.html",
        {"invited": user, "token": token, "errors": errors, "used_up": USED_UP},
        400 if user else 404,
    )


async def forgot_page(request: Request) -> Response:
    return await render(request, "forgot.html", {"sent": False, "email": ""})


async def forgot(request: Request) -> Response:
    form = await checked_form(request)
    email = str(form.get("email") or "").strip()[:MAX_EMAIL_LENGTH]
    if email:
        await request_password_reset(email)
    return await render(request, "forgot.html", {"sent": True, "email": email, "answer": FORGOT_ANSWER})
