"""Orders: the partner's list (newest first, by status) and an order's own page, whose status
line follows the order until it settles."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ..operations import execute
from ..rendering import not_found, query_string, render

STATUSES = ("PROCESSING", "SCHEDULED", "COMPLETED", "ATTENTION_NEEDED", "CANCELLED")
PAGE_SIZE = 50
# The API lists orders oldest change first (for incremental sync); the page shows the newest
# submission first, so it reads the partner's orders whole, in pages of the API's largest size.
API_PAGE = 500
MAX_API_PAGES = 20


async def order_list(request: Request) -> Response:
    status = request.query_params.get("status") or ""
    if status not in STATUSES:
        status = ""
    try:
        page = max(1, min(int(request.query_params.get("page") or 1), 10_000))
    except ValueError:
        page = 1
    nodes, after, viewer = [], None, None
    for _ in range(MAX_API_PAGES):
        data = await execute(
            request, "OrderList", first=API_PAGE, after=after, status=[status] if status else None
        )
        viewer = data["viewer"]
        nodes.extend(data["orders"]["nodes"])
        if not data["orders"]["pageInfo"]["hasNextPage"]:
            break
        after = data["orders"]["pageInfo"]["endCursor"]
    nodes.sort(key=lambda o: (o["submittedAt"], o["number"]), reverse=True)
    shown = nodes[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    return await render(
        request,
        "orders.html",
        {
            "orders": shown,
            "statuses": STATUSES,
            "status": status,
            "prev_url": "/orders" + query_string({"status": status, "page": page - 1}) if page > 1 else None,
            "next_url": "/orders" + query_string({"status": status, "page": page + 1})
            if len(nodes) > page * PAGE_SIZE
            else None,
        },
        viewer=viewer,
    )


async def order_detail(request: Request) -> Response:
    data = await execute(request, "OrderDetails", id=request.path_params["order_id"])
    if data["order"] is None:
        raise not_found()
    return await render(request, "order.html", {"order": data["order"]}, viewer=data["viewer"])


async def order_status(request: Request) -> Response:
    """The status line alone, for htmx to swap in while the order is processing."""
    data = await execute(request, "OrderStatus", id=request.path_params["order_id"])
    if data["order"] is None:
        raise not_found()
    return await render(request, "_order_status.html", {"order": data["order"]})
