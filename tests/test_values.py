"""How money reads and how a line snapshot is stored: one definition each, for every channel."""

from __future__ import annotations

from decimal import Decimal

import pytest

from graphql_portal.models import ProductKind
from graphql_portal.models.lines import LineSnapshot
from graphql_portal.money import format_money


@pytest.mark.parametrize(
    ("amount", "currency", "signed", "expected"),
    [
        (Decimal("202.8"), "USD", False, "202.80 USD"),
        ("1234567.5", "EUR", False, "1,234,567.50 EUR"),
        (Decimal("98.80"), "USD", True, "+98.80 USD"),
        (Decimal("-12"), "USD", True, "-12.00 USD"),
        (Decimal("0.00"), "USD", True, "0.00 USD"),
        (Decimal("5"), None, False, "5.00"),
        (None, "USD", False, ""),
    ],
)
def test_format_money(amount, currency, signed, expected):
    assert format_money(amount, currency, signed=signed) == expected


def test_a_line_snapshot_reads_what_reviews_and_orders_store():
    stored = {
        "sku": "SEG-PRO",
        "name": "Secure Email Gateway Professional",
        "kind": "PRIMARY",
        "seats": 60,
        "unit_price": "2.50",
        "monthly_amount": "150.00",
    }
    line = LineSnapshot.from_json(stored)
    assert line == LineSnapshot(
        "SEG-PRO",
        "Secure Email Gateway Professional",
        ProductKind.PRIMARY,
        60,
        Decimal("2.50"),
        Decimal("150.00"),
    )
    assert line.to_json() == stored
