"""Reviews (quotes), orders (immutable change records) and the emails owed for them.

An order takes effect on its `effective_on` date: at submit when that is the submit date, else
through an APPLY_CHANGE job at 00:00 UTC of the date; `applied_at` says when the customer was
changed. Change lines are derived from the two snapshots, never stored apart from them.

Line snapshots are JSON lists of `{"sku", "name", "kind", "seats", "unit_price",
"monthly_amount"}` with money as decimal strings: an order records exactly what was shown.
"""

from decimal import Decimal

from tortoise import fields
from tortoise.models import Model

from .enums import DeliveryKind, DeliveryStatus, OrderStatus, PrimaryProductMode


class Review(Model):
    id = fields.BigIntField(primary_key=True)
    partner = fields.ForeignKeyField("models.Partner", related_name="reviews", on_delete=fields.CASCADE)
    customer = fields.ForeignKeyField("models.Customer", related_name="reviews", on_delete=fields.CASCADE)
    created_by = fields.ForeignKeyField(
        "models.PartnerUser", related_name="reviews", on_delete=fields.CASCADE
    )
    implementation_lead = fields.ForeignKeyField(
        "models.PartnerUser", related_name="lead_reviews", on_delete=fields.CASCADE
    )
    # What was asked, so submit can recompute and compare.
    seat_adjustment = fields.IntField()
    primary_mode = fields.CharEnumField(PrimaryProductMode, max_length=16)
    primary_sku = fields.CharField(max_length=32, null=True)
    replaces_sku = fields.CharField(max_length=32, null=True)
    addon_skus = fields.JSONField(default=list)
    # What was shown.
    seats_before = fields.IntField()
    seats_after = fields.IntField()
    lines_before = fields.JSONField()
    lines_after = fields.JSONField()
    monthly_cost_before = fields.DecimalField(max_digits=14, decimal_places=2)
    monthly_cost_after = fields.DecimalField(max_digits=14, decimal_places=2)
    currency = fields.CharField(max_length=3)
    msa_reference = fields.CharField(max_length=64)
    partner_reference = fields.CharField(max_length=64, null=True)
    effective_on = fields.DateField()
    prorated_charge = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0.00"))
    # Staleness: the customer version and agreement revision it was computed from.
    customer_version = fields.IntField()
    agreement_revision = fields.IntField()
    price_list_version = fields.ForeignKeyField(
        "models.PriceListVersion", related_name="reviews", on_delete=fields.RESTRICT
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()

    class Meta:
        table = "review"


class Order(Model):
    """A change order. `review` is unique: one review gives at most one order."""

    id = fields.BigIntField(primary_key=True)
    partner = fields.ForeignKeyField("models.Partner", related_name="orders", on_delete=fields.RESTRICT)
    customer = fields.ForeignKeyField("models.Customer", related_name="orders", on_delete=fields.RESTRICT)
    review = fields.OneToOneField("models.Review", related_name="order", on_delete=fields.RESTRICT)
    submitted_by = fields.ForeignKeyField(
        "models.PartnerUser", related_name="submitted_orders", on_delete=fields.RESTRICT
    )
    implementation_lead = fields.ForeignKeyField(
        "models.PartnerUser", related_name="lead_orders", on_delete=fields.RESTRICT
    )
    status = fields.CharEnumField(OrderStatus, max_length=20, default=OrderStatus.PROCESSING)
    submitted_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()
    completed_at = fields.DatetimeField(null=True)
    seats_before = fields.IntField()
    seats_after = fields.IntField()
    lines_before = fields.JSONField()
    lines_after = fields.JSONField()
    monthly_cost_before = fields.DecimalField(max_digits=14, decimal_places=2)
    monthly_cost_after = fields.DecimalField(max_digits=14, decimal_places=2)
    monthly_cost_change = fields.DecimalField(max_digits=14, decimal_places=2)
    currency = fields.CharField(max_length=3)
    msa_reference = fields.CharField(max_length=64)
    partner_reference = fields.CharField(max_length=64, null=True)
    # The reference as the filter compares it: lower case (`ordering.dates.reference_key`).
    reference_key = fields.CharField(max_length=256, null=True)
    effective_on = fields.DateField()
    prorated_charge = fields.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0.00"))
    applied_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    # Why a scheduled change was not applied (the customer changed by other means before its date).
    attention_reason = fields.TextField(null=True)

    class Meta:
        table = "change_order"
        indexes = (
            ("updated_at", "id"),
            ("partner", "updated_at", "id"),
            ("customer", "submitted_at", "id"),
            ("submitted_at", "id"),
            ("partner", "submitted_at", "id"),
            ("status", "updated_at"),
            ("reference_key", "partner"),
            # A customer's orders not applied yet: its pending order is found among these few.
            ("customer", "applied_at"),
        )

    @property
    def number(self) -> str:
        return order_number(self.id)


def order_number(order_id: int) -> str:
    """The number people quote: `CO-0000042`."""
    return f"CO-{order_id:07d}"


class Delivery(Model):
    """One email owed for an order; at most one of each kind per order."""

    id = fields.BigIntField(primary_key=True)
    order = fields.ForeignKeyField("models.Order", related_name="deliveries", on_delete=fields.CASCADE)
    kind = fields.CharEnumField(DeliveryKind, max_length=24)
    recipient = fields.CharField(max_length=254)
    status = fields.CharEnumField(DeliveryStatus, max_length=16, default=DeliveryStatus.PENDING)
    attempts = fields.IntField(default=0)
    last_error = fields.TextField(null=True)
    message_id = fields.CharField(max_length=255, unique=True)
    sent_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "delivery"
        unique_together = (("order", "kind"),)
