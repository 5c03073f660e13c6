"""Line snapshots: a product line as reviews and orders store it (`lines_before`, `lines_after`).

The JSON form is `{"sku", "name", "kind", "seats", "unit_price", "monthly_amount"}` with money as
decimal strings ("202.80") in the currency of the review or order holding it, so an order
records exactly what was shown. `LineSnapshot` is the one reading and writing of that form.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .enums import ProductKind

_KINDS = {kind.value: kind for kind in ProductKind}  # a dict lookup is several times an enum call


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
        return cls(*cls.read(data))

    @staticmethod
    def read(data: dict) -> tuple[str, str, ProductKind, int, Decimal, Decimal]:
        """The fields of the JSON form in order, for readers that need no instance (the API's
        lists build their own line objects from these)."""
        kind = data["kind"]
        return (
            data["sku"],
            data["name"],
            _KINDS.get(kind) or ProductKind(kind),
            int(data["seats"]),
            Decimal(str(data["unit_price"])),
            Decimal(str(data["monthly_amount"])),
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
