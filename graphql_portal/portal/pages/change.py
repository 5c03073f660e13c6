"""Change Options -> Review Upgrade -> Submit, and the inline "Create user" for the lead.

The choices travel with the review in its address, so "Change" goes back to the options as
they were and an expired or stale review can be reviewed again in one click.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..operations import errors_by_field, execute
from ..rendering import checked_form, not_found, redirect, render
from .choices import Choices
from .customers import customer_page

ROLES = ("ADMIN", "ORDERING", "VIEWER")
# A lead created from the drop-down needs to read the order, not to place one.
LEAD_ROLE = "VIEWER"
MAX_TEXT = 300
CONFIRMATIONS = ("confirmMsa", "confirmAuthorized")


async def review(request: Request) -> Response:
    """Review Upgrade: the API prices the choices and stores a review, or says what is wrong."""
    form = await checked_form(request)
    customer_id = request.path_params["customer_id"]
    choices = Choices.from_params(form)
    upgrade_input, errors = choices.as_input(customer_id)
    if upgrade_input is not None:
        payload = (await execute(request, "ReviewUpgrade", input=upgrade_input))["reviewUpgrade"]
        if payload["review"] is not None:
            return redirect(f"/reviews/{payload['review']['id']}", **choices.as_params())
        if any(e["code"] == "NOT_FOUND" and e["field"] == ["input", "customerId"] for e in payload["errors"]):
            raise not_found()
        errors = errors_by_field(payload["errors"])
    return await customer_page(request, customer_id, choices, errors, 400)


async def review_page(request: Request) -> Response:
    return await _review(request, request.path_params["review_id"], Choices.from_params(request.query_params))


async def _review(
    request: Request,
    review_id: str,
    choices: Choices,
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
    *,
    refused: dict[str, list[str]] | None = None,
    ticked: frozenset[str] = frozenset(),
) -> Response:
    """The review, with what stands in the way of submitting it said at once: expired, or stale
    (and which order changed the customer); what Submit was refused for (`refused`) likewise."""
    data = await execute(request, "ReviewDetails", id=review_id)
    found = data["upgradeReview"]
    if found is None:
        raise not_found()
    expires_at = dt.datetime.fromisoformat(found["expiresAt"])
    expired = expires_at <= request.app.state.settings.clock.now()
    context: dict[str, Any] = {
        "review": found,
        "choices": choices,
        "errors": errors or {},
        "refused": refused or {},
        "expired": expired,
        "stale": found["stale"],
        "changed_by": found["changedBy"],
        "outdated": expired or found["stale"] or bool(refused),
        "ticked": ticked,
        "targets": {name: name for name in CONFIRMATIONS},
    }
    return await render(request, "review.html", context, status_code, viewer=data["viewer"])


async def submit(request: Request) -> Response:
    """Submit: on success the browser goes to the order's own page (post/redirect/get), so a
    second Submit of the same review lands on the same order."""
    form = await checked_form(request)
    review_id = request.path_params["review_id"]
    choices = Choices.from_params(form)
    ticked = frozenset(name for name in CONFIRMATIONS if form.get(name) == "yes")
    submit_input = {
        "reviewId": review_id,
        "confirmMsa": "confirmMsa" in ticked,
        "confirmAuthorized": "confirmAuthorized" in ticked,
    }
    payload = (await execute(request, "SubmitUpgrade", input=submit_input))["submitUpgrade"]
    if payload["order"] is not None:
        return redirect(f"/orders/{payload['order']['id']}")
    codes = {e["code"] for e in payload["errors"]}
    if "NOT_FOUND" in codes:
        raise not_found()
    errors = errors_by_field(payload["errors"])
    # Why the review as a whole cannot be submitted (expired, stale, a pending order) is said in
    # the notice above the figures; what the person can fix here, at the two boxes.
    refused = {"reviewId": errors.pop("reviewId")} if "reviewId" in errors else {}
    return await _review(request, review_id, choices, errors, 400, refused=refused, ticked=ticked)


async def create_lead(request: Request) -> Response:
    """Create user (ADMIN), from the lead's drop-down: the API adds the user (a VIEWER unless
    another role is picked) and sends the invitation; the drop-down comes back with the new user
    selected. An address of a user the partner has already offers "Select <name> instead"."""
    form = await checked_form(request)
    customer_id = request.path_params["customer_id"]
    choices = Choices.from_params(form)
    users = (await execute(request, "LeadChoices"))["users"]["nodes"]
    notice, taken_by = None, None
    new_user = {
        "name": str(form.get("newUserName") or "").strip()[:MAX_TEXT],
        "email": str(form.get("newUserEmail") or "").strip()[:MAX_TEXT],
        "role": str(form.get("newUserRole") or LEAD_ROLE),
    }
    user_errors: dict[str, list[str]] = {}
    chosen = next(
        (u for u in users if u["id"] == form.get("selectLead") and u["status"] != "DEACTIVATED"), None
    )
    if chosen is not None:
        choices = replace(choices, lead_id=chosen["id"])
        notice = f"{chosen['name']} is selected."
        new_user = {}
    elif new_user["role"] not in ROLES:
        user_errors = {"role": ["Choose ADMIN, ORDERING or VIEWER."]}
    else:
        payload = (await execute(request, "CreateLead", input=new_user))["createUser"]
        user_errors = errors_by_field(payload["errors"])
        if payload["user"] is not None:
            created = payload["user"]
            users = (await execute(request, "LeadChoices"))["users"]["nodes"]
            choices = replace(choices, lead_id=created["id"])
            notice = (
                f"{created['name']} is added and selected; an invitation is on its way to {created['email']}."
            )
            new_user = {}
        elif any(e["code"] == "EMAIL_TAKEN" for e in payload["errors"]):
            key = new_user["email"].strip().lower()
            taken_by = next(
                (u for u in users if u["email"].lower() == key and u["status"] != "DEACTIVATED"), None
            )
    status_code = 400 if user_errors else 200
    if not request.headers.get("hx-request"):
        return await customer_page(
            request,
            customer_id,
            choices,
            status_code=status_code,
            notice=notice,
            user_errors=user_errors,
            new_user=new_user,
            taken_by=taken_by,
        )
    context = {
        "customer": {"id": customer_id},
        "users": users,
        "choices": choices,
        "errors": {},
        "user_errors": user_errors,
        "new_user": new_user,
        "notice": notice,
        "taken_by": taken_by,
        "may_create_users": True,
    }
    # htmx swaps 2xx responses only; the fragment with the errors beside the fields is one too.
    return await render(request, "_lead_field.html", context)
