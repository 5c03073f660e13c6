"""Activity (ADMIN): the partner's audit trail, newest first, filtered by what happened, when, who
it concerns; and an order's own events as a timeline on the order's page."""

from __future__ import annotations

import datetime as dt

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..operations import ApiFailure, execute
from ..rendering import query_string, render

PAGE_SIZE = 50
MAX_PARAM = 500
ONLY_ADMIN = "Only an ADMIN of your organisation sees its activity."
# What the filter offers, in the order people think of them; the API's EventType names.
EVENT_TYPES = (
    "ORDER_SUBMITTED", "ORDER_SCHEDULED", "ORDER_COMPLETED", "ORDER_NEEDS_ATTENTION", "ORDER_CANCELLED",
    "ATTACHMENT_ADDED", "USER_CREATED", "USER_ACTIVATED", "USER_ROLE_CHANGED", "USER_DEACTIVATED",
    "TOKEN_CREATED", "TOKEN_REVOKED", "SIGNED_IN", "SIGN_IN_REFUSED", "PASSWORD_CHANGED",
    "WEBHOOK_ENDPOINT_CREATED", "WEBHOOK_ENDPOINT_CHANGED", "WEBHOOK_ENDPOINT_DELETED",
    "WEBHOOK_SECRET_ROTATED", "STAFF_ACTION",
)  # fmt: skip


def is_admin(request: Request) -> bool:
    return request.state.principal.can_manage_users()


def _date(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _param(request: Request, name: str) -> str:
    return (request.query_params.get(name) or "").strip()[:MAX_PARAM]


async def activity(request: Request) -> Response:
    """The trail, 50 a page; the dates are whole UTC days, both included."""
    if not is_admin(request):
        raise HTTPException(403, ONLY_ADMIN)
    chosen = {name: _param(request, name) for name in ("type", "since", "until", "user", "order", "customer")}
    if chosen["type"] not in EVENT_TYPES:
        chosen["type"] = ""
    since, until = _date(chosen["since"]), _date(chosen["until"])
    problems = []
    if chosen["since"] and since is None:
        problems.append("“From” is not a date; use the form YYYY-MM-DD.")
    if chosen["until"] and until is None:
        problems.append("“To” is not a date; use the form YYYY-MM-DD.")
    flt = {
        "types": [chosen["type"]] if chosen["type"] else None,
        "since": f"{since.isoformat()}T00:00:00Z" if since else None,
        "until": f"{(until + dt.timedelta(days=1)).isoformat()}T00:00:00Z" if until else None,
        "userId": chosen["user"] or None,
        "orderId": chosen["order"] or None,
        "customerId": chosen["customer"] or None,
    }
    after = _param(request, "after") or None
    try:
        data = await execute(request, "Activity", first=PAGE_SIZE, after=after, filter=flt)
    except ApiFailure as failure:
        if failure.codes == ("BAD_USER_INPUT",):
            raise HTTPException(400, "This page address is not valid: start again from Activity.") from None
        raise
    page = data["auditEvents"]
    filters = {key: value for key, value in chosen.items() if value}
    next_url = None
    if page["pageInfo"]["hasNextPage"]:
        next_url = "/activity" + query_string({**filters, "after": page["pageInfo"]["endCursor"]})
    return await render(
        request,
        "activity.html",
        {
            "events": page["nodes"],
            "users": data["users"]["nodes"],
            "types": EVENT_TYPES,
            "chosen": chosen,
            "problems": problems,
            "paged": after is not None,
            "first_url": "/activity" + query_string(filters),
            "next_url": next_url,
            "narrowed_to": _narrowed_to(page["nodes"], chosen),
        },
        viewer=data["viewer"],
    )


def _narrowed_to(events: list[dict], chosen: dict[str, str]) -> list[tuple[str, str]]:
    """The order or customer the page is narrowed to (set by a link), as (label, link without it)."""
    shown = []
    for key, field, kind in (("order", "order", "Order"), ("customer", "customer", "Customer")):
        if chosen[key]:
            named = next((e[field] for e in events if e[field] and e[field]["id"] == chosen[key]), None)
            label = f"{kind} {named.get('number') or named.get('name')}" if named else f"one {kind.lower()}"
            rest = {k: v for k, v in chosen.items() if v and k != key}
            shown.append((label, "/activity" + query_string(rest)))
    return shown


async def order_timeline(request: Request, order_id: str) -> dict | None:
    """An order's events, oldest first, for its page; None for those who may not see the trail."""
    if not is_admin(request):
        return None
    page = (await execute(request, "OrderTimeline", orderId=order_id))["auditEvents"]
    return {"events": list(reversed(page["nodes"])), "more": page["pageInfo"]["hasNextPage"]}
