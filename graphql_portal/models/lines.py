"""Line snapshots: a product line as reviews and orders store it (`lines_before`, `lines_after`).

The JSON form is `{"sku", "name", "kind", "seats", "unit_price", "monthly_amount"}` with money as
decimal strings ("202.80") in the currency of the review or order holding it, so an order
records exactly what was shown. `LineSnapshot` is the one reading and writing of that form.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .enums import ProductKind


@dataclass(frozen=True)
class LineSnapshot:
    sku: str
    name: str
    kind: ProductKind
    seats: int
    unit_price: Decimal
    monthly_amount: Decimal

    @classmethod
    def from_json(cls, data: dict) -> LineSnapshot:
        return cls(
            sku=data["sku"],
            name=data["name"],
            kind=ProductKind(data["kind"]),
            seats=int(data["seats"]),
            unit_price=Decimal(str(data["unit_price"])),
            monthly_amount=Decimal(str(data["monthly_amount"])),
        )

    def to_json(self) -> dict:
        return {
            "sku": self.sku,
            "name": self.name,
            "kind": self.kind.value,
            "seats": self.seats,
            "unit_price": str(self.unit_price),
            "monthly_amount": str(self.monthly_amount),
        }
