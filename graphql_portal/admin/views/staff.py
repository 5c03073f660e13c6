"""Staff users: who may use the admin, and "Deactivate" (after a confirmation page); creating
them stays on the command line (`graphql-portal create-staff`)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from tortoise.transactions import in_transaction

from ...auth import AuthError, deactivate_staff_user
from ...events import Change
from ...events import log as events
from ...models import StaffUser
from ..rendering import checked_form, redirect, render
from ..sessions import session_of
from .params import or_404, path_id


async def staff_list(request: Request) -> Response:
    users = await StaffUser.all().order_by("email_key", "id")
    return render(request, "staff.html", {"users": users})


async def _staff_user(request: Request) -> StaffUser:
    return or_404(await StaffUser.filter(id=path_id(request, "staff_id")).first())


async def confirm_deactivation(request: Request) -> Response:
    user = await _staff_user(request)
    session = session_of(request)
    if user.id == request.state.staff.id:
        session.flash("error", "You cannot deactivate yourself.")
        return redirect(request, "/staff")
    if not user.is_active:
        session.flash("ok", f"{user.email} is already deactivated.")
        return redirect(request, "/staff")
    return render(
        request,
        "confirm_deactivation.html",
        {
            "title": f"Deactivate {user.email}?",
            "who": f"{user.email}, staff",
            "consequences": [
                "they can no longer sign in to the admin;",
                "every admin session they have open ends now.",
            ],
            "action": f"/staff/{user.id}/deactivate",
            "back": "/staff",
        },
    )


async def deactivate(request: Request) -> Response:
    """The command line's `deactivate-staff`, from the admin; a staff member cannot deactivate
    themselves."""
    await checked_form(request)
    user = await _staff_user(request)
    session = session_of(request)
    try:
        async with in_transaction():
            was_active = user.is_active
            user = await deactivate_staff_user(user.email, by=request.state.staff)
            if was_active:
                await events.staff_action(
                    "deactivate staff user",
                    partner_id=None,
                    changes=[Change("staffUser", None, user.email), Change("active", True, False)],
                )
    except AuthError as exc:
        session.flash("error", str(exc))
    else:
        session.flash("ok", f"{user.email} is deactivated and signed out everywhere.")
    return redirect(request, "/staff")
