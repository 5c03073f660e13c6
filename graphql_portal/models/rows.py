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

from .auth import ApiToken
from .customers import Customer
from .enums import CustomerStatus, OrderStatus, TokenKind, UserRole, UserStatus
from .orders import order_number
from .partners import Agreement, ContractedPrice, PartnerUser

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
    if isinstance(field, _IS_ENUM):
        return _enum_decoder(field)
    if dialect == "postgres" and isinstance(field, _NATIVE_ON_POSTGRES):
        return None
    return field.to_python_value


def _enum_decoder(field: Any) -> Callable[[Any], Any]:
    """The field's member for a stored value: a dict lookup (an enum call costs several), with
    the field's own conversion for anything else (and its error for a value of no member)."""
    members = {member.value: member for member in field.enum_type}
    convert = field.to_python_value

    def decode(value: Any) -> Any:
        member = members.get(value)
        return member if member is not None else convert(value)

    return decode


def dialect() -> str:
    return connections.get("default").capabilities.dialect


_converting: dict[tuple[type, tuple[str, ...], str], Converting] = {}


def decoders(model: type, names: Sequence[str]) -> Converting:
    """`(position, decoder)` of the columns that need converting, for the current database."""
    kind = dialect()
    key = (model, tuple(names), kind)
    found = _converting.get(key)
    if found is None:
        found = _converting[key] = [
            (i, decode) for i, name in enumerate(names) if (decode := _decoder(model, name, kind)) is not None
        ]
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


def one_of(column: str, ids: list[int]) -> tuple[str, list]:
    """`column` is one of `ids`, as SQL and its parameters: one array parameter on PostgreSQL
    however many ids, one placeholder each on SQLite."""
    if dialect() == "postgres":
        return f"{column} = ANY($1::int[])", [ids]
    return f"{column} IN ({', '.join('?' for _ in ids)})", ids


async def fetch_by_id(
    model: type, names: Sequence[str], ids: Iterable[int], *, column: str = "id", order_by: str = ""
) -> list[list]:
    """The rows of `model` whose `column` is one of `ids`, as lists of the columns `names`, in
    `order_by` (SQL, e.g. "created_at DESC, id DESC"; else any order). One statement."""
    ids = list(ids)
    if not ids:
        return []
    table = model._meta.db_table
    where, params = one_of(column, ids)
    order = f" ORDER BY {order_by}" if order_by else ""
    sql = f"SELECT {', '.join(names)} FROM {table} WHERE {where}{order}"
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


class PartnerRow(NamedTuple):
    """A partner with its agreement's terms as the API shows them."""

    id: int
    name: str
    msa_reference: str
    currency: str


PARTNERS = (
    "SELECT p.id, p.name, a.msa_reference, a.currency FROM partner p"
    " JOIN agreement a ON a.partner_id = p.id WHERE {where}"
)


async def partners_by_id(ids: Iterable[int]) -> list[PartnerRow]:
    """The partners (with an agreement) of these ids, in one statement."""
    ids = list(ids)
    if not ids:
        return []
    where, params = one_of("p.id", ids)
    _, rows = await connections.get("default").execute_query(PARTNERS.format(where=where), params)
    return [PartnerRow(*row) for row in rows]


# A partner's customers by name then id, with the partner's count on every row: the customers
# page and its totalCount in one statement (the count again only when the page is empty).
PARTNER_CUSTOMERS = (
    "SELECT {columns}, (SELECT count(*) FROM customer WHERE partner_id = {p1}) FROM customer"
    " WHERE partner_id = {p1}{after} ORDER BY name, id LIMIT {limit}"
)
PARTNER_COUNT = "SELECT count(*) FROM customer WHERE partner_id = {p1}"


async def partner_customers(
    partner_id: int, limit: int, after: tuple[str, int] | None
) -> tuple[list[CustomerRow], int]:
    """The first `limit` customers of the partner after `(name, id)` (keyset, as
    `paging.after_key` filters), and how many customers the partner has (only that for 0)."""
    postgres = dialect() == "postgres"
    marks = ["$1", "$2", "$3", "$4"] if postgres else ["?"] * 4
    params: list[Any]
    if after is None:
        where = ""
        params = [partner_id, partner_id, limit] if not postgres else [partner_id, limit]
    else:
        where = f" AND name >= {marks[2]} AND (name > {marks[2]} OR id > {marks[3]})"
        name, last_id = after
        if postgres:
            params = [partner_id, limit, name, last_id]
        else:
            params = [partner_id, partner_id, name, name, last_id, limit]
    sql = PARTNER_CUSTOMERS.format(
        columns=", ".join(CUSTOMER_COLUMNS), p1=marks[0], after=where, limit=marks[1]
    )
    client = connections.get("default")
    rows = [tuple(row) for row in (await client.execute_query(sql, params))[1]] if limit else []
    if rows:
        total = rows[0][-1]
    else:
        _, counted = await client.execute_query(PARTNER_COUNT.format(p1=marks[0]), [partner_id])
        total = counted[0][0]
    converting = decoders(Customer, CUSTOMER_COLUMNS)
    return [CustomerRow(*values[:-1]) for values in decode_rows(rows, converting)], int(total)


async def customers_by_id(ids: Iterable[int]) -> list[CustomerRow]:
    return [CustomerRow(*row) for row in await fetch_by_id(Customer, CUSTOMER_COLUMNS, ids)]


class UserRow(NamedTuple):
    """A partner user as the API shows it."""

    id: int
    partner_id: int
    name: str
    email: str
    role: UserRole
    status: UserStatus


async def users_by_id(ids: Iterable[int]) -> list[UserRow]:
    return [UserRow(*row) for row in await fetch_by_id(PartnerUser, UserRow._fields, ids)]


HOLDINGS = (
    "SELECT h.customer_id, p.sku FROM customer_product h JOIN product p ON p.id = h.product_id WHERE {where}"
)


async def held_skus(customer_ids: Iterable[int]) -> list[tuple[int, str]]:
    """`(customer_id, sku)` of every product the customers hold, in one statement."""
    ids = list(customer_ids)
    if not ids:
        return []
    where, params = one_of("h.customer_id", ids)
    _, rows = await connections.get("default").execute_query(HOLDINGS.format(where=where), params)
    return [(row[0], row[1]) for row in rows]


# A partner's agreement with its contracted prices (`enabled` 0) and enabled add-ons (`enabled` 1),
# one row per price or add-on (one row of NULLs after the agreement's columns when it has neither).
TERMS = (
    "SELECT a.partner_id, a.id, a.currency, a.msa_reference, a.revision, a.default_discount_percent,"
    " x.product_id, x.unit_price, x.enabled FROM agreement a LEFT JOIN ("
    " SELECT agreement_id, product_id, unit_price, 0 AS enabled FROM contracted_price"
    " UNION ALL SELECT agreement_id, product_id, NULL, 1 FROM enabled_addon"
    ") x ON x.agreement_id = a.id WHERE {where}"
)


async def agreement_terms(partner_ids: Sequence[int]) -> list[tuple]:
    """`(partner_id, agreement_id, currency, msa_reference, revision, default_discount_percent,
    product_id, unit_price, enabled)` of the partners' agreements, in one statement."""
    ids = list(partner_ids)
    if not ids:
        return []
    where, params = one_of("a.partner_id", ids)
    _, rows = await connections.get("default").execute_query(TERMS.format(where=where), params)
    if dialect() == "postgres":  # numeric columns arrive as the fields' Decimals
        return [tuple(row) for row in rows]
    discount = Agreement._meta.fields_map["default_discount_percent"].to_python_value
    price = ContractedPrice._meta.fields_map["unit_price"].to_python_value
    return [
        (*row[:5], discount(row[5]), row[6], price(row[7]) if row[7] is not None else None, row[8])
        for row in rows
    ]


# A bearer token's row and its user's, in one statement with constant text (prepared once per
# connection): the query every API request starts with.
TOKEN_WITH_USER = (
    "SELECT t.id, t.kind, t.last_used_at, {users} FROM api_token t"
    " LEFT JOIN partner_user u ON u.id = t.user_id WHERE t.token_hash = {mark} AND t.revoked_at IS NULL"
)
_TOKEN_COLUMNS = ("id", "kind", "last_used_at")


def _user_columns() -> tuple[str, ...]:
    return tuple(sorted(PartnerUser._meta.fields_db_projection.values()))


async def live_token(token_hash: str) -> tuple[int, TokenKind, Any, PartnerUser | None] | None:
    """`(id, kind, last_used_at, user)` of the unrevoked token with this hash, and its user (None
    for a token without one) as the model `ApiToken.filter(...).select_related("user")` gives."""
    columns = _user_columns()
    users = ", ".join(f"u.{column}" for column in columns)
    sql = TOKEN_WITH_USER.format(users=users, mark="$1" if dialect() == "postgres" else "?")
    _, rows = await connections.get("default").execute_query(sql, [token_hash])
    if not rows:
        return None
    row = tuple(rows[0])
    token_id, kind, last_used_at = decode_rows([row[:3]], decoders(ApiToken, _TOKEN_COLUMNS))[0]
    values = dict(zip(columns, row[3:], strict=True))
    # the ORM's own construction from a row of raw column values (what its queries do)
    user = PartnerUser._init_from_db(**values) if values["id"] is not None else None
    return token_id, kind, last_used_at, user


class CustomerFacts(NamedTuple):
    """What the change rules read of one customer, in one statement: the customer, the products
    it holds (ids), whether the asked-for implementation lead is one of its partner's users who is
    not deactivated, and its pending order (one waiting for its date), if any."""

    id: int
    status: CustomerStatus
    seats: int
    version: int
    implementation_lead_id: int | None
    product_ids: tuple[int, ...]
    lead_id: int | None
    pending_order_id: int | None


# One row: each subquery runs once (a join with the holdings would run them once per product).
FACTS = (
    "SELECT c.id, c.status, c.seats, c.version, c.implementation_lead_id,"
    " (SELECT u.id FROM partner_user u WHERE u.id = {lead} AND u.partner_id = c.partner_id"
    "  AND u.status <> 'DEACTIVATED'),"
    " (SELECT o.id FROM change_order o WHERE o.customer_id = c.id AND o.applied_at IS NULL"
    "  AND o.cancelled_at IS NULL AND o.attention_reason IS NULL ORDER BY o.effective_on, o.id LIMIT 1),"
    " (SELECT {held} FROM customer_product h WHERE h.customer_id = c.id)"
    " FROM customer c WHERE c.id = {customer} AND c.partner_id = {partner}"
)
HELD = {"postgres": "string_agg(h.product_id::text, ',')", "sqlite": "group_concat(h.product_id)"}


async def customer_facts(partner_id: int, customer_id: int, lead_id: int | None) -> CustomerFacts | None:
    """The partner's customer `customer_id` as the rules read it (`CustomerFacts`), or None when
    the partner has no such customer."""
    kind = dialect()
    marks = ("$1", "$2", "$3") if kind == "postgres" else ("?", "?", "?")
    sql = FACTS.format(lead=marks[0], customer=marks[1], partner=marks[2], held=HELD[kind])
    _, rows = await connections.get("default").execute_query(sql, [lead_id, customer_id, partner_id])
    if not rows:
        return None
    row = tuple(rows[0])
    held = str(row[7]).split(",") if row[7] else []
    return CustomerFacts(
        id=row[0],
        status=CustomerStatus(row[1]),
        seats=row[2],
        version=row[3],
        implementation_lead_id=row[4],
        product_ids=tuple(sorted(int(pid) for pid in held)),
        lead_id=row[5],
        pending_order_id=row[6],
    )
