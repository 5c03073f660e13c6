"""Change lines and proration: exact sums, rounding per line, and the spec's worked example."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from graphql_portal.clock import FixedClock, today
from graphql_portal.models import Customer, CustomerProduct, Partner, PrimaryProductMode, ProductKind
from graphql_portal.ordering.changes import (
    BillingPeriod,
    change_lines,
    prorated_charge,
    prorated_lines,
)
from graphql_portal.ordering.dates import effective_date
from graphql_portal.ordering.pricing import Line, Money, load_pricing, total
from graphql_portal.ordering.rules import CustomerState, UpgradeRequest, plan_change

P, A = ProductKind.PRIMARY, ProductKind.ADDON
SKUS = [f"P-{i}" for i in range(4)] + [f"A-{i}" for i in range(6)]


def line(sku: str, seats: int, unit: str) -> Line:
    price = Money(Decimal(unit), "USD")
    kind = P if sku.startswith("P") else A
    return Line(sku, sku.lower(), kind, seats, price, price.times(seats))


def as_rows(lines):
    return [(ln.sku, ln.seats, str(ln.unit_price.amount), str(ln.monthly_amount.amount)) for ln in lines]


# The worked example of spec/change-orders.md: Fabrikam Dental, select SEG-PRO new, add ADD-IMP,
# seats +10 (Northwind's contracted prices).
FABRIKAM_BEFORE = [line("SEG-ESS", 50, "1.60"), line("ADD-URL", 50, "0.48")]
FABRIKAM_AFTER = [line("SEG-PRO", 60, "2.50"), line("ADD-IMP", 60, "0.40"), line("ADD-URL", 60, "0.48")]


def test_worked_example_change_lines():
    changes = change_lines(FABRIKAM_BEFORE, FABRIKAM_AFTER)
    assert as_rows(changes) == [
        ("SEG-PRO", 60, "2.50", "150.00"),
        ("ADD-IMP", 60, "0.40", "24.00"),
        ("ADD-URL", 10, "0.48", "4.80"),
        ("SEG-ESS", -50, "1.60", "-80.00"),
    ]
    assert total(changes, "USD") == Money(Decimal("98.80"), "USD")


def test_worked_example_prorated_on_the_16th_of_november():
    changes = change_lines(FABRIKAM_BEFORE, FABRIKAM_AFTER)
    assert BillingPeriod.starting(dt.date(2026, 11, 16)) == BillingPeriod(30, 15)
    shares = prorated_lines(changes, dt.date(2026, 11, 16))
    assert [str(s.amount) for s in shares] == ["75.00", "12.00", "2.40", "-40.00"]
    assert prorated_charge(changes, dt.date(2026, 11, 16), "USD") == Money(Decimal("49.40"), "USD")


async def test_worked_example_from_the_demo_data_with_a_fixed_clock(db):
    """The same figures from the stored prices, the rules and a clock standing on 2026-11-16."""
    clock = FixedClock(dt.datetime(2026, 11, 16, 9, 30, tzinfo=dt.UTC))
    northwind = await Partner.get(name="Northwind Managed IT")
    fabrikam = await Customer.get(account_code="FAB-001")
    pricing = await load_pricing(northwind.id, today=today(clock))
    held = await CustomerProduct.filter(customer_id=fabrikam.id).values_list("product__sku", flat=True)
    state = CustomerState(fabrikam.status, fabrikam.seats, frozenset(held), fabrikam.implementation_lead_id)
    request = UpgradeRequest(
        customer_id=fabrikam.id,
        implementation_lead_id=fabrikam.implementation_lead_id,
        seat_adjustment=10,
        mode=PrimaryProductMode.SELECT_NEW,
        sku="SEG-PRO",
        addon_skus=("ADD-IMP",),
    )
    plan, errors = plan_change(pricing, state, request)
    assert errors == []
    effective_on, date_errors = effective_date(None, today(clock), request.seat_adjustment)
    assert (effective_on, date_errors) == (dt.date(2026, 11, 16), [])
    changes = change_lines(plan.lines_before, plan.lines_after)
    assert [(c.sku, str(c.monthly_amount.amount)) for c in changes] == [
        ("SEG-PRO", "150.00"),
        ("ADD-IMP", "24.00"),
        ("ADD-URL", "4.80"),
        ("SEG-ESS", "-80.00"),
    ]
    assert total(changes, "USD") == plan.cost_change == Money(Decimal("98.80"), "USD")
    assert str(prorated_charge(changes, effective_on, "USD").amount) == "49.40"


def test_unchanged_lines_are_left_out_and_a_lead_change_has_none():
    before = [line("P-0", 20, "1.00"), line("A-0", 20, "0.50")]
    assert change_lines(before, before) == []
    after = [line("P-0", 20, "1.00"), line("A-0", 20, "0.50"), line("A-1", 20, "0.25")]
    assert as_rows(change_lines(before, after)) == [("A-1", 20, "0.25", "5.00")]


def test_a_seat_decrease_gives_negative_lines():
    before = [line("P-0", 20, "1.00"), line("A-0", 20, "0.50")]
    after = [line("P-0", 15, "1.00"), line("A-0", 15, "0.50")]
    assert as_rows(change_lines(before, after)) == [
        ("P-0", -5, "1.00", "-5.00"),
        ("A-0", -5, "0.50", "-2.50"),
    ]


def test_a_repriced_product_is_given_up_at_the_old_price_and_taken_at_the_new():
    before = [line("P-0", 20, "1.00")]
    after = [line("P-0", 20, "1.10")]
    assert as_rows(change_lines(before, after)) == [
        ("P-0", 20, "1.10", "22.00"),
        ("P-0", -20, "1.00", "-20.00"),
    ]


def test_proration_rounds_each_line_half_up_away_from_zero():
    # 0.45 x 15 / 30 = 0.225 -> 0.23; -0.45 likewise -> -0.23; 0.01 x 15 / 30 = 0.005 -> 0.01.
    lines = [line("P-0", 1, "0.45"), line("A-0", -1, "0.45"), line("A-1", 1, "0.01")]
    shares = prorated_lines(lines, dt.date(2026, 11, 16))
    assert [str(s.amount) for s in shares] == ["0.23", "-0.23", "0.01"]
    # Per line: 0.005 -> 0.01 twice, 0.02; rounding the sum instead would give 0.02 x 15 / 30 = 0.01.
    two = [line("A-0", 1, "0.01"), line("A-1", 1, "0.01")]
    assert str(prorated_charge(two, dt.date(2026, 11, 16), "USD").amount) == "0.02"


# -- properties -------------------------------------------------------------------------------------

unit_prices = st.integers(1, 2000).map(lambda cents: Decimal(cents) / 100)


@st.composite
def holdings(draw, seats=None):
    """A holding: some SKUs with one seat count and a price each, in the pricing order."""
    skus = draw(st.lists(st.sampled_from(SKUS), min_size=1, max_size=6, unique=True))
    seats = seats if seats is not None else draw(st.integers(1, 50000))
    return [line(sku, seats, str(draw(unit_prices))) for sku in sorted(skus, key=lambda s: (s[0] != "P", s))]


@st.composite
def changes_of_one_customer(draw):
    """Before and after of one customer on one day: a product keeps its contracted price."""
    prices = {sku: str(draw(unit_prices)) for sku in SKUS}
    seats_before = draw(st.integers(1, 50000))
    seats_after = draw(st.integers(1, 50000))
    before = draw(st.lists(st.sampled_from(SKUS), min_size=1, max_size=6, unique=True))
    after = draw(st.lists(st.sampled_from(SKUS), min_size=1, max_size=6, unique=True))

    def priced(skus, seats):
        return [line(sku, seats, prices[sku]) for sku in sorted(skus, key=lambda s: (s[0] != "P", s))]

    return priced(before, seats_before), priced(after, seats_after)


effective_dates = st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31))


def cost(lines):
    return sum((ln.monthly_amount.amount for ln in lines), Decimal(0))


def half_up(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@given(changes_of_one_customer())
def test_change_lines_add_up_to_the_cost_change(change):
    before, after = change
    changes = change_lines(before, after)
    assert cost(changes) == cost(after) - cost(before)
    for ln in changes:
        assert ln.seats != 0
        assert ln.monthly_amount.amount == ln.unit_price.amount * ln.seats


@given(holdings(), holdings())
def test_change_lines_add_up_even_when_prices_moved(before, after):
    assert cost(change_lines(before, after)) == cost(after) - cost(before)


@given(changes_of_one_customer(), effective_dates.filter(lambda d: d.day == 1))
def test_proration_is_zero_on_the_first_of_a_month(change, effective_on):
    changes = change_lines(*change)
    assert prorated_charge(changes, effective_on, "USD") == Money.zero("USD")


@given(changes_of_one_customer(), effective_dates)
def test_proration_rounds_each_line_half_up_and_sums(change, effective_on):
    changes = change_lines(*change)
    period = BillingPeriod.starting(effective_on)
    expected = [
        Decimal(0)
        if effective_on.day == 1
        else half_up(ln.monthly_amount.amount * period.days_remaining / period.days_in_month)
        for ln in changes
    ]
    shares = prorated_lines(changes, effective_on)
    assert [s.amount for s in shares] == expected
    assert prorated_charge(changes, effective_on, "USD").amount == sum(expected, Decimal(0))


@st.composite
def one_sided_changes(draw):
    """A seat decrease (every line negative) or an increase without a replaced product (every line positive)."""
    before, after = draw(changes_of_one_customer())
    if draw(st.booleans()):
        seats = before[0].seats
        return before, [line(ln.sku, draw(st.integers(1, seats)), str(ln.unit_price.amount)) for ln in before]
    skus_after = {ln.sku for ln in before} | {ln.sku for ln in after}
    prices = {ln.sku: str(ln.unit_price.amount) for ln in [*after, *before]}
    seats = before[0].seats + draw(st.integers(0, 1000))
    return before, [
        line(sku, seats, prices[sku]) for sku in sorted(skus_after, key=lambda s: (s[0] != "P", s))
    ]


@given(one_sided_changes(), effective_dates)
def test_proration_is_never_larger_in_size_than_the_monthly_change(change, effective_on):
    changes = change_lines(*change)
    charge = prorated_charge(changes, effective_on, "USD").amount
    monthly = cost(changes)
    assert abs(charge) <= abs(monthly)
    assert charge == 0 or (charge > 0) == (monthly > 0)


@given(changes_of_one_customer(), effective_dates)
def test_each_line_is_never_larger_in_size_than_its_monthly_amount(change, effective_on):
    changes = change_lines(*change)
    for ln, share in zip(changes, prorated_lines(changes, effective_on), strict=True):
        assert abs(share.amount) <= abs(ln.monthly_amount.amount)


@given(one_sided_changes(), st.integers(2024, 2030), st.integers(1, 12), st.data())
def test_proration_grows_with_the_days_remaining(change, year, month, data):
    changes = change_lines(*change)
    last = BillingPeriod.starting(dt.date(year, month, 1)).days_in_month
    later, earlier = sorted(data.draw(st.lists(st.integers(2, last), min_size=2, max_size=2)), reverse=True)
    late = abs(prorated_charge(changes, dt.date(year, month, later), "USD").amount)
    early = abs(prorated_charge(changes, dt.date(year, month, earlier), "USD").amount)
    assert early >= late
    for ln_early, ln_late in zip(
        prorated_lines(changes, dt.date(year, month, earlier)),
        prorated_lines(changes, dt.date(year, month, later)),
        strict=True,
    ):
        assert abs(ln_early.amount) >= abs(ln_late.amount)
