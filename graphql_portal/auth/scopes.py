"""What a principal may read through the API and download: the one place this rule lives.

A partner user reads everything of its own partner (tenancy is applied where rows are loaded). A
reconciliation token reads orders, not customers' records: `viewer`, `orders` and `order` with
every field of an order and its partner, of the order's customer only `id name accountCode
status`, of the submitter and implementation lead only `id name`; it downloads an order's
addendum and no other attachment. Everything else through an order answers FORBIDDEN.
"""

from __future__ import annotations

from ..models import AttachmentKind
from .tokens import Principal

# For a reconciliation token: the fields it may read of the types it may read only in part.
# Every other type it reaches through these fields (an order, its partner, pages, money, lines,
# deliveries, the addendum) it reads whole; tests/api/test_reconciliation_scope.py lists them all,
# so a field added anywhere a reconciliation token can reach is a visible decision.
RECONCILIATION_READS: dict[str, frozenset[str]] = {
    "Query": frozenset({"viewer", "orders", "order", "auditEvents"}),
    # The events that concern an order (`auditEvents` selects only those for such a token).
    "AuditEvent": frozenset({"id", "type", "occurredAt", "order"}),
    "Customer": frozenset({"id", "name", "accountCode", "status"}),
    "User": frozenset({"id", "name"}),
}


def may_read(principal: Principal, type_name: str, field_name: str) -> bool:
    """Whether `principal` may read the field `type_name.field_name` of the API."""
    if not principal.is_reconciliation:
        return True
    allowed = RECONCILIATION_READS.get(type_name)
    return allowed is None or field_name in allowed


def refusal(type_name: str, field_name: str) -> str:
    """Why a field is refused, for the FORBIDDEN error at that field."""
    return f"A reconciliation token may not read `{type_name}.{field_name}`."


def may_download(principal: Principal, kind: AttachmentKind | str, order_id: int | None) -> bool:
    """Whether `principal` may download an attachment of a kind (beyond seeing its partner's)."""
    if principal.is_reconciliation:
        return AttachmentKind(kind) is AttachmentKind.ADDENDUM and order_id is not None
    return True
