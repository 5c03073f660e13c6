"""The per-request context: the principal, the settings and one DataLoader per relation."""

from __future__ import annotations

import inspect
from collections import defaultdict
from collections.abc import Callable, Iterable
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
    Order,
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


@dataclass(frozen=True, slots=True)
class AttachmentRow:
    """An attachment without its bytes: what the API shows of it."""

    id: int
    customer_id: int
    order_id: int | None
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    created_at: Any


async def _attachment_rows(query) -> list[AttachmentRow]:
    return [AttachmentRow(**row) for row in await query.values(*ATTACHMENT_FIELDS)]


async def _attachments(customer_ids: list[int]) -> list[list[AttachmentRow]]:
    found: dict[int, list[AttachmentRow]] = defaultdict(list)
    query = Attachment.filter(customer_id__in=set(customer_ids)).order_by("-created_at", "-id")
    for row in await _attachment_rows(query):
        found[row.customer_id].append(row)
    return [found[i] for i in customer_ids]


async def _addenda(order_ids: list[int]) -> list[AttachmentRow | None]:
    query = Attachment.filter(order_id__in=set(order_ids), kind=AttachmentKind.ADDENDUM)
    by_order = {row.order_id: row for row in await _attachment_rows(query)}
    return [by_order.get(i) for i in order_ids]


async def _deliveries(order_ids: list[int]) -> list[list[Delivery]]:
    found: dict[int, list[Delivery]] = defaultdict(list)
    for row in await Delivery.filter(order_id__in=set(order_ids)).order_by("id"):
        found[row.order_id].append(row)
    return [found[i] for i in order_ids]


async def _order_lines(order_ids: list[int]) -> list[tuple[list, list] | None]:
    """Line snapshots `(before, after)` of orders loaded without them."""
    rows = await Order.filter(id__in=set(order_ids)).values_list("id", "lines_before", "lines_after")
    by_id = {order_id: (before, after) for order_id, before, after in rows}
    return [by_id.get(i) for i in order_ids]


async def _pricing(partner_ids: list[int]) -> list[Any]:
    from ..ordering.pricing import load_pricing_many

    contexts = await load_pricing_many(partner_ids)
    return [contexts[partner_id] for partner_id in partner_ids]


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
    order_lines: DataLoader = field(default_factory=lambda: DataLoader(_order_lines))
    pricing: DataLoader = field(default_factory=lambda: DataLoader(_pricing))
    first_pages: dict = field(default_factory=dict)

    def __getattr__(self, name: str) -> DataLoader:
        """`first_orders_<n>`: each customer's newest n+1 orders (one loader per page size)."""
        if not name.startswith("first_orders_"):
            raise AttributeError(name)
        first = int(name.removeprefix("first_orders_"))
        if first not in self.first_pages:
            from .orders import first_order_pages

            self.first_pages[first] = DataLoader(lambda ids: first_order_pages(ids, first))
        return self.first_pages[first]


def then(value: Any, fn: Callable[[Any], Any]) -> Any:
    """`fn(value)`, or an awaitable of it when `value` is still being loaded."""
    if inspect.isawaitable(value):

        async def chain() -> Any:
            return fn(await value)

        return chain()
    return fn(value)


@dataclass
class Context:
    principal: Principal
    settings: Settings
    request: Any = None
    response: Any = None
    loaders: Loaders = field(default_factory=Loaders)
    memo: dict = field(default_factory=dict)

    def cached(self, loader: str, key: Any) -> Any:
        """The value `loader` gives for `key`: at once when primed, else an awaitable.

        Resolvers stay synchronous when the page primed what they need, which spares the
        executor hundreds of coroutines on a page of 50 customers.
        """
        memo_key = (loader, key)
        if memo_key in self.memo:
            return self.memo[memo_key]

        async def load() -> Any:
            value = await getattr(self.loaders, loader).load(key)
            self.memo[memo_key] = value
            return value

        return load()

    async def prime(self, loader: str, keys: Iterable[Any]) -> None:
        """Load `keys` in one batch so later `cached` calls answer at once."""
        wanted = [k for k in dict.fromkeys(keys) if (loader, k) not in self.memo]
        if wanted:
            values = await getattr(self.loaders, loader).load_many(wanted)
            for key, value in zip(wanted, values, strict=True):
                self.memo[(loader, key)] = value

    def partner_id(self) -> int:
        """The caller's partner; reconciliation tokens have none and may not ask partner-only fields."""
        if self.principal.partner_id is None:
            raise forbidden("This field needs a partner user's token.")
        return self.principal.partner_id
