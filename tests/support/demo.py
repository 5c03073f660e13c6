"""The demo data (spec/demo-data.md) as tests see it: people, figures, and rows looked up by name."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from graphql_portal.auth import Principal
from graphql_portal.demo import LEGACY_PRICES, PARTNERS, PRODUCTS
from graphql_portal.models import Customer, PartnerUser, TokenKind

STAFF_EMAIL = "staff@portal.example"
STAFF_PASSWORD = "staff-password-for-tests"  # the test harness seeds the staff user with it
ALICE = "alice@northwind.example"
SUBMITTER = "oscar@northwind.example"
LEAD = "lena@northwind.example"

# Northwind's contracted unit prices (explicit SEG-PRO and ADD-ATT, else list less 20 %).
NORTHWIND_PRICES = {
    "SEG-ESS": "1.60",
    "SEG-PRO": "2.50",
    "SEG-ENT": "4.00",
    "ARC-STD": "1.20",
    "ARC-10Y": "1.80",
    "CONT-STD": "0.80",
    "ADD-URL": "0.48",
    "ADD-ATT": "0.55",
    "ADD-IMP": "0.40",
    "ADD-DLP": "0.56",
    "ADD-LFS": "0.24",
    "ADD-SAT": "0.96",
    "ADD-SYNC": "0.32",
}

# Fabrikam Dental's worked example: SEG-ESS -> SEG-PRO, + ADD-IMP, seats +10 (104.00 -> 202.80 USD).
FABRIKAM_BEFORE = [
    {
        "sku": "SEG-ESS",
        "name": "Secure Email Gateway Essentials",
        "kind": "PRIMARY",
        "seats": 50,
        "unit_price": "1.60",
        "monthly_amount": "80.00",
    },
    {
        "sku": "ADD-URL",
        "name": "URL Protection",
        "kind": "ADDON",
        "seats": 50,
        "unit_price": "0.48",
        "monthly_amount": "24.00",
    },
]
FABRIKAM_AFTER = [
    {
        "sku": "SEG-PRO",
        "name": "Secure Email Gateway Professional",
        "kind": "PRIMARY",
        "seats": 60,
        "unit_price": "2.50",
        "monthly_amount": "150.00",
    },
    {
        "sku": "ADD-URL",
        "name": "URL Protection",
        "kind": "ADDON",
        "seats": 60,
        "unit_price": "0.48",
        "monthly_amount": "28.80",
    },
    {
        "sku": "ADD-IMP",
        "name": "Impersonation Protection",
        "kind": "ADDON",
        "seats": 60,
        "unit_price": "0.40",
        "monthly_amount": "24.00",
    },
]


async def principal(email: str) -> Principal:
    """The partner user `email` as the API sees a caller with a user token."""
    user = await PartnerUser.get(email_key=email)
    return Principal(kind=TokenKind.PARTNER_USER, token_id=0, user=user)


async def customer(code: str) -> Customer:
    return await Customer.get(account_code=code)


async def user_id(email: str) -> int:
    return (await PartnerUser.get(email_key=email)).id


# An oracle for contracted prices written from the demo data's own tables, not from pricing.py.
_LIST = {sku: Decimal(price) for sku, _n, _k, price, _lo, _hi in PRODUCTS if price is not None}
_LIST.update({sku: Decimal(price) for sku, price in LEGACY_PRICES.items()})


def expected_price(partner_name: str, sku: str) -> Decimal:
    partner = next(p for p in PARTNERS if p.name.startswith(partner_name))
    if sku in partner.contracted:
        return Decimal(partner.contracted[sku])
    factor = (Decimal(100) - Decimal(partner.discount)) / Decimal(100)
    return (_LIST[sku] * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
