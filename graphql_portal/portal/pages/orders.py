"""Orders: the partner's list (newest first, by status or the partner's reference), an order's
own page, whose status line follows the order until it settles, and cancelling a scheduled order
(after a confirmation page: the CSP allows no inline `confirm()`)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..operations import ApiFailure, execute
from ..rendering import checked_form, flash, not_found, query_string, redirect, render
from .activity import order_timeline

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
    context = {"order": data["order"], "may_cancel": _may_cancel(request)}
    context["timeline"] = await order_timeline(request, data["order"]["id"])
    return await render(request, "order.html", context, viewer=data["viewer"])


async def order_status(request: Request) -> Response:
    """The status line alone, for htmx to swap in while the order is processing."""
    data = await execute(request, "OrderStatus", id=request.path_params["order_id"])
    if data["order"] is None:
        raise not_found()
    return await render(
        request, "_order_status.html", {"order": data["order"], "may_cancel": _may_cancel(request)}
    )


def _may_cancel(request: Request) -> bool:
    """Whether to offer "Cancel order": the roles the API lets cancel (it decides, and says why not)."""
    return request.state.principal.can_order()


def _refused() -> HTTPException:
    return HTTPException(403, "Your role (VIEWER) can see orders but not cancel them.")


async def cancel_page(request: Request) -> Response:
    """ "Cancel order N?", with what it means, and the two buttons."""
    data = await execute(request, "OrderDetails", id=request.path_params["order_id"])
    if data["order"] is None:
        raise not_found()
    if not _may_cancel(request):
        raise _refused()
    return await render(request, "cancel.html", {"order": data["order"]}, viewer=data["viewer"])


async def cancel(request: Request) -> Response:
    """Cancel through the API, then back to the order's page (post/redirect/get), which shows
    CANCELLED, or the API's reason why the order cannot be cancelled."""
    await checked_form(request)
    order_id = request.path_params["order_id"]
    payload = (await execute(request, "CancelOrder", input={"orderId": order_id}))["cancelOrder"]
    codes = {e["code"] for e in payload["errors"]}
    if "NOT_FOUND" in codes:
        raise not_found()
    if "FORBIDDEN" in codes:
        raise _refused()
    if payload["order"] is not None:
        flash(request, "ok", f"Order {payload['order']['number']} is cancelled; the customer stays as it is.")
    for error in payload["errors"]:
        flash(request, "error", error["message"])
    return redirect(f"/orders/{order_id}")
