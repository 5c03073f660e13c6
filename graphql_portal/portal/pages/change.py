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
MAX_TEXT = 300


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
    outdated: bool = False,
) -> Response:
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
        "outdated": outdated or expired,
        "expired": expired,
    }
    return await render(request, "review.html", context, status_code, viewer=data["viewer"])


async def submit(request: Request) -> Response:
    """Submit: on success the browser goes to the order's own page (post/redirect/get), so a
    second Submit of the same review lands on the same order."""
    form = await checked_form(request)
    review_id = request.path_params["review_id"]
    choices = Choices.from_params(form)
    submit_input = {
        "reviewId": review_id,
        "confirmMsa": form.get("confirmMsa") == "yes",
        "confirmAuthorized": form.get("confirmAuthorized") == "yes",
    }
    payload = (await execute(request, "SubmitUpgrade", input=submit_input))["submitUpgrade"]
    if payload["order"] is not None:
        return redirect(f"/orders/{payload['order']['id']}")
    codes = {e["code"] for e in payload["errors"]}
    if "NOT_FOUND" in codes:
        raise not_found()
    outdated = bool(codes & {"REVIEW_EXPIRED", "REVIEW_STALE"})
    return await _review(
        request, review_id, choices, errors_by_field(payload["errors"]), 400, outdated=outdated
    )


async def create_lead(request: Request) -> Response:
    """Create user (ADMIN), from the lead's drop-down: the API adds the user and sends the
    invitation; the drop-down comes back with the new user selected."""
    form = await checked_form(request)
    customer_id = request.path_params["customer_id"]
    choices = Choices.from_params(form)
    new_user = {
        "name": str(form.get("newUserName") or "").strip()[:MAX_TEXT],
        "email": str(form.get("newUserEmail") or "").strip()[:MAX_TEXT],
        "role": str(form.get("newUserRole") or "ORDERING"),
    }
    notice = None
    if new_user["role"] not in ROLES:
        user_errors = {"role": ["Choose ADMIN, ORDERING or VIEWER."]}
    else:
        payload = (await execute(request, "CreateLead", input=new_user))["createUser"]
        user_errors = errors_by_field(payload["errors"])
        if payload["user"] is not None:
            created = payload["user"]
            choices = replace(choices, lead_id=created["id"])
            notice = (
                f"{created['name']} is added and selected; an invitation is on its way to {created['email']}."
            )
            new_user = {}
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
        )
    users = (await execute(request, "LeadChoices"))["users"]["nodes"]
    context = {
        "customer": {"id": customer_id},
        "users": users,
        "choices": choices,
        "errors": {},
        "user_errors": user_errors,
        "new_user": new_user,
        "notice": notice,
        "may_create_users": True,
    }
    # htmx swaps 2xx responses only; the fragment with the errors beside the fields is one too.
    return await render(request, "_lead_field.html", context)
