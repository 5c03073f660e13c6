"""A signed-in user changes their password (the current one is asked); their other sessions end."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ...auth import change_password, check_password_rules
from ..rendering import checked_form, flash, redirect, render

MAX_PASSWORD_LENGTH = 1024


async def password_page(request: Request) -> Response:
    return await render(request, "password.html", {"errors": {}})


async def change(request: Request) -> Response:
    form = await checked_form(request)
    current, new, repeated = (
        str(form.get(name) or "")[: MAX_PASSWORD_LENGTH + 1] for name in ("current", "password", "repeat")
    )
    principal = request.state.principal
    errors: dict[str, list[str]] = {}
    if new != repeated:
        errors["repeat"] = ["The two passwords differ."]
    elif problem := check_password_rules(principal.user.email, new):
        errors["password"] = [problem]
    else:
        settings = request.app.state.settings
        outcome = await change_password(
            principal.user, current, new, settings, session_id=principal.session_id
        )
        if outcome.user is not None:
            flash(request, "ok", "Your password is changed; your other sessions have ended.")
            return redirect("/customers")
        errors["current"] = [outcome.error or "The current password is not right."]
        if outcome.retry_after is not None:
            response = await render(request, "password.html", {"errors": errors}, 429)
            response.headers["Retry-After"] = str(outcome.retry_after)
            return response
    return await render(request, "password.html", {"errors": errors}, 400)
