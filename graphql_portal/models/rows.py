"""Rows read without model instances: what the API's hot lists read.

A page of 500 orders built as Tortoise models costs several times the statement itself (each
instance, each field's conversion); these lists read the same columns as plain tuples, decoded as
the models' fields decode them, into light named tuples that the API's types read like models.

On PostgreSQL, asyncpg already returns what the models hold for every column but JSON and
enums (aware UTC datetimes, `Decimal`s of the column's scale, dates, ints and text), so only those
are converted; on SQLite every column goes through its field's own conversion, as Tortoise does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from tortoise import connections, fields
from tortoise.queryset import QuerySet

from .customers import Customer
from .enums import CustomerStatus, OrderStatus
from .orders import order_number

# Field classes whose values asyncpg returns exactly as the model holds them.
_NATIVE_ON_POSTGRES = (
    fields.IntField,
    fields.CharField,
    fields.TextField,
    fields.DecimalField,
    fields.DatetimeField,
    fields.DateField,
    fields.BooleanField,
)
_IS_ENUM = (fields.data.CharEnumFieldInstance, fields.data.IntEnumFieldInstance)

Converting = list[tuple[int, Callable[[Any], Any]]]


def _decoder(model: type, name: str, dialect: str) -> Callable[[Any], Any] | None:
    """How to turn the column `name` of `model` as read into the model's value (None: as read)."""
    field = model._meta.fields_map[name]
    if dialect == "postgres" and isinstance(field, _NATIVE_ON_POSTGRES) and not isinstance(field, _IS_ENUM):
        return None
    return field.to_python_value


def dialect() -> str:
    return connections.get("default").capabilities.dialect


def decoders(model: type, names: Sequence[str]) -> Converting:
    """`(position, decoder)` of the columns that need converting, for the current database."""
    found = []
    kind = dialect()
    for i, name in enumerate(names):
        decode = _decoder(model, name, kind)
        if decode is not None:
            found.append((i, decode))
    return found


def decode_rows(rows: Sequence[Sequence[Any]], converting: Converting) -> list[list]:
    """Each row as a list of the models' values (`converting` from `decoders`)."""
    out = []
    for row in rows:
        values = list(row)
        for i, decode in converting:
            value = values[i]
            if value is not None:
                values[i] = decode(value)
        out.append(values)
    return out


async def fetch_values(query: QuerySet, names: Sequence[str]) -> list[list]:
    """The rows of `query` as lists of the columns `names` (in that order), decoded as the model's
    fields decode them: `query.values_list(*names)` without Tortoise's per-value conversions
    where the driver's values are already the model's. One statement."""
    values = query.values_list(*names)
    values._choose_db_if_not_chosen()
    values._make_query()
    sql, params = values.query.get_parameterized_sql()
    _, rows = await values._db.execute_query(sql, params)
    return decode_rows(rows, decoders(query.model, names))


async def fetch_sql(model: type, sql: str, params: list, names: Sequence[str]) -> list[list]:
    """The rows of a hand-written statement selecting the columns `names` of `model`, in order."""
    _, rows = await connections.get("default").execute_query(sql, params)
    return decode_rows(rows, decoders(model, names))


async def fetch_by_id(model: type, names: Sequence[str], ids: Iterable[int]) -> list[list]:
    """The rows of `model` with these ids (any order), as lists of the columns `names`."""
    ids = list(ids)
    if not ids:
        return []
    columns = ", ".join(names)
    table = model._meta.db_table
    if dialect() == "postgres":  # one array parameter, however many ids
        sql, params = f"SELECT {columns} FROM {table} WHERE id = ANY($1::int[])", [ids]
    else:
        sql, params = f"SELECT {columns} FROM {table} WHERE id IN ({', '.join('?' for _ in ids)})", ids
    return await fetch_sql(model, sql, params, names)


class OrderRow(NamedTuple):
    """An order as the API reads it; `lines_before`/`lines_after` are None when not loaded."""

    id: int
    partner_id: int
    customer_id: int
    submitted_by_id: int
    implementation_lead_id: int
    status: OrderStatus
    submitted_at: Any
    updated_at: Any
    completed_at: Any
    cancelled_at: Any
    seats_before: int
    seats_after: int
    monthly_cost_before: Any
    monthly_cost_after: Any
    monthly_cost_change: Any
    currency: str
    msa_reference: str
    partner_reference: str | None
    effective_on: Any
    prorated_charge: Any
    attention_reason: str | None
    lines_before: list | None
    lines_after: list | None

    @property
    def number(self) -> str:
        return order_number(self.id)


ORDER_COLUMNS = OrderRow._fields
ORDER_SUMMARY_COLUMNS = ORDER_COLUMNS[:-2]  # without the line snapshots (JSON)


class CustomerRow(NamedTuple):
    """A customer as the API reads it."""

    id: int
    partner_id: int
    name: str
    account_code: str
    status: CustomerStatus
    seats: int
    implementation_lead_id: int | None


CUSTOMER_COLUMNS = CustomerRow._fields


async def order_rows(query: QuerySet, *, snapshots: bool = True) -> list[OrderRow]:
    """The orders of `query`, with or without their line snapshots."""
    if snapshots:
        return [OrderRow(*row) for row in await fetch_values(query, ORDER_COLUMNS)]
    return [OrderRow(*row, None, None) for row in await fetch_values(query, ORDER_SUMMARY_COLUMNS)]


async def customer_rows(query: QuerySet) -> list[CustomerRow]:
    return [CustomerRow(*row) for row in await fetch_values(query, CUSTOMER_COLUMNS)]


async def customers_by_id(ids: Iterable[int]) -> list[CustomerRow]:
    return [CustomerRow(*row) for row in await fetch_by_id(Customer, CUSTOMER_COLUMNS, ids)]
