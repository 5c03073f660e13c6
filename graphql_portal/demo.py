"""The demo data set of `spec/demo-data.md`: loaded by `graphql-portal seed-demo`, idempotently.

Each row is looked up by its natural key (SKU, price list date, partner name, email, account
code) and created only when missing, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import Decimal

from tortoise.transactions import in_transaction

from .models import (
    AddonAttachability,
    Agreement,
    ContractedPrice,
    Customer,
    CustomerProduct,
    CustomerStatus,
    EnabledAddon,
    Partner,
    PartnerUser,
    PriceListItem,
    PriceListVersion,
    Product,
    ProductBeside,
    ProductKind,
    ProductSwitch,
    StaffUser,
    UserRole,
)

P, A = ProductKind.PRIMARY, ProductKind.ADDON
SEG = ("SEG-ESS", "SEG-PRO", "SEG-ENT")
ARC = ("ARC-STD", "ARC-10Y")

# sku, name, kind, list price (None: not in the current list), min, max
PRODUCTS = [
    ("SEG-ESS", "Secure Email Gateway Essentials", P, "2.00", 5, 50000),
    ("SEG-PRO", "Secure Email Gateway Professional", P, "3.50", 5, 50000),
    ("SEG-ENT", "Secure Email Gateway Enterprise", P, "5.00", 50, 50000),
    ("ARC-STD", "Cloud Archive", P, "1.50", 5, 50000),
    ("ARC-10Y", "Cloud Archive 10-Year Retention", P, "2.25", 5, 50000),
    ("CONT-STD", "Mailbox Continuity", P, "1.00", 5, 50000),
    ("ADD-URL", "URL Protection", A, "0.60", 1, 50000),
    ("ADD-ATT", "Attachment Sandboxing", A, "0.80", 1, 50000),
    ("ADD-IMP", "Impersonation Protection", A, "0.50", 1, 50000),
    ("ADD-DLP", "Data Leak Prevention", A, "0.70", 1, 50000),
    ("ADD-LFS", "Large File Send", A, "0.30", 1, 50000),
    ("ADD-SAT", "Security Awareness Training", A, "1.20", 1, 50000),
    ("ADD-SYNC", "Sync & Recover", A, "0.40", 1, 50000),
    ("LEGACY-S1", "Email Security S1 (legacy)", P, None, 5, 50000),
]
LEGACY_PRICES = {"LEGACY-S1": "1.80"}
OLD_LIST_DATE = dt.date(2016, 1, 1)
CURRENT_LIST_DATE = dt.date(2024, 1, 1)

SWITCHES = {"SEG-ESS": ("SEG-PRO", "SEG-ENT"), "SEG-PRO": ("SEG-ENT",), "ARC-STD": ("ARC-10Y",)}
BESIDE = {
    **{sku: ("ARC-STD", "ARC-10Y", "CONT-STD") for sku in SEG},
    **{sku: (*SEG, "CONT-STD") for sku in ARC},
    "CONT-STD": (*SEG, *ARC),
}
ALL_PRIMARIES = (*SEG, *ARC, "CONT-STD")
ATTACHES = {
    "ADD-URL": SEG,
    "ADD-ATT": SEG,
    "ADD-IMP": SEG,
    "ADD-DLP": ("SEG-PRO", "SEG-ENT"),
    "ADD-LFS": (*SEG, *ARC),
    "ADD-SAT": ALL_PRIMARIES,
    "ADD-SYNC": ARC,
}
ALL_ADDONS = tuple(ATTACHES)


@dataclass(frozen=True)
class DemoPartner:
    name: str
    msa: str
    discount: str
    contracted: dict
    addons: tuple


PARTNERS = [
    DemoPartner(
        "Northwind Managed IT",
        "MSA-2019-0042",
        "20",
        {"SEG-PRO": "2.50", "ADD-ATT": "0.55"},
        ("ADD-URL", "ADD-ATT", "ADD-IMP", "ADD-LFS", "ADD-SAT"),
    ),
    DemoPartner("Contoso Cyber Services", "MSA-2021-0107", "10", {}, ALL_ADDONS),
]
NORTHWIND, CONTOSO = PARTNERS[0].name, PARTNERS[1].name

USERS = [
    (NORTHWIND, "Alice Admin", "alice@northwind.example", UserRole.ADMIN),
    (NORTHWIND, "Oscar Orders", "oscar@northwind.example", UserRole.ORDERING),
    (NORTHWIND, "Vera Viewer", "vera@northwind.example", UserRole.VIEWER),
    (NORTHWIND, "Lena Lead", "lena@northwind.example", UserRole.ORDERING),
    (CONTOSO, "Carl Contoso", "carl@contoso.example", UserRole.ADMIN),
]

STAFF_EMAIL = "staff@portal.example"


def _customers() -> list[tuple]:
    active, suspended = CustomerStatus.ACTIVE, CustomerStatus.SUSPENDED
    rows = [
        (
            NORTHWIND,
            "Fabrikam Dental",
            "FAB-001",
            active,
            50,
            ("SEG-ESS", "ADD-URL"),
            "lena@northwind.example",
        ),
        (
            NORTHWIND,
            "Tailspin Travel",
            "TAIL-002",
            active,
            120,
            ("SEG-PRO", "ARC-STD", "ADD-ATT"),
            "oscar@northwind.example",
        ),
        (NORTHWIND, "Litware Legal", "LIT-003", active, 25, ("LEGACY-S1",), "lena@northwind.example"),
        (NORTHWIND, "Adventure Works", "ADV-004", suspended, 15, ("SEG-ESS",), "lena@northwind.example"),
    ]
    rows += [
        (
            NORTHWIND,
            f"Sample Customer {n:02d}",
            f"SMP-{n:03d}",
            active,
            10 + n,
            ("SEG-ESS",),
            "oscar@northwind.example",
        )
        for n in range(1, 57)
    ]
    rows.append(
        (
            CONTOSO,
            "Wide World Importers",
            "WWI-001",
            active,
            200,
            ("SEG-ENT", "ADD-DLP"),
            "carl@contoso.example",
        )
    )
    return rows


CUSTOMERS = _customers()


@dataclass
class SeedResult:
    created: int
    staff_password: str | None


async def seed_demo(*, staff_password: str | None = None) -> SeedResult:
    """Load the demo data; returns how many rows were created and the staff password if new."""
    created = 0

    async def get_or_create(model, defaults=None, **keys):
        """Tortoise's get_or_create, counting what it creates."""
        nonlocal created
        obj, was_created = await model.get_or_create(defaults=defaults, **keys)
        created += was_created
        return obj

    async with in_transaction():
        products = {}
        for sku, name, kind, _price, lo, hi in PRODUCTS:
            products[sku] = await get_or_create(
                Product, sku=sku, defaults={"name": name, "kind": kind, "min_seats": lo, "max_seats": hi}
            )
        for source, targets in SWITCHES.items():
            for target in targets:
                await get_or_create(ProductSwitch, source=products[source], target=products[target])
        for sku, others in BESIDE.items():
            for other in others:
                await get_or_create(ProductBeside, product=products[sku], other=products[other])
        for addon, primaries in ATTACHES.items():
            for primary in primaries:
                await get_or_create(AddonAttachability, addon=products[addon], primary=products[primary])

        old = await get_or_create(PriceListVersion, effective_on=OLD_LIST_DATE)
        current = await get_or_create(PriceListVersion, effective_on=CURRENT_LIST_DATE)
        for sku, price in LEGACY_PRICES.items():
            await get_or_create(
                PriceListItem, version=old, product=products[sku], defaults={"list_price": Decimal(price)}
            )
        for sku, _name, _kind, price, _lo, _hi in PRODUCTS:
            if price is not None:
                await get_or_create(
                    PriceListItem,
                    version=current,
                    product=products[sku],
                    defaults={"list_price": Decimal(price)},
                )

        partners = {}
        for p in PARTNERS:
            partner = partners[p.name] = await get_or_create(Partner, name=p.name)
            agreement = await get_or_create(
                Agreement,
                partner=partner,
                defaults={
                    "msa_reference": p.msa,
                    "currency": "USD",
                    "default_discount_percent": Decimal(p.discount),
                },
            )
            for sku, price in p.contracted.items():
                await get_or_create(
                    ContractedPrice,
                    agreement=agreement,
                    product=products[sku],
                    defaults={"unit_price": Decimal(price)},
                )
            for sku in p.addons:
                await get_or_create(EnabledAddon, agreement=agreement, product=products[sku])

        users = {}
        for partner_name, name, email, role in USERS:
            users[email] = await get_or_create(
                PartnerUser,
                email_key=email.lower(),
                defaults={"partner": partners[partner_name], "name": name, "email": email, "role": role},
            )

        for partner_name, name, code, status, seats, holds, lead in CUSTOMERS:
            partner = partners[partner_name]
            customer = await Customer.filter(partner=partner, account_code=code).first()
            if customer is None:
                customer = await Customer.create(
                    partner=partner,
                    name=name,
                    account_code=code,
                    status=status,
                    seats=seats,
                    implementation_lead=users[lead],
                )
                created += 1
                for sku in holds:
                    await CustomerProduct.create(customer=customer, product=products[sku])
                    created += 1

    password = None
    if not await StaffUser.filter(email_key=STAFF_EMAIL).exists():
        from .auth import create_staff_user

        password = staff_password or secrets.token_urlsafe(12)
        await create_staff_user(STAFF_EMAIL, password)
        created += 1
    return SeedResult(created=created, staff_password=password)
