"""Users (ADMIN): who may use the portal, with Create user, Change role, Resend invitation and
Deactivate."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..operations import errors_by_field, execute
from ..rendering import checked_form, flash, not_found, redirect, render

ROLES = ("ADMIN", "ORDERING", "VIEWER")
MAX_TEXT = 300
ONLY_ADMIN = "Only an ADMIN of your organisation manages its users."


def _admin_only(request: Request) -> None:
    if not request.state.principal.can_manage_users():
        raise HTTPException(403, ONLY_ADMIN)


async def user_list(request: Request) -> Response:
    _admin_only(request)
    return await _page(request, {}, {"name": "", "email": "", "role": "VIEWER"})


async def _page(
    request: Request,
    errors: dict[str, list[str]],
    new_user: dict[str, str],
    status_code: int = 200,
    *,
    taken: bool = False,
) -> Response:
    data = await execute(request, "UserList")
    users = data["users"]["nodes"]
    taken_by = None
    if taken:  # the address is a colleague's already: point at them
        key = new_user["email"].strip().lower()
        taken_by = next((u for u in users if u["email"].lower() == key), None)
    return await render(
        request,
        "users.html",
        {"users": users, "errors": errors, "new_user": new_user, "roles": ROLES, "taken_by": taken_by},
        status_code,
        viewer=data["viewer"],
    )


async def create_user(request: Request) -> Response:
    _admin_only(request)
    form = await checked_form(request)
    new_user = {
        "name": str(form.get("name") or "").strip()[:MAX_TEXT],
        "email": str(form.get("email") or "").strip()[:MAX_TEXT],
        "role": str(form.get("role") or ""),
    }
    if new_user["role"] not in ROLES:
        return await _page(request, {"role": ["Choose ADMIN, ORDERING or VIEWER."]}, new_user, 400)
    payload = (await execute(request, "CreateUser", input=new_user))["createUser"]
    if payload["user"] is None:
        taken = any(e["code"] == "EMAIL_TAKEN" for e in payload["errors"])
        return await _page(request, errors_by_field(payload["errors"]), new_user, 400, taken=taken)
    created = payload["user"]
    flash(request, "ok", f"{created['name']} is added; an invitation is on its way to {created['email']}.")
    return redirect("/users")


async def _user_action(request: Request, operation: str, field: str, done: str) -> Response:
    _admin_only(request)
    await checked_form(request)
    payload = (await execute(request, operation, input={"userId": request.path_params["user_id"]}))[field]
    if any(e["code"] == "NOT_FOUND" for e in payload["errors"]):
        raise not_found()
    if payload["errors"]:
        for error in payload["errors"]:
            flash(request, "error", error["message"])
    else:
        flash(request, "ok", done.format(name=payload["user"]["name"], email=payload["user"]["email"]))
    return redirect("/users")


async def resend_invitation(request: Request) -> Response:
    return await _user_action(
        request, "ResendInvitation", "resendInvitation", "A new invitation is on its way to {email}."
    )


async def confirm_deactivation(request: Request) -> Response:
    """ "Deactivate NAME?": what it means, with Deactivate (the POST) and Keep (back to the list)."""
    _admin_only(request)
    data = await execute(request, "UserList")
    user_id = request.path_params["user_id"]
    user = next((u for u in data["users"]["nodes"] if u["id"] == user_id), None)
    if user is None:
        raise not_found()
    if user["status"] == "DEACTIVATED":
        flash(request, "ok", f"{user['name']} is already deactivated.")
        return redirect("/users")
    return await render(request, "user_deactivate.html", {"user": user}, viewer=data["viewer"])


async def deactivate_user(request: Request) -> Response:
    return await _user_action(
        request, "DeactivateUser", "deactivateUser", "{name} is deactivated and signed out everywhere."
    )


async def change_role(request: Request) -> Response:
    """Change role: the API changes it, or says why not (the last active ADMIN keeps theirs)."""
    _admin_only(request)
    form = await checked_form(request)
    role = str(form.get("role") or "")
    if role not in ROLES:
        flash(request, "error", "Choose ADMIN, ORDERING or VIEWER.")
        return redirect("/users")
    user_id = request.path_params["user_id"]
    payload = (await execute(request, "SetUserRole", input={"userId": user_id, "role": role}))["setUserRole"]
    if any(e["code"] == "NOT_FOUND" for e in payload["errors"]):
        raise not_found()
    for error in payload["errors"]:
        flash(request, "error", error["message"])
    if payload["user"] is not None:
        user = payload["user"]
        flash(request, "ok", f"{user['name']} is {user['role']} now.")
        if user["email"] == request.state.principal.user.email and user["role"] != "ADMIN":
            # Stepped down: the Users page is no longer theirs.
            return redirect("/customers")
    return redirect("/users")
