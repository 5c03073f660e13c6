"""Customers: the searchable list and a customer's details (with Change Options for those who
may order)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..operations import execute
from ..rendering import not_found, query_string, redirect, render
from .choices import Choices

PAGE_SIZE = 50
MAX_SEARCH = 200
MAX_CURSOR = 500


async def home(request: Request) -> Response:
    return redirect("/customers")


async def customer_list(request: Request) -> Response:
    search = (request.query_params.get("q") or "").strip()[:MAX_SEARCH]
    after = (request.query_params.get("after") or "")[:MAX_CURSOR] or None
    data = await execute(request, "CustomerList", first=PAGE_SIZE, after=after, search=search or None)
    page = data["customers"]
    next_url = None
    if page["pageInfo"]["hasNextPage"]:
        next_url = "/customers" + query_string({"q": search, "after": page["pageInfo"]["endCursor"]})
    return await render(
        request,
        "customers.html",
        {
            "customers": page["nodes"],
            "total": page["totalCount"],
            "search": search,
            "paged": after is not None,
            "first_url": "/customers" + query_string({"q": search}),
            "next_url": next_url,
        },
        viewer=data["viewer"],
    )


async def customer_detail(request: Request) -> Response:
    choices = Choices.from_params(request.query_params)
    return await customer_page(request, request.path_params["customer_id"], choices)


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
) -> Response:
    """The customer's details; `choices` and `errors` fill the Change Options form again."""
    principal = request.state.principal
    may_change = principal.can_order()
    data = await execute(request, "CustomerDetails", id=customer_id, withOptions=may_change)
    customer = data["customer"]
    if customer is None:
        raise not_found()
    context: dict[str, Any] = {
        "customer": customer,
        "may_change": may_change,
        "may_create_users": principal.can_manage_users(),
        "held_primaries": [line["name"] for line in customer["lines"] if line["kind"] == "PRIMARY"],
        "users": data.get("users", {}).get("nodes", []),
        "choices": choices.with_lead(customer["implementationLead"]),
        "errors": errors or {},
        "notice": notice,
        "user_errors": user_errors or {},
        "new_user": new_user or {},
    }
    return await render(request, "customer.html", context, status_code, viewer=data["viewer"])
