"""Orders placed before effective dates existed read as effective on their submit date.

The database is migrated up to the migration before, filled with one order the way that schema
holds it, then migrated to the head: the order reads as applied when submitted, effective on its
(UTC) submit date, with a prorated charge of zero and change lines computed from its snapshots.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from tortoise import Tortoise
from tortoise.context import TortoiseContext

import graphql_portal.migrate as migrate_module
from graphql_portal.db import tortoise_config
from graphql_portal.migrate import migrate
from graphql_portal.models import Order, Review
from graphql_portal.ordering.changes import change_lines, prorated_charge
from graphql_portal.ordering.pricing import Line

MIGRATION = "change_order_dates_references_schedule"
SUBMITTED = dt.datetime(2026, 3, 31, 23, 30, tzinfo=dt.UTC)

BEFORE = [
    {
        "sku": "SEG-ESS",
        "name": "Essentials",
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
AFTER = [
    {
        "sku": "SEG-PRO",
        "name": "Professional",
        "kind": "PRIMARY",
        "seats": 60,
        "unit_price": "2.50",
        "monthly_amount": "150.00",
    },
    {
        "sku": "ADD-IMP",
        "name": "Impersonation",
        "kind": "ADDON",
        "seats": 60,
        "unit_price": "0.40",
        "monthly_amount": "24.00",
    },
    {
        "sku": "ADD-URL",
        "name": "URL Protection",
        "kind": "ADDON",
        "seats": 60,
        "unit_price": "0.48",
        "monthly_amount": "28.80",
    },
]


async def _insert(conn, dialect: str, table: str, row: dict) -> int:
    names = ", ".join(f'"{k}"' for k in row)
    if dialect == "sqlite":
        marks = ", ".join("?" for _ in row)
        values = [
            json.dumps(v) if isinstance(v, list) else v.isoformat() if isinstance(v, dt.datetime) else v
            for v in row.values()
        ]
        await conn.execute_query(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
        return (await conn.execute_query_dict(f'SELECT max("id") AS id FROM "{table}"'))[0]["id"]
    marks = ", ".join(f"${i}" for i in range(1, len(row) + 1))
    values = [json.dumps(v) if isinstance(v, list) else v for v in row.values()]
    rows = await conn.execute_query_dict(
        f'INSERT INTO "{table}" ({names}) VALUES ({marks}) RETURNING "id"', values
    )
    return rows[0]["id"]


async def _seed(url: str, d: str, review_fields: dict | None = None, **order_fields) -> int:
    """One partner, user, customer, price list, review and order, written as the schema of the
    moment holds them (`order_fields` adds columns of the order); returns the review's id."""
    money = str if d == "sqlite" else Decimal
    async with TortoiseContext():
        await Tortoise.init(config=tortoise_config(url))
        conn = Tortoise.get_connection("default")
        partner = await _insert(conn, d, "partner", {"name": "Northwind", "created_at": SUBMITTED})
        user = await _insert(
            conn,
            d,
            "partner_user",
            {
                "name": "Alice",
                "email": "a@x.example",
                "email_key": "a@x.example",
                "role": "ADMIN",
                "created_at": SUBMITTED,
                "partner_id": partner,
                "status": "ACTIVE",
            },
        )
        customer = await _insert(
            conn,
            d,
            "customer",
            {
                "name": "Fabrikam",
                "account_code": "FAB",
                "status": "ACTIVE",
                "seats": 60,
                "version": 2,
                "created_at": SUBMITTED,
                "updated_at": SUBMITTED,
                "partner_id": partner,
            },
        )
        version = await _insert(
            conn,
            d,
            "price_list_version",
            {
                "effective_on": dt.date(2024, 1, 1) if d == "postgres" else "2024-01-01",
                "created_at": SUBMITTED,
            },
        )
        common = {
            "seats_before": 50,
            "seats_after": 60,
            "lines_before": BEFORE,
            "lines_after": AFTER,
            "monthly_cost_before": money("104.00"),
            "monthly_cost_after": money("202.80"),
            "currency": "USD",
            "msa_reference": "MSA-1",
        }
        review = await _insert(
            conn,
            d,
            "review",
            {
                **common,
                "seat_adjustment": 10,
                "primary_mode": "SELECT_NEW",
                "primary_sku": "SEG-PRO",
                "addon_skus": ["ADD-IMP"],
                "customer_version": 1,
                "agreement_revision": 1,
                "created_at": SUBMITTED - dt.timedelta(minutes=5),
                "expires_at": SUBMITTED + dt.timedelta(minutes=25),
                "created_by_id": user,
                "customer_id": customer,
                "implementation_lead_id": user,
                "partner_id": partner,
                "price_list_version_id": version,
                **(review_fields or {}),
            },
        )
        await _insert(
            conn,
            d,
            "change_order",
            {
                **common,
                "status": "COMPLETED",
                "submitted_at": SUBMITTED,
                "updated_at": SUBMITTED,
                "monthly_cost_change": money("98.80"),
                "customer_id": customer,
                "implementation_lead_id": user,
                "partner_id": partner,
                "submitted_by_id": user,
                "review_id": review,
                **order_fields,
            },
        )
    return review


async def test_existing_orders_read_as_effective_on_their_submit_date(empty_db, monkeypatch):
    every = migrate_module.migration_files

    def before(folder):
        """The history up to (not including) the migration under test: later ones build on it."""
        files = every(folder)
        return files[: next(i for i, f in enumerate(files) if MIGRATION in f)]

    monkeypatch.setattr(migrate_module, "migration_files", before)
    await migrate(empty_db.url)
    monkeypatch.undo()

    d = empty_db.dialect
    review = await _seed(empty_db.url, d)
    names = migrate_module.migration_names(d)
    since = next(i for i, n in enumerate(names) if MIGRATION in n)
    assert await migrate(empty_db.url) == names[since:]

    async with TortoiseContext():
        await Tortoise.init(config=tortoise_config(empty_db.url))
        order = await Order.get(review_id=review)
        stored = await Review.get(id=review)
        assert order.effective_on == dt.date(2026, 3, 31)
        assert order.applied_at == SUBMITTED
        assert order.prorated_charge == Decimal("0.00")
        assert (
            order.partner_reference is None and order.cancelled_at is None and order.attention_reason is None
        )
        assert stored.effective_on == dt.date(2026, 3, 31)
        assert stored.prorated_charge == Decimal("0.00")
        changes = change_lines(
            [Line.from_snapshot(x, "USD") for x in order.lines_before],
            [Line.from_snapshot(x, "USD") for x in order.lines_after],
        )
        assert [(c.sku, c.seats, str(c.monthly_amount.amount)) for c in changes] == [
            ("SEG-PRO", 60, "150.00"),
            ("ADD-IMP", 60, "24.00"),
            ("ADD-URL", 10, "4.80"),
            ("SEG-ESS", -50, "-80.00"),
        ]
        assert sum(c.monthly_amount.amount for c in changes) == order.monthly_cost_change
        # Zero by decision for old orders, not by the formula (March 31st would give a share).
        assert prorated_charge(changes, order.effective_on, "USD").amount != order.prorated_charge


async def test_existing_orders_are_found_by_their_reference_in_any_case(empty_db, monkeypatch):
    every = migrate_module.migration_files
    key_migration = "order_reference_key"

    def before(folder):
        files = every(folder)
        return files[: next(i for i, f in enumerate(files) if key_migration in f)]

    monkeypatch.setattr(migrate_module, "migration_files", before)
    await migrate(empty_db.url)
    monkeypatch.undo()
    d = empty_db.dialect
    day = "2026-03-31" if d == "sqlite" else dt.date(2026, 3, 31)
    with_reference = await _seed(
        empty_db.url, d, {"effective_on": day}, effective_on=day, partner_reference=" PO-4711 "
    )
    assert key_migration in (await migrate(empty_db.url))[0]
    async with TortoiseContext():
        await Tortoise.init(config=tortoise_config(empty_db.url))
        order = await Order.get(review_id=with_reference)
        assert (order.partner_reference, order.reference_key) == (" PO-4711 ", "po-4711")
