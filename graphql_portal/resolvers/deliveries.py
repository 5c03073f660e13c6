"""An order's deliveries as partners see them: the stored rows, a failure told only by its kind."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..fulfilment.mail import public_reason
from ..models import Delivery, DeliveryKind, DeliveryStatus
from .context import Context
from .deferred import Maybe, then


@dataclass(frozen=True, slots=True)
class PartnerDelivery:
    """A delivery without what staff alone may read: `last_error` is the generic reason
    (`fulfilment.mail.public_reason`), never the mail server's own reply."""

    kind: DeliveryKind
    recipient: str
    status: DeliveryStatus
    attempts: int
    last_error: str | None
    sent_at: dt.datetime | None


def _for_partner(row: Delivery) -> PartnerDelivery:
    return PartnerDelivery(
        kind=row.kind,
        recipient=row.recipient,
        status=row.status,
        attempts=row.attempts,
        last_error=public_reason(row.last_error),
        sent_at=row.sent_at,
    )


def order_deliveries(context: Context, order_id: int) -> Maybe[list[PartnerDelivery]]:
    """An order's deliveries, oldest first, loaded in one batch with the page's other orders."""
    return then(context.loaders.deliveries.get(order_id), lambda rows: [_for_partner(row) for row in rows])
