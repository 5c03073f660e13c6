"""Helpers for the change-order domain tests: principals, demo rows, requests, table dumps."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from tortoise import Tortoise

from graphql_portal.auth import Principal
from graphql_portal.demo import LEGACY_PRICES, PARTNERS, PRODUCTS
from graphql_portal.models import Customer, PartnerUser, PrimaryProductMode, TokenKind
from graphql_portal.ordering.review import UpgradeRequest

KEEP = PrimaryProductMode.KEEP_EXISTING
ADD_TO = PrimaryProductMode.ADD_TO
SELECT_NEW = PrimaryProductMode.SELECT_NEW


async def principal(email: str) -> Principal:
    user = await PartnerUser.get(email_key=email)
    return Principal(kind=TokenKind.PARTNER_USER, token_id=0, user=user)


async def customer(code: str) -> Customer:
    return await Customer.get(account_code=code)


async def user_id(email: str) -> int:
    return (await PartnerUser.get(email_key=email)).id


async def request_for(
    code: str,
    *,
    lead: str | None = None,
    seats: int = 0,
    mode: PrimaryProductMode = KEEP,
    sku: str | None = None,
    replaces: str | None = None,
    addons: tuple[str, ...] = (),
) -> UpgradeRequest:
    """A request for the demo customer `code`; the lead defaults to its current one."""
    target = await customer(code)
    lead_id = await user_id(lead) if lead else target.implementation_lead_id
    return UpgradeRequest(
        customer_id=target.id,
        implementation_lead_id=lead_id,
        seat_adjustment=seats,
        mode=mode,
        sku=sku,
        replaces_sku=replaces,
        addon_skus=addons,
    )


def codes(errors) -> list[tuple[str, tuple[str, ...] | None]]:
    """Errors as (code, field) pairs: what clients switch on."""
    return [(error.code.value, error.field) for error in errors]


async def dump_tables() -> dict[str, list[dict]]:
    """Every row of every model, by table, ordered by primary key."""
    dump = {}
    for app in Tortoise.apps.values():
        for model in app.values():
            pk = model._meta.pk_attr
            dump[model._meta.db_table] = await model.all().order_by(pk).values()
    return dump


# An oracle for contracted prices written from the demo data's own tables, not from pricing.py.
_LIST = {sku: Decimal(price) for sku, _n, _k, price, _lo, _hi in PRODUCTS if price is not None}
_LIST.update({sku: Decimal(price) for sku, price in LEGACY_PRICES.items()})


def expected_price(partner_name: str, sku: str) -> Decimal:
    partner = next(p for p in PARTNERS if p.name.startswith(partner_name))
    if sku in partner.contracted:
        return Decimal(partner.contracted[sku])
    factor = (Decimal(100) - Decimal(partner.discount)) / Decimal(100)
    return (_LIST[sku] * factor).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
