"""Orders: the partner's list (newest first, by status or the partner's reference) and an
order's own page, whose status line follows the order until it settles."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..operations import ApiFailure, execute
from ..rendering import not_found, query_string, render

STATUSES = ("PROCESSING", "SCHEDULED", "COMPLETED", "ATTENTION_NEEDED", "CANCELLED")
PAGE_SIZE = 50
MAX_REFERENCE = 200
MAX_CURSOR = 500


async def order_list(request: Request) -> Response:
    """Newest first, 50 a page; "Next page" carries the API's cursor, "Newest orders" starts over."""
    status = request.query_params.get("status") or ""
    if status not in STATUSES:
        status = ""
    reference = (request.query_params.get("reference") or "").strip()[:MAX_REFERENCE]
    after = (request.query_params.get("after") or "")[:MAX_CURSOR] or None
    try:
        data = await execute(
            request,
            "OrderList",
            first=PAGE_SIZE,
            after=after,
            status=[status] if status else None,
            reference=reference or None,
        )
    except ApiFailure as failure:
        if after and failure.codes == ("BAD_USER_INPUT",):
            raise HTTPException(
                400, "This page address is not valid: start again from the list of orders."
            ) from None
        raise
    page = data["orders"]
    filters = {"status": status, "reference": reference}
    next_url = None
    if page["pageInfo"]["hasNextPage"]:
        next_url = "/orders" + query_string({**filters, "after": page["pageInfo"]["endCursor"]})
    return await render(
        request,
        "orders.html",
        {
            "orders": page["nodes"],
            "statuses": STATUSES,
            "status": status,
            "reference": reference,
            "paged": after is not None,
            "first_url": "/orders" + query_string(filters),
            "next_url": next_url,
        },
        viewer=data["viewer"],
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
