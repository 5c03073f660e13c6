"""An order's deliveries as partners see them: a failure is told only by its kind."""

from __future__ import annotations

from ..fulfilment.mail import public_reason
from ..models import Delivery
from .context import Context
from .deferred import Maybe, then


def order_deliveries(context: Context, order_id: int) -> Maybe[list[tuple[Delivery, str | None]]]:
    """An order's deliveries, oldest first (loaded in one batch with the page's other orders), each
    with what its partner may read of its last failure: the generic reason, never the mail
    server's own reply that `last_error` keeps for staff."""
    return then(
        context.loaders.deliveries.get(order_id),
        lambda rows: [(row, public_reason(row.last_error)) for row in rows],
    )
