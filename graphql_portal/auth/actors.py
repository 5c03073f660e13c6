"""The actor of the audit trail for a principal: who the events of a request are recorded as."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from ..events import Actor, acting_as, client_address
from .tokens import Principal


def actor_of(principal: Principal | None, address: str | None) -> Actor:
    """A partner user (through a session or their token), a reconciliation token (read-only, so
    it never appears in the trail but for completeness), or, without a principal, a visitor."""
    if principal is None:
        return Actor.visitor(address)
    if principal.is_reconciliation:
        return Actor.reconciliation(principal.token_id or 0, "reconciliation token", address=address)
    return Actor.partner_user(principal.user, address=address, token_id=principal.token_id)


@contextlib.contextmanager
def acting_for(principal: Principal | None, request) -> Iterator[Actor]:
    """Record the changes made inside the block as made by `principal` from the request's client."""
    with acting_as(actor_of(principal, client_address(request))) as actor:
        yield actor
