"""Orders: the partner's list (searched by customer, filtered by status or reference, newest or
oldest first, paged both ways, downloaded as CSV), an order's own page, whose status line follows
the order until it settles, and cancelling a scheduled order (after a confirmation page: the CSP
allows no inline `confirm()`)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..operations import ApiFailure, execute
from ..rendering import checked_form, flash, not_found, query_string, redirect, render, when
from .activity import order_timeline

STATUSES = ("PROCESSING", "SCHEDULED", "COMPLETED", "ATTENTION_NEEDED", "CANCELLED")
PAGE_SIZE = 50
EXPORT_PAGE = 500
MAX_TEXT = 200
MAX_CURSOR = 500
MAX_POSITION = 10**9
# htmx stops polling an element whose response has this status.
STOP_POLLING = 286
CSV_COLUMNS = (
    "number",
    "customer",
    "account code",
    "status",
    "submitted",
    "effective",
    "reference",
    "before",
    "after",
    "change",
    "currency",
)


def _filters(request: Request) -> dict[str, str]:
    """The list's filters and ordering from its address, as the form and the links carry them."""
    params = request.query_params
    status = params.get("status") or ""
    sort = params.get("sort") or ""
    return {
        "q": (params.get("q") or "").strip()[:MAX_TEXT],
        "status": status if status in STATUSES else "",
        "reference": (params.get("reference") or "").strip()[:MAX_TEXT],
        "sort": sort if sort == "oldest" else "",
    }


def _api_filter(filters: dict[str, str]) -> tuple[dict[str, Any], dict[str, str]]:
    """The API's `filter` and `orderBy` of the list's filters."""
    api_filter: dict[str, Any] = {}
    if filters["status"]:
        api_filter["status"] = [filters["status"]]
    if filters["reference"]:
        api_filter["partnerReference"] = filters["reference"]
    if filters["q"]:
        api_filter["customerSearch"] = filters["q"]
    direction = "ASC" if filters["sort"] == "oldest" else "DESC"
    return api_filter, {"field": "SUBMITTED_AT", "direction": direction}


def _position(request: Request) -> int:
    """Where the page starts in the whole list (1 for the first), as the paging links carry it."""
    text = request.query_params.get("from") or "1"
    return min(max(int(text), 1), MAX_POSITION) if text.isdigit() else 1


def _bad_address(failure: ApiFailure) -> bool:
    """An address whose cursor or search the API cannot read: a client mistake, not our fault."""
    return bool(failure.codes) and set(failure.codes) == {"BAD_USER_INPUT"}


BAD_ADDRESS = "This list address is not valid: start again from the list of orders."


async def order_list(request: Request) -> Response:
    """Newest first (or oldest), 50 a page, "Previous page" and "Next page" by the API's cursors."""
    filters = _filters(request)
    after = (request.query_params.get("after") or "")[:MAX_CURSOR] or None
    before = (request.query_params.get("before") or "")[:MAX_CURSOR] or None
    position = _position(request) if (after or before) else 1
    api_filter, order_by = _api_filter(filters)
    paging: dict[str, Any] = (
        {"last": PAGE_SIZE, "before": before} if before else {"first": PAGE_SIZE, "after": after}
    )
    try:
        data = await execute(request, "OrderList", filter=api_filter or None, orderBy=order_by, **paging)
    except ApiFailure as failure:
        if _bad_address(failure):
            raise HTTPException(400, BAD_ADDRESS) from None
        raise
    page = data["orders"]
    orders, total, info = page["nodes"], page["totalCount"], page["pageInfo"]
    if before and not info["hasPreviousPage"]:
        position = 1  # back at the start, whatever the address said
    listed = {key: value for key, value in filters.items() if value}
    next_url = previous_url = None
    if info["hasNextPage"] and orders:
        next_url = "/orders" + query_string(
            {**listed, "after": info["endCursor"], "from": position + len(orders)}
        )
    if info["hasPreviousPage"] and orders:
        previous_url = "/orders" + query_string(
            {**listed, "before": info["startCursor"], "from": max(position - PAGE_SIZE, 1)}
        )
    last = min(position + len(orders) - 1, max(total, position))
    return await render(
        request,
        "orders.html",
        {
            "orders": orders,
            "statuses": STATUSES,
            "filters": filters,
            "total": total,
            "shown_from": position if orders else 0,
            "shown_to": last if orders else 0,
            "first_url": "/orders" + query_string(listed),
            "next_url": next_url,
            "previous_url": previous_url,
            "paged": bool(after or before),
            "csv_url": "/orders.csv" + query_string(listed),
            "sort_url": "/orders"
            + query_string({**listed, "sort": "" if filters["sort"] == "oldest" else "oldest"}),
        },
        viewer=data["viewer"],
    )


def _cell(value: str) -> str:
    """Text a spreadsheet must not read as a formula (a customer named "=HYPERLINK(...)")."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


async def export_csv(request: Request) -> Response:
    """Download CSV: every order of the list as filtered (all pages), written as the API pages them."""
    filters = _filters(request)
    api_filter, order_by = _api_filter(filters)
    try:  # the first page before the response starts, so a bad address is a 400, not a cut file
        first = await execute(
            request, "OrderExport", first=EXPORT_PAGE, filter=api_filter or None, orderBy=order_by
        )
    except ApiFailure as failure:
        if _bad_address(failure):
            raise HTTPException(400, BAD_ADDRESS) from None
        raise

    async def rows() -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        page = first["orders"]
        while True:
            for o in page["nodes"]:
                writer.writerow(
                    (
                        o["number"],
                        _cell(o["customer"]["name"]),
                        _cell(o["customer"]["accountCode"]),
                        o["status"],
                        when(o["submittedAt"]),
                        o["effectiveOn"],
                        _cell(o["partnerReference"] or ""),
                        o["monthlyCostBefore"]["amount"],
                        o["monthlyCostAfter"]["amount"],
                        o["monthlyCostChange"]["amount"],
                        o["monthlyCostChange"]["currency"],
                    )
                )
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            if not page["pageInfo"]["hasNextPage"]:
                return
            data = await execute(
                request,
                "OrderExport",
                first=EXPORT_PAGE,
                after=page["pageInfo"]["endCursor"],
                filter=api_filter or None,
                orderBy=order_by,
            )
            page = data["orders"]

    return StreamingResponse(
        rows(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="orders.csv"'},
    )


async def order_detail(request: Request) -> Response:
    data = await execute(request, "OrderDetails", id=request.path_params["order_id"])
    if data["order"] is None:
        raise not_found()
    context = {"order": data["order"], "may_cancel": _may_cancel(request)}
    context["timeline"] = await order_timeline(request, data["order"]["id"])
    return await render(request, "order.html", context, viewer=data["viewer"])


def settling(order: dict[str, Any]) -> bool:
    """Whether the order's status line is still to change by itself (the page polls it)."""
    return order["status"] == "PROCESSING" or any(d["status"] == "PENDING" for d in order["deliveries"])


async def order_status(request: Request) -> Response:
    """The status line's inside, for htmx to swap in while the order settles; once it has,
    the answer tells htmx to stop asking."""
    data = await execute(request, "OrderStatus", id=request.path_params["order_id"])
    order = data["order"]
    if order is None:
        raise not_found()
    context = {"order": order, "may_cancel": _may_cancel(request)}
    return await render(
        request, "_order_status_inner.html", context, 200 if settling(order) else STOP_POLLING
    )


def _may_cancel(request: Request) -> bool:
    """Whether to offer "Cancel order": the roles the API lets cancel (it decides, and says why not)."""
    return request.state.principal.can_order()


def _viewer_refused() -> HTTPException:
    return HTTPException(403, "Your role (VIEWER) can see orders but not cancel them.")


async def cancel_page(request: Request) -> Response:
    """ "Cancel order N?", with what it means, and the two buttons."""
    data = await execute(request, "OrderDetails", id=request.path_params["order_id"])
    if data["order"] is None:
        raise not_found()
    if not _may_cancel(request):
        raise _viewer_refused()
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
        raise _viewer_refused()
    if payload["order"] is not None:
        flash(request, "ok", f"Order {payload['order']['number']} is cancelled; the customer stays as it is.")
    for error in payload["errors"]:
        flash(request, "error", error["message"])
    return redirect(f"/orders/{order_id}")
