"""The per-request context: the principal, the settings and one DataLoader per relation."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLError
from strawberry.dataloader import DataLoader

from ..auth import Principal
from ..models import (
    Agreement,
    Attachment,
    AttachmentKind,
    Customer,
    CustomerProduct,
    Delivery,
    PartnerUser,
)
from ..settings import Settings

ATTACHMENT_FIELDS = (
    "id",
    "customer_id",
    "order_id",
    "kind",
    "filename",
    "content_type",
    "size",
    "sha256",
    "created_at",
)


def forbidden(message: str = "Not allowed for this token.") -> GraphQLError:
    return GraphQLError(message, extensions={"code": "FORBIDDEN"})


def bad_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


async def _by_id(model, ids: list[int]) -> list[Any]:
    rows = {row.id: row for row in await model.filter(id__in=set(ids))}
    return [rows.get(i) for i in ids]


async def _partners(ids: list[int]) -> list[Any]:
    """Each partner with its agreement: `(partner, agreement)`."""
    rows = {
        a.partner_id: (a.partner, a)
        for a in await Agreement.filter(partner_id__in=set(ids)).select_related("partner")
    }
    return [rows.get(i) for i in ids]


async def _holdings(customer_ids: list[int]) -> list[list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for customer_id, sku in await CustomerProduct.filter(customer_id__in=set(customer_ids)).values_list(
        "customer_id", "product__sku"
    ):
        found[customer_id].append(sku)
    return [sorted(found[i]) for i in customer_ids]


async def _attachments(customer_ids: list[int]) -> list[list[Attachment]]:
    found: dict[int, list[Attachment]] = defaultdict(list)
    rows = (
        await Attachment.filter(customer_id__in=set(customer_ids))
        .only(*ATTACHMENT_FIELDS)
        .order_by("-created_at", "-id")
    )
    for row in rows:
        found[row.customer_id].append(row)
    return [found[i] for i in customer_ids]


async def _addenda(order_ids: list[int]) -> list[Attachment | None]:
    rows = await Attachment.filter(order_id__in=set(order_ids), kind=AttachmentKind.ADDENDUM).only(
        *ATTACHMENT_FIELDS
    )
    by_order = {row.order_id: row for row in rows}
    return [by_order.get(i) for i in order_ids]


async def _deliveries(order_ids: list[int]) -> list[list[Delivery]]:
    found: dict[int, list[Delivery]] = defaultdict(list)
    for row in await Delivery.filter(order_id__in=set(order_ids)).order_by("id"):
        found[row.order_id].append(row)
    return [found[i] for i in order_ids]


async def _pricing(partner_ids: list[int]) -> list[Any]:
    from ..ordering.pricing import load_pricing

    return [await load_pricing(partner_id) for partner_id in partner_ids]


@dataclass
class Loaders:
    """One loader per relation, created per request so nothing leaks between callers."""

    users: DataLoader = field(default_factory=lambda: DataLoader(lambda ids: _by_id(PartnerUser, ids)))
    partners: DataLoader = field(default_factory=lambda: DataLoader(_partners))
    customers: DataLoader = field(default_factory=lambda: DataLoader(lambda ids: _by_id(Customer, ids)))
    holdings: DataLoader = field(default_factory=lambda: DataLoader(_holdings))
    attachments: DataLoader = field(default_factory=lambda: DataLoader(_attachments))
    addenda: DataLoader = field(default_factory=lambda: DataLoader(_addenda))
    deliveries: DataLoader = field(default_factory=lambda: DataLoader(_deliveries))
    pricing: DataLoader = field(default_factory=lambda: DataLoader(_pricing))
    customer_orders: dict = field(default_factory=dict)


@dataclass
class Context:
    principal: Principal
    settings: Settings
    request: Any = None
    response: Any = None
    loaders: Loaders = field(default_factory=Loaders)
    memo: dict = field(default_factory=dict)

    def partner_id(self) -> int:
        """The caller's partner; reconciliation tokens have none and may not ask partner-only fields."""
        if self.principal.partner_id is None:
            raise forbidden("This field needs a partner user's token.")
        return self.principal.partner_id
