"""The start page: what needs a look today."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from ...models import Delivery, DeliveryStatus, Order, OrderStatus
from ..rendering import render


async def home(request: Request) -> Response:
    counts = {
        status: await Order.filter(status=status).count()
        for status in (OrderStatus.PROCESSING, OrderStatus.ATTENTION_NEEDED)
    }
    failed_deliveries = await Delivery.filter(status=DeliveryStatus.FAILED).count()
    return render(
        request,
        "home.html",
        {"counts": counts, "failed_deliveries": failed_deliveries, "OrderStatus": OrderStatus},
    )
