"""Change lines and proration: what a change order changes, line by line, and what the rest of
the month costs.

Change lines are signed lines at contracted prices: a product given up with negative seats, a
held product whose seats change with the seat difference, a new product with its seats. Their
monthly amounts add up to the monthly cost change exactly, since each is the difference of the
matching before and after lines.

Billing months are calendar months. Effective on day d of a month of D days, R = D - d + 1 days
remain; each change line's monthly amount x R / D is rounded half-up (half away from zero) to the
cent, and the prorated charge is their sum. Effective on the 1st it is zero: the next month's bill
carries the new monthly cost.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .pricing import Line, Money


def change_lines(before: Sequence[Line], after: Sequence[Line]) -> list[Line]:
    """The signed differences between two holdings, in the order the spec's example shows them.

    The lines after the change come first in their own order (primaries, then add-ons, by SKU)
    with the difference to before; lines that did not change are left out; products given up
    follow, with negative seats. A held product whose unit price differs between the two sides
    (never within one review, possible between snapshots of another day) is shown as given up at
    its old price and taken at its new one, so every line is seats x a contracted price.
    """
    previous = {line.sku: line for line in before}
    changes: list[Line] = []
    gone: list[Line] = []
    for line in after:
        old = previous.pop(line.sku, None)
        if old is None:
            changes.append(line)
        elif old.unit_price == line.unit_price:
            seats = line.seats - old.seats
            if seats:
                changes.append(_line(line, seats))
        else:
            gone.append(_line(old, -old.seats))
            changes.append(line)
    gone.extend(_line(old, -old.seats) for old in previous.values())
    return changes + gone


def _line(template: Line, seats: int) -> Line:
    return Line(
        template.sku,
        template.name,
        template.kind,
        seats,
        template.unit_price,
        template.unit_price.times(seats),
    )


@dataclass(frozen=True)
class BillingPeriod:
    """The part of a calendar month from the effective date on."""

    days_in_month: int
    days_remaining: int

    @classmethod
    def starting(cls, effective_on: dt.date) -> BillingPeriod:
        days = calendar.monthrange(effective_on.year, effective_on.month)[1]
        return cls(days, days - effective_on.day + 1)

    @property
    def whole_month(self) -> bool:
        """Effective on the 1st: nothing is charged for the month; the next bill carries it all."""
        return self.days_remaining == self.days_in_month


def prorate_amount(amount: Money, period: BillingPeriod) -> Money:
    """`amount` x R / D, rounded half-up to the cent in exact integer arithmetic."""
    if period.whole_month:
        return Money.zero(amount.currency)
    cents = int(amount.amount * 100)
    quotient, remainder = divmod(abs(cents) * period.days_remaining, period.days_in_month)
    if 2 * remainder >= period.days_in_month:
        quotient += 1
    signed = quotient if cents >= 0 else -quotient
    return Money(Decimal(signed) / 100, amount.currency)


def prorated_lines(lines: Iterable[Line], effective_on: dt.date) -> list[Money]:
    """Each change line's share of the rest of the month, in the lines' order."""
    period = BillingPeriod.starting(effective_on)
    return [prorate_amount(line.monthly_amount, period) for line in lines]


def prorated_charge(lines: Sequence[Line], effective_on: dt.date, currency: str) -> Money:
    """The charge for the rest of the effective date's month: the sum of the prorated lines."""
    charge = Money.zero(currency)
    for share in prorated_lines(lines, effective_on):
        charge = charge + share
    return charge
