"""Customers: the searchable, sortable list and a customer's details (with Change Options and its
running total for those who may order)."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..operations import ApiFailure, execute
from ..rendering import not_found, query_string, redirect, render
from .choices import Choices

PAGE_SIZE = 50
MAX_SEARCH = 200
MAX_CURSOR = 500
# The list's sortable columns: the query-string word, the API's field, and the column's heading.
SORTS = {"name": "NAME", "seats": "SEATS", "cost": "MONTHLY_COST"}


async def home(request: Request) -> Response:
    return redirect("/customers")


def _sort(request: Request) -> tuple[str, str]:
    """The list's ordering from its address: a column of `SORTS` and `asc` or `desc`."""
    column = request.query_params.get("sort") or "name"
    direction = request.query_params.get("dir") or "asc"
    if column not in SORTS:
        column = "name"
    if direction not in ("asc", "desc"):
        direction = "asc"
    return column, direction


async def customer_list(request: Request) -> Response:
    search = (request.query_params.get("q") or "").strip()[:MAX_SEARCH]
    after = (request.query_params.get("after") or "")[:MAX_CURSOR] or None
    column, direction = _sort(request)
    order_by = None
    if (column, direction) != ("name", "asc"):
        order_by = {"field": SORTS[column], "direction": direction.upper()}
    try:
        data = await execute(
            request, "CustomerList", first=PAGE_SIZE, after=after, search=search or None, orderBy=order_by
        )
    except ApiFailure as failure:
        if after and failure.codes == ("BAD_USER_INPUT",):
            raise HTTPException(
                400, "This page address is not valid: start again from the list of customers."
            ) from None
        raise
    page = data["customers"]
    listed = {
        "q": search,
        "sort": column if column != "name" else "",
        "dir": direction if direction != "asc" else "",
    }
    next_url = None
    if page["pageInfo"]["hasNextPage"]:
        next_url = "/customers" + query_string({**listed, "after": page["pageInfo"]["endCursor"]})
    return await render(
        request,
        "customers.html",
        {
            "customers": page["nodes"],
            "total": page["totalCount"],
            "search": search,
            "paged": after is not None,
            "first_url": "/customers" + query_string(listed),
            "next_url": next_url,
            "sort": column,
            "direction": direction,
            "sort_urls": {
                name: "/customers"
                + query_string(
                    {
                        "q": search,
                        "sort": name,
                        "dir": "desc" if (name, direction) == (column, "asc") else "asc",
                    }
                )
                for name in SORTS
            },
        },
        viewer=data["viewer"],
    )


async def customer_detail(request: Request) -> Response:
    choices = Choices.from_params(request.query_params)
    return await customer_page(request, request.path_params["customer_id"], choices)


# Where each form field's error summary entry leads (the id of its control).
FIELD_TARGETS = {
    "seatAdjustment": "seatAdjustment",
    "implementationLeadId": "implementationLeadId",
    "addToSku": "addToSku",
    "selectNew": "selectNew",
    "partnerReference": "partnerReference",
    "effectiveOn": "effectiveOn",
}


def form_errors(errors: dict[str, list[str]], choices: Choices) -> dict[str, list[str]]:
    """The API's errors (keyed by its input's field names) under the form's own field names: a
    primary product's SKU is the drop-down of the mode chosen."""
    renamed: dict[str, list[str]] = {}
    for field, messages in errors.items():
        if field == "sku":
            field = "addToSku" if choices.mode == "ADD_TO" else "selectNew"
        elif field == "replacesSku":
            field = "selectNew"
        elif field == "customerId":
            field = ""
        renamed.setdefault(field, []).extend(messages)
    return renamed


async def customer_page(
    request: Request,
    customer_id: str,
    choices: Choices,
    errors: dict[str, list[str]] | None = None,
    status_code: int = 200,
    *,
    notice: str | None = None,
    user_errors: dict[str, list[str]] | None = None,
    new_user: dict[str, str] | None = None,
    taken_by: dict[str, Any] | None = None,
) -> Response:
    """The customer's details; `choices` and `errors` fill the Change Options form again."""
    principal = request.state.principal
    may_change = principal.can_order()
    data = await execute(request, "CustomerDetails", id=customer_id, withOptions=may_change)
    customer = data["customer"]
    if customer is None:
        raise not_found()
    users = data["users"]["nodes"]
    choices = choices.with_lead(customer["implementationLead"])
    errors = form_errors(errors or {}, choices)
    context: dict[str, Any] = {
        "customer": customer,
        "may_change": may_change,
        "may_create_users": principal.can_manage_users(),
        "admins": [u for u in users if u["role"] == "ADMIN" and u["status"] == "ACTIVE"],
        "held_primaries": [line["name"] for line in customer["lines"] if line["kind"] == "PRIMARY"],
        "users": users,
        "choices": choices,
        "errors": errors,
        "targets": _targets(customer, choices),
        "notice": notice,
        "user_errors": user_errors or {},
        "new_user": new_user or {},
        "taken_by": taken_by,
    }
    if may_change and customer["eligibility"]["eligible"] and not customer["pendingOrder"]:
        context.update(await running_total(request, customer_id, choices))
    return await render(request, "customer.html", context, status_code, viewer=data["viewer"])


def _targets(customer: dict[str, Any], choices: Choices) -> dict[str, str]:
    targets = dict(FIELD_TARGETS)
    targets["mode"] = {"ADD_TO": "mode-add-to", "SELECT_NEW": "mode-select-new"}.get(
        choices.mode, "mode-keep"
    )
    addons = (customer.get("changeOptions") or {}).get("addons") or []
    if addons:
        targets["addonSkus"] = f"addon-{addons[0]['sku']}"
    return targets


async def running_total(request: Request, customer_id: str, choices: Choices) -> dict[str, Any]:
    """What the running total shows for `choices`: the API's upgradePreview (nothing is stored),
    or the form's own problems when it cannot be asked yet."""
    upgrade_input, problems = choices.as_input(customer_id)
    today = request.app.state.settings.clock.now().date().isoformat()
    if upgrade_input is None:
        messages = [m for field_messages in problems.values() for m in field_messages]
        return {"preview": None, "problems": messages, "nothing_yet": False, "today": today}
    preview = (await execute(request, "UpgradePreview", input=upgrade_input))["upgradePreview"]
    codes = {e["code"] for e in preview["errors"]}
    return {
        "preview": preview,
        "problems": [e["message"] for e in preview["errors"]],
        "nothing_yet": codes == {"NOTHING_TO_CHANGE"},
        "today": today,
    }


async def preview(request: Request) -> Response:
    """The running total alone, for htmx to swap in as the Change Options form changes."""
    if not request.state.principal.can_order():
        raise HTTPException(403, "Your role (VIEWER) can see customers but not change them.")
    choices = Choices.from_params(request.query_params)
    context = await running_total(request, request.path_params["customer_id"], choices)
    if context["preview"] is not None and any(
        e["code"] == "NOT_FOUND" and e["field"] == ["input", "customerId"]
        for e in context["preview"]["errors"]
    ):
        raise not_found()
    return await render(request, "_running_total.html", context)
