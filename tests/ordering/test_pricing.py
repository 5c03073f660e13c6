"""Contracted prices, lines, eligibility and change options from the demo data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from graphql_portal.models import (
    CustomerStatus,
    Partner,
    PriceListItem,
    PriceListVersion,
    Product,
    ProductKind,
)
from graphql_portal.ordering.pricing import Line, Money, load_pricing
from tests.support.demo import NORTHWIND_PRICES, expected_price

# 10 % off list; ARC-10Y is 2.025 before rounding and rounds half-up to 2.03.
CONTOSO_PRICES = {
    "SEG-ESS": "1.80",
    "SEG-PRO": "3.15",
    "SEG-ENT": "4.50",
    "ARC-STD": "1.35",
    "ARC-10Y": "2.03",
    "CONT-STD": "0.90",
    "ADD-URL": "0.54",
    "ADD-ATT": "0.72",
    "ADD-IMP": "0.45",
    "ADD-DLP": "0.63",
    "ADD-LFS": "0.27",
    "ADD-SAT": "1.08",
    "ADD-SYNC": "0.36",
}


async def pricing_of(name: str, **kwargs):
    partner = await Partner.get(name=name)
    return await load_pricing(partner.id, **kwargs)


def amounts(lines: list[Line]) -> list[tuple[str, str, int, str, str]]:
    return [
        (ln.sku, ln.kind.value, ln.seats, str(ln.unit_price.amount), str(ln.monthly_amount.amount))
        for ln in lines
    ]


async def test_northwind_contracted_prices_match_the_demo_table(db):
    pricing = await pricing_of("Northwind Managed IT")
    assert {sku: str(pricing.unit_price(sku).amount) for sku in NORTHWIND_PRICES} == NORTHWIND_PRICES
    assert {pricing.unit_price(sku).currency for sku in NORTHWIND_PRICES} == {"USD"}
    assert pricing.msa_reference == "MSA-2019-0042"


async def test_contoso_prices_are_ten_percent_off_list_rounded_half_up(db):
    pricing = await pricing_of("Contoso Cyber Services")
    assert {sku: str(pricing.unit_price(sku).amount) for sku in CONTOSO_PRICES} == CONTOSO_PRICES
    # The oracle computed from the demo tables agrees with the literal table.
    assert {sku: str(expected_price("Contoso", sku)) for sku in CONTOSO_PRICES} == CONTOSO_PRICES


async def test_fabrikam_costs_104_a_month(db):
    pricing = await pricing_of("Northwind Managed IT")
    lines = pricing.lines({"ADD-URL", "SEG-ESS"}, 50)
    assert amounts(lines) == [
        ("SEG-ESS", "PRIMARY", 50, "1.60", "80.00"),
        ("ADD-URL", "ADDON", 50, "0.48", "24.00"),
    ]
    assert pricing.monthly_cost(lines) == Money(Decimal("104.00"), "USD")


async def test_litware_legacy_line_is_priced_from_the_2016_list(db):
    pricing = await pricing_of("Northwind Managed IT")
    assert not pricing.in_current_list("LEGACY-S1")
    assert pricing.list_price("LEGACY-S1") == Money(Decimal("1.80"), "USD")
    lines = pricing.lines({"LEGACY-S1"}, 25)
    assert amounts(lines) == [("LEGACY-S1", "PRIMARY", 25, "1.44", "36.00")]
    assert pricing.monthly_cost(lines).amount == Decimal("36.00")


async def test_wide_world_is_priced_at_contoso_prices(db):
    pricing = await pricing_of("Contoso Cyber Services")
    lines = pricing.lines({"SEG-ENT", "ADD-DLP"}, 200)
    assert amounts(lines) == [
        ("SEG-ENT", "PRIMARY", 200, "4.50", "900.00"),
        ("ADD-DLP", "ADDON", 200, "0.63", "126.00"),
    ]
    assert pricing.monthly_cost(lines) == Money(Decimal("1026.00"), "USD")


async def test_eligibility_names_the_suspension_and_the_legacy_sku(db):
    pricing = await pricing_of("Northwind Managed IT")
    assert pricing.eligibility(CustomerStatus.ACTIVE, {"SEG-ESS", "ADD-URL"}).eligible
    suspended = pricing.eligibility(CustomerStatus.SUSPENDED, {"SEG-ESS"})
    assert (suspended.eligible, suspended.reason) == (False, "The customer is suspended.")
    legacy = pricing.eligibility(CustomerStatus.ACTIVE, {"LEGACY-S1"})
    assert legacy.eligible is False
    assert legacy.reason == "LEGACY-S1 (Email Security S1 (legacy)) is not in the current price list."
    assert pricing.eligibility(CustomerStatus.ACTIVE, {"ADD-URL"}).eligible is False


def skus(products) -> list[str]:
    return [p.sku for p in products]


async def test_change_options_of_fabrikam(db):
    pricing = await pricing_of("Northwind Managed IT")
    options = pricing.change_options({"SEG-ESS", "ADD-URL"})
    assert skus(options.add_to) == ["ARC-10Y", "ARC-STD", "CONT-STD"]
    assert [(a.sku, b.sku) for a, b in options.select_new] == [("SEG-ESS", "SEG-ENT"), ("SEG-ESS", "SEG-PRO")]
    # ADD-DLP and ADD-SYNC are not enabled for Northwind; ADD-URL is held.
    assert skus(options.addons) == ["ADD-ATT", "ADD-IMP", "ADD-LFS", "ADD-SAT"]


async def test_change_options_of_tailspin_respect_every_held_primary(db):
    pricing = await pricing_of("Northwind Managed IT")
    options = pricing.change_options({"SEG-PRO", "ARC-STD", "ADD-ATT"})
    # SEG-ENT may sit beside ARC-STD but not beside SEG-PRO; ARC-10Y not beside ARC-STD.
    assert skus(options.add_to) == ["CONT-STD"]
    assert [(a.sku, b.sku) for a, b in options.select_new] == [("ARC-STD", "ARC-10Y"), ("SEG-PRO", "SEG-ENT")]
    assert skus(options.addons) == ["ADD-IMP", "ADD-LFS", "ADD-SAT", "ADD-URL"]


async def test_change_options_of_wide_world_and_litware(db):
    contoso = await pricing_of("Contoso Cyber Services")
    options = contoso.change_options({"SEG-ENT", "ADD-DLP"})
    assert skus(options.add_to) == ["ARC-10Y", "ARC-STD", "CONT-STD"]
    assert options.select_new == []
    assert skus(options.addons) == ["ADD-ATT", "ADD-IMP", "ADD-LFS", "ADD-SAT", "ADD-URL"]
    northwind = await pricing_of("Northwind Managed IT")
    legacy = northwind.change_options({"LEGACY-S1"})
    assert (legacy.add_to, legacy.select_new, legacy.addons) == ([], [], [])


async def test_catalog_lists_the_current_price_list_primaries_first(db):
    pricing = await pricing_of("Northwind Managed IT")
    catalog = pricing.catalog()
    assert [p.product.sku for p in catalog] == [
        "ARC-10Y",
        "ARC-STD",
        "CONT-STD",
        "SEG-ENT",
        "SEG-ESS",
        "SEG-PRO",
        "ADD-ATT",
        "ADD-DLP",
        "ADD-IMP",
        "ADD-LFS",
        "ADD-SAT",
        "ADD-SYNC",
        "ADD-URL",
    ]
    pro = next(p for p in catalog if p.product.sku == "SEG-PRO")
    assert (pro.list_price.amount, pro.contracted_price.amount) == (Decimal("3.50"), Decimal("2.50"))
    assert {p.product.kind for p in catalog[:6]} == {ProductKind.PRIMARY}


async def test_a_future_price_list_applies_from_its_date(db):
    future = await PriceListVersion.create(effective_on=dt.date(2099, 1, 1))
    await PriceListItem.create(
        version=future, product=await Product.get(sku="SEG-ESS"), list_price=Decimal("9.99")
    )
    today = await pricing_of("Northwind Managed IT")
    assert today.unit_price("SEG-ESS").amount == Decimal("1.60")
    later = await pricing_of("Northwind Managed IT", today=dt.date(2099, 1, 1))
    assert later.price_list_version_id == future.id
    assert later.unit_price("SEG-ESS").amount == Decimal("7.99")  # 9.99 less 20 % = 7.992
    # ADD-URL left the list: now a legacy product priced from the 2024 list.
    assert not later.in_current_list("ADD-URL")
    assert later.unit_price("ADD-URL").amount == Decimal("0.48")
    assert [p.product.sku for p in later.catalog()] == ["SEG-ESS"]


def test_money_rounds_half_up_and_refuses_mixed_currencies():
    assert Money(Decimal("2.025"), "USD").amount == Decimal("2.03")
    assert Money(Decimal("1.5"), "USD") + Money(Decimal("0.25"), "USD") == Money(Decimal("1.75"), "USD")
    assert (Money(Decimal("1"), "USD") - Money(Decimal("3"), "USD")).amount == Decimal("-2.00")
    with pytest.raises(ValueError):
        Money(Decimal("1"), "USD") + Money(Decimal("1"), "EUR")


def test_line_snapshot_round_trips():
    line = Line(
        "SEG-PRO",
        "Secure Email Gateway Professional",
        ProductKind.PRIMARY,
        60,
        *(Money(Decimal(a), "USD") for a in ("2.50", "150.00")),
    )
    snapshot = line.to_snapshot()
    assert snapshot == {
        "sku": "SEG-PRO",
        "name": "Secure Email Gateway Professional",
        "kind": "PRIMARY",
        "seats": 60,
        "unit_price": "2.50",
        "monthly_amount": "150.00",
    }
    assert Line.from_snapshot(snapshot, "USD") == line
