"""The invitation link (choose a password) and "forgot password", which sends the same kind of
link. Nobody is signed in here, so these pages call the identity layer, not the schema.

The link's token never stays in an address: `/invitation/<token>` puts it in a short-lived
cookie (HttpOnly, sent only to `/invitation`) and redirects to `/invitation`, so the token is in
no later request line, no page's address, no history entry and no Referer. (The first request's
line is redacted in the logs, see `observability.logs`.)
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ...auth import end_session, invitation_user, redeem_invitation, request_password_reset, start_session
from ..browser import LINK_COOKIE
from ..rendering import checked_form, flash, redirect, render

MAX_PASSWORD_LENGTH = 1024
MAX_TOKEN_LENGTH = 200
MAX_EMAIL_LENGTH = 254
USED_UP = "This link has expired or was already used."
FORGOT_ANSWER = (
    "If that address belongs to a user of the portal, a link to choose a new password is on its way. "
    "It works once, for 72 hours."
)


def _link_cookie(request: Request, token: str | None) -> str:
    return request.app.state.portal_cookies.link_header(token)


async def take_link(request: Request) -> Response:
    """The emailed link: keep its token in a cookie and show the page at a clean address."""
    token = request.path_params["token"][:MAX_TOKEN_LENGTH]
    response = RedirectResponse("/invitation", status_code=303)
    response.headers.append("Set-Cookie", _link_cookie(request, token))
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _token(request: Request) -> str:
    return (request.cookies.get(LINK_COOKIE) or "")[:MAX_TOKEN_LENGTH]


async def invitation_page(request: Request) -> Response:
    user = await invitation_user(_token(request))
    return await render(
        request,
        "invitation.html",
        {"invited": user, "errors": {}, "used_up": USED_UP},
        200 if user else 404,
    )


async def choose_password(request: Request) -> Response:
    form = await checked_form(request)
    token = _token(request)
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
                # Whoever was signed in in this browser (another user, perhaps) is signed out.
                await end_session(request.state.session_key)
                key, _session = await start_session(result.user, request.app.state.settings)
                request.state.new_session_key = key
                request.state.browser.renew_csrf()
                flash(request, "ok", f"Your password is set. Welcome, {result.user.name}.")
                response = redirect("/")
                response.headers.append("Set-Cookie", _link_cookie(request, None))
                return response
            user = await invitation_user(token)
            if user is not None:
                errors["password"] = [result.error or USED_UP]
    return await render(
        request,
        "invitation.html",
        {"invited": user, "errors": errors, "used_up": USED_UP},
        400 if user else 404,
    )


async def forgot_page(request: Request) -> Response:
    return await render(request, "forgot.html", {"sent": False, "email": ""})


async def forgot(request: Request) -> Response:
    form = await checked_form(request)
    email = str(form.get("email") or "").strip()[:MAX_EMAIL_LENGTH]
    if email:
        address = request.client.host if request.client else None
        await request_password_reset(email, address, request.app.state.settings)
    return await render(request, "forgot.html", {"sent": True, "email": email, "answer": FORGOT_ANSWER})
