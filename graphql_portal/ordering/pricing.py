"""Contracted prices, product lines and the change options of one partner's customers.

`load_pricing` reads everything needed to price any customer of one partner with a fixed number
of queries; the methods of `PricingContext` then do no I/O, so a page of customers costs the same
queries as one.
"""

from __future__ import annotations

import datetime as dt
import time
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from tortoise import connections

from ..models import (
    AddonAttachability,
    CustomerStatus,
    PriceListItem,
    PriceListVersion,
    Product,
    ProductBeside,
    ProductKind,
    ProductSwitch,
)
from ..models.lines import LineSnapshot
from ..models.rows import agreement_terms

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


class PricingError(LookupError):
    """Pricing is impossible because reference data is missing (a data bug, not a user mistake)."""


@dataclass(frozen=True)
class Money:
    """An amount in one currency, always held to the cent."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "amount", Decimal(self.amount).quantize(CENT, rounding=ROUND_HALF_UP))

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(Decimal(0), currency)

    def _same_currency(self, other: Money) -> None:
        if not isinstance(other, Money) or other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {getattr(other, 'currency', other)!r}")

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount - other.amount, self.currency)

    def times(self, count: int) -> Money:
        """The amount for `count` units (seats); exact, since the unit amount is in cents."""
        return Money(self.amount * count, self.currency)

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


@dataclass(frozen=True)
class Line:
    """One product a customer holds (or will hold), licensed for all its seats."""

    sku: str
    name: str
    kind: ProductKind
    seats: int
    unit_price: Money
    monthly_amount: Money

    def snapshot(self) -> LineSnapshot:
        """The line as reviews and orders store it (see `models.lines`)."""
        return LineSnapshot(
            self.sku, self.name, self.kind, self.seats, self.unit_price.amount, self.monthly_amount.amount
        )

    def to_snapshot(self) -> dict:
        """The JSON form stored on reviews and orders."""
        return self.snapshot().to_json()

    @classmethod
    def of_snapshot(cls, line: LineSnapshot, currency: str) -> Line:
        return cls(
            line.sku,
            line.name,
            line.kind,
            line.seats,
            Money(line.unit_price, currency),
            Money(line.monthly_amount, currency),
        )

    @classmethod
    def from_snapshot(cls, data: dict, currency: str) -> Line:
        """A line from the JSON form stored on reviews and orders."""
        return cls.of_snapshot(LineSnapshot.from_json(data), currency)


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str | None = None


@dataclass(frozen=True)
class PricedHoldings:
    """What a customer holds, priced: its lines, their monthly cost, and whether it may be ordered for."""

    lines: list[Line]
    monthly_cost: Money
    eligibility: Eligibility


@dataclass(frozen=True)
class ChangeOptions:
    """What the change options of a customer offer (see the contract's `ChangeOptions`)."""

    add_to: list[Product]
    select_new: list[tuple[Product, Product]]
    addons: list[Product]


@dataclass(frozen=True)
class PricedProduct:
    product: Product
    list_price: Money
    contracted_price: Money


def total(lines: Iterable[Line], currency: str) -> Money:
    """The sum of the lines' monthly amounts (signed for change lines), in `currency`."""
    amount = Money.zero(currency)
    for line in lines:
        amount = amount + line.monthly_amount
    return amount


def _line_order(product: Product) -> tuple[int, str]:
    """Primaries before add-ons, each by SKU."""
    return (0 if product.kind is ProductKind.PRIMARY else 1, product.sku)


@dataclass
class PricingContext:
    """Prices and product rules of one partner on one day; every method is free of I/O."""

    partner_id: int
    currency: str
    msa_reference: str
    agreement_revision: int
    default_discount_percent: Decimal
    price_list_version_id: int | None
    price_list_effective_on: dt.date | None
    products: dict[str, Product]
    current_prices: dict[str, Decimal]
    legacy_prices: dict[str, Decimal]
    contracted_prices: dict[str, Decimal]
    enabled_addons: frozenset[str]
    switches: dict[str, frozenset[str]]
    beside: dict[str, frozenset[str]]
    attaches_to: dict[str, frozenset[str]]
    _by_id: dict[int, Product] = field(default_factory=dict, repr=False)
    _unit_prices: dict[str, Money] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id = {p.id: p for p in self.products.values()}

    # -- products -------------------------------------------------------------------------------
    def product(self, sku: str) -> Product | None:
        return self.products.get(sku) if isinstance(sku, str) else None

    def product_by_id(self, product_id: int) -> Product | None:
        return self._by_id.get(product_id)

    def in_current_list(self, sku: str) -> bool:
        return sku in self.current_prices

    def is_primary(self, sku: str) -> bool:
        product = self.product(sku)
        return product is not None and product.kind is ProductKind.PRIMARY

    def is_addon(self, sku: str) -> bool:
        product = self.product(sku)
        return product is not None and product.kind is ProductKind.ADDON

    # -- prices ---------------------------------------------------------------------------------
    def list_price(self, sku: str) -> Money | None:
        """The list price a contracted price derives from.

        The current list price; for a product missing from the current list, the price in the
        newest older version that has it (a legacy product); None when no version lists it.
        """
        price = self.current_prices.get(sku, self.legacy_prices.get(sku))
        return None if price is None else Money(price, self.currency)

    def unit_price(self, sku: str) -> Money:
        """The contracted unit price: the explicit one, else the list price less the default discount."""
        found = self._unit_prices.get(sku)
        if found is None:
            found = self._unit_prices[sku] = self._unit_price(sku)
        return found

    def _unit_price(self, sku: str) -> Money:
        explicit = self.contracted_prices.get(sku)
        if explicit is not None:
            return Money(explicit, self.currency)
        listed = self.list_price(sku)
        if listed is None:
            raise PricingError(f"{sku} has no contracted price and is in no price list")
        factor = (HUNDRED - self.default_discount_percent) / HUNDRED
        return Money(listed.amount * factor, self.currency)

    def lines(self, skus_held: Iterable[str], seats: int) -> list[Line]:
        """The priced lines of a holding: primaries first, then add-ons, each by SKU."""
        products = []
        for sku in set(skus_held):
            product = self.products.get(sku)
            if product is None:
                raise PricingError(f"unknown product {sku}")
            products.append(product)
        lines = []
        for product in sorted(products, key=_line_order):
            unit = self.unit_price(product.sku)
            lines.append(Line(product.sku, product.name, product.kind, seats, unit, unit.times(seats)))
        return lines

    def monthly_cost(self, lines: Iterable[Line]) -> Money:
        return total(lines, self.currency)

    def price_holdings(
        self, customer_status: CustomerStatus, seats: int, skus_held: Iterable[str]
    ) -> PricedHoldings:
        """A customer's holdings as every channel shows them (API, admin, portal)."""
        skus = list(skus_held)
        lines = self.lines(skus, seats)
        return PricedHoldings(lines, self.monthly_cost(lines), self.eligibility(customer_status, skus))

    def catalog(self) -> list[PricedProduct]:
        """The products of the current price list with list and contracted price."""
        products = sorted((self.products[sku] for sku in self.current_prices), key=_line_order)
        return [
            PricedProduct(p, Money(self.current_prices[p.sku], self.currency), self.unit_price(p.sku))
            for p in products
        ]

    # -- rules ----------------------------------------------------------------------------------
    def primaries(self, skus: Iterable[str]) -> list[str]:
        return sorted(sku for sku in skus if self.is_primary(sku))

    def eligibility(self, customer_status: CustomerStatus, skus_held: Iterable[str]) -> Eligibility:
        """Whether the customer can be ordered for; the reason names the suspension or the legacy SKU."""
        if customer_status is not CustomerStatus.ACTIVE:
            return Eligibility(False, "The customer is suspended.")
        if self.price_list_version_id is None:
            return Eligibility(False, "There is no current price list.")
        primaries = self.primaries(skus_held)
        if not primaries:
            return Eligibility(False, "The customer holds no primary product.")
        legacy = [sku for sku in primaries if not self.in_current_list(sku)]
        if legacy:
            named = ", ".join(f"{sku} ({self.products[sku].name})" for sku in legacy)
            return Eligibility(False, f"{named} is not in the current price list.")
        return Eligibility(True, None)

    def allowed_beside(self, candidate: str, primaries: Iterable[str]) -> bool:
        """Whether the primary `candidate` may be held beside every one of `primaries`.

        Every held primary must allow it: the beside lists keep one product of each family
        (gateway, archive, continuity), so two gateway tiers never end up side by side.
        """
        return all(candidate in self.beside.get(held, frozenset()) for held in primaries)

    def orderable_primary(self, sku: str) -> bool:
        return self.is_primary(sku) and self.in_current_list(sku)

    def orderable_addon(self, sku: str) -> bool:
        return self.is_addon(sku) and self.in_current_list(sku)

    def attachable(self, addon: str, primaries: Iterable[str]) -> bool:
        """Whether the add-on can be attached to at least one of `primaries`."""
        targets = self.attaches_to.get(addon, frozenset())
        return any(primary in targets for primary in primaries)

    def change_options(self, skus_held: Iterable[str]) -> ChangeOptions:
        held = set(skus_held)
        primaries = self.primaries(held)
        add_to = [
            self.products[sku]
            for sku in sorted(self.current_prices)
            if self.orderable_primary(sku) and sku not in held and self.allowed_beside(sku, primaries)
        ]
        select_new = []
        for source in primaries:
            others = [p for p in primaries if p != source]
            for target in sorted(self.switches.get(source, frozenset())):
                if (
                    self.orderable_primary(target)
                    and target not in held
                    and self.allowed_beside(target, others)
                ):
                    select_new.append((self.products[source], self.products[target]))
        addons = [
            self.products[sku]
            for sku in sorted(self.enabled_addons)
            if self.orderable_addon(sku) and sku not in held and self.attachable(sku, primaries)
        ]
        return ChangeOptions(add_to=add_to, select_new=select_new, addons=addons)


def _group(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    grouped: dict[str, set[str]] = {}
    for key, value in pairs:
        grouped.setdefault(key, set()).add(value)
    return {key: frozenset(values) for key, values in grouped.items()}


@dataclass(frozen=True)
class Catalog:
    """What is the same for every partner on a day: products, their rules and list prices."""

    price_list_version_id: int | None
    price_list_effective_on: dt.date | None
    products: dict[str, Product]
    by_id: dict[int, Product]
    current_prices: dict[str, Decimal]
    legacy_prices: dict[str, Decimal]
    switches: dict[str, frozenset[str]]
    beside: dict[str, frozenset[str]]
    attaches_to: dict[str, frozenset[str]]


# The catalog changes only with a deployment or a new price list, and is read on every page and
# review, so each process keeps it for a minute. Submit always reads it afresh: a review priced
# from an older catalog then differs from the re-check and is refused as REVIEW_STALE.
CATALOG_TTL_SECONDS = 60.0
# Keyed by the database client, so a process that switches databases (tests) never mixes them.
_catalogs: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def forget_catalog() -> None:
    """Drop the cached catalogs (after changing products or price lists in this process)."""
    _catalogs.clear()


async def load_catalog(today: dt.date, *, fresh: bool = False) -> Catalog:
    client = connections.get("default")
    cached = _catalogs.get(client, {}).get(today)
    if not fresh and cached is not None and time.monotonic() - cached[0] < CATALOG_TTL_SECONDS:
        return cached[1]
    current = await PriceListVersion.filter(effective_on__lte=today).order_by("-effective_on").first()
    products = await Product.all()
    by_id = {p.id: p for p in products}

    # All versions up to today in one query; newest first, so the first price seen per product
    # is the one that applies (current, or for a legacy product its newest older listing).
    items = await PriceListItem.filter(version__effective_on__lte=today).values_list(
        "product_id", "list_price", "version_id", "version__effective_on"
    )
    current_prices: dict[str, Decimal] = {}
    legacy_prices: dict[str, Decimal] = {}
    for product_id, price, version_id, _effective_on in sorted(items, key=lambda row: row[3], reverse=True):
        sku = by_id[product_id].sku
        if current is not None and version_id == current.id:
            current_prices[sku] = Decimal(price)
        elif sku not in legacy_prices:
            legacy_prices[sku] = Decimal(price)
    for sku in current_prices:
        legacy_prices.pop(sku, None)

    switches = await ProductSwitch.all().values_list("source_id", "target_id")
    beside = await ProductBeside.all().values_list("product_id", "other_id")
    attaches = await AddonAttachability.all().values_list("addon_id", "primary_id")

    def skus(pairs):
        return ((by_id[a].sku, by_id[b].sku) for a, b in pairs)

    catalog = Catalog(
        price_list_version_id=current.id if current else None,
        price_list_effective_on=current.effective_on if current else None,
        products={p.sku: p for p in products},
        by_id=by_id,
        current_prices=current_prices,
        legacy_prices=legacy_prices,
        switches=_group(skus(switches)),
        beside=_group(skus(beside)),
        attaches_to=_group(skus(attaches)),
    )
    _catalogs[client] = {today: (time.monotonic(), catalog)}
    return catalog


async def load_pricing(
    partner_id: int, *, today: dt.date | None = None, fresh: bool = False
) -> PricingContext:
    """Everything needed to price any customer of the partner, in a fixed number of queries."""
    return (await load_pricing_many([partner_id], today=today, fresh=fresh))[partner_id]


async def load_pricing_many(
    partner_ids: Iterable[int], *, today: dt.date | None = None, fresh: bool = False
) -> dict[int, PricingContext]:
    """The pricing of several partners in the same fixed number of queries as one.

    `fresh` reads the catalog from the database instead of the process's one-minute copy.
    """
    partner_ids = list(dict.fromkeys(partner_ids))
    today = today or dt.datetime.now(dt.UTC).date()
    agreements: dict[int, _Terms] = {}
    for (
        partner_id,
        agreement_id,
        currency,
        msa,
        revision,
        discount,
        product_id,
        price,
        enabled,
    ) in await agreement_terms(partner_ids):
        terms = agreements.get(partner_id)
        if terms is None:
            terms = agreements[partner_id] = _Terms(agreement_id, currency, msa, revision, Decimal(discount))
        if product_id is not None:
            if enabled:
                terms.enabled.append(product_id)
            else:
                terms.contracted.append((product_id, price))
    missing = [pid for pid in partner_ids if pid not in agreements]
    if missing:
        raise PricingError(f"partner {missing[0]} has no agreement")
    catalog = await load_catalog(today, fresh=fresh)
    by_id = catalog.by_id

    shared = {
        "price_list_version_id": catalog.price_list_version_id,
        "price_list_effective_on": catalog.price_list_effective_on,
        "products": catalog.products,
        "current_prices": catalog.current_prices,
        "legacy_prices": catalog.legacy_prices,
        "switches": catalog.switches,
        "beside": catalog.beside,
        "attaches_to": catalog.attaches_to,
    }
    return {
        pid: PricingContext(
            partner_id=pid,
            currency=agreements[pid].currency,
            msa_reference=agreements[pid].msa_reference,
            agreement_revision=agreements[pid].revision,
            default_discount_percent=agreements[pid].default_discount_percent,
            contracted_prices={by_id[p].sku: Decimal(price) for p, price in agreements[pid].contracted},
            enabled_addons=frozenset(by_id[p].sku for p in agreements[pid].enabled),
            **shared,
        )
        for pid in partner_ids
    }


@dataclass
class _Terms:
    """A partner's agreement as `load_pricing_many` reads it."""

    id: int
    currency: str
    msa_reference: str
    revision: int
    default_discount_percent: Decimal
    contracted: list[tuple[int, Decimal]] = field(default_factory=list)
    enabled: list[int] = field(default_factory=list)
