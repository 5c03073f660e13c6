"""Rows read without model instances hold exactly what the models hold, on both databases."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from graphql_portal.models import (
    Attachment,
    Customer,
    CustomerStatus,
    Order,
    OrderStatus,
    PartnerUser,
    UserRole,
    UserStatus,
)
from graphql_portal.models.rows import (
    CUSTOMER_COLUMNS,
    ORDER_COLUMNS,
    ORDER_SUMMARY_COLUMNS,
    OrderRow,
    customer_rows,
    customers_by_id,
    fetch_values,
    held_skus,
    live_token,
    order_rows,
    users_by_id,
)
from graphql_portal.resolvers.loaders import AttachmentRow
from tests.support.orders import make_completed_order, write_fabrikam_order


def same(row_value, model_value) -> bool:
    """Equal, of the same class, and for datetimes the same instant and UTC offset."""
    if isinstance(model_value, dt.datetime):
        return (
            isinstance(row_value, dt.datetime)
            and row_value == model_value
            and row_value.utcoffset() == model_value.utcoffset() == dt.timedelta(0)
            and row_value.isoformat() == model_value.isoformat()
        )
    if isinstance(model_value, Decimal):
        return isinstance(row_value, Decimal) and str(row_value) == str(model_value)
    return type(row_value) is type(model_value) and row_value == model_value


async def test_order_rows_hold_what_order_models_hold(db):
    await write_fabrikam_order()
    await write_fabrikam_order(account_code="FAB-001")
    models = await Order.all().order_by("id")
    assert len(models) >= 2
    rows = await order_rows(Order.all().order_by("id"))
    summaries = await order_rows(Order.all().order_by("id"), snapshots=False)
    assert [r.id for r in rows] == [r.id for r in summaries] == [m.id for m in models]
    for model, row, summary in zip(models, rows, summaries, strict=True):
        for name in ORDER_COLUMNS:
            assert same(getattr(row, name), getattr(model, name)), (name, getattr(row, name))
        for name in ORDER_SUMMARY_COLUMNS:
            assert same(getattr(summary, name), getattr(model, name)), name
        assert summary.lines_before is None and summary.lines_after is None
        assert row.number == model.number
        assert row.status is model.status and isinstance(row.status, OrderStatus)


async def test_customer_and_user_rows_hold_what_their_models_hold(db):
    customers = await Customer.all().order_by("name", "id")
    rows = await customer_rows(Customer.all().order_by("name", "id"))
    assert len(rows) == len(customers) > 3
    for model, row in zip(customers, rows, strict=True):
        assert all(same(getattr(row, name), getattr(model, name)) for name in CUSTOMER_COLUMNS), row
        assert isinstance(row.status, CustomerStatus)
    by_id = await customers_by_id([customers[2].id, customers[0].id, 2**31 - 1])
    assert sorted(by_id) == sorted([rows[0], rows[2]])

    users = await PartnerUser.all().order_by("id")
    found = {row.id: row for row in await users_by_id(u.id for u in users)}
    for user in users:
        row = found[user.id]
        assert (row.partner_id, row.name, row.email) == (user.partner_id, user.name, user.email)
        assert row.role is user.role and isinstance(row.role, UserRole)
        assert row.status is user.status and isinstance(row.status, UserStatus)
    assert await users_by_id([]) == []


async def test_attachments_and_holdings_read_as_rows(db):
    customer = await Customer.get(account_code="FAB-001")
    await make_completed_order(customer)
    models = await Attachment.filter(customer_id=customer.id).order_by("id")
    assert models
    rows = [
        AttachmentRow(*values)
        for values in await fetch_values(
            Attachment.filter(customer_id=customer.id).order_by("id"), AttachmentRow._fields
        )
    ]
    for model, row in zip(models, rows, strict=True):
        assert all(same(getattr(row, name), getattr(model, name)) for name in AttachmentRow._fields), row

    held = await customer.holdings.all().prefetch_related("product")
    assert sorted(await held_skus([customer.id])) == sorted((customer.id, h.product.sku) for h in held)
    assert await held_skus([]) == []


async def test_a_live_token_reads_its_user_as_the_orm_does(db):
    from graphql_portal.auth import create_reconciliation_token, create_user_token, hash_token, revoke_token
    from graphql_portal.models import ApiToken

    issued = await create_user_token("alice@northwind.example", name="rows")
    record = await ApiToken.get(token_hash=hash_token(issued.token)).select_related("user")
    token_id, kind, last_used_at, user = await live_token(hash_token(issued.token))
    assert (token_id, kind, last_used_at) == (record.id, record.kind, record.last_used_at)
    assert isinstance(user, PartnerUser) and user.id == record.user.id
    for name in PartnerUser._meta.fields_db_projection:
        assert same(getattr(user, name), getattr(record.user, name)), name

    job = await create_reconciliation_token("rows")
    assert (await live_token(hash_token(job.token)))[3] is None
    await revoke_token(issued.prefix)
    assert await live_token(hash_token(issued.token)) is None
    assert await live_token("0" * 64) is None


async def test_partner_rows_carry_their_agreements_terms(db):
    from graphql_portal.models import Agreement
    from graphql_portal.models.rows import PartnerRow, partners_by_id

    agreements = await Agreement.all().select_related("partner")
    assert len(agreements) >= 2
    rows = {row.id: row for row in await partners_by_id([a.partner_id for a in agreements] + [2**31 - 1])}
    assert rows == {
        a.partner_id: PartnerRow(a.partner_id, a.partner.name, a.msa_reference, a.currency)
        for a in agreements
    }
    assert await partners_by_id([]) == []


def test_a_listed_order_row_holds_its_columns_in_their_fields_and_nothing_else():
    from graphql_portal.resolvers.loaders import LISTED_ORDER_COLUMNS, _listed_order

    values = [object() for _ in LISTED_ORDER_COLUMNS]
    row = _listed_order(values)
    for name in OrderRow._fields:
        expected = values[LISTED_ORDER_COLUMNS.index(name)] if name in LISTED_ORDER_COLUMNS else None
        assert getattr(row, name) is expected, name
