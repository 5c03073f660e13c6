"""How an amount of money reads wherever people see it: the portal's and the admin's pages, the
addendum, the emails. It imports nothing of ours, so every layer may use it."""

from __future__ import annotations

from decimal import Decimal


def format_money(amount: Decimal | str | None, currency: str | None = None, *, signed: bool = False) -> str:
    """`1,202.80 USD`, exactly as stored, to the cent; nothing for None.

    With `signed` (a change): `+98.80 USD`, `-12.00 USD`, `0.00 USD`.
    """
    if amount is None:
        return ""
    value = Decimal(amount)
    text = f"{value:,.2f}"
    if signed and value > 0:
        text = "+" + text
    return f"{text} {currency}" if currency else text
