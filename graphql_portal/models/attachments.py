"""Files in a customer's Attachments area (the order addenda among them)."""

from tortoise import fields
from tortoise.models import Model

from .enums import AttachmentKind


class Attachment(Model):
    """`(order, kind)` is unique, so an order has one addendum however often it is rendered."""

    id = fields.IntField(primary_key=True)
    customer = fields.ForeignKeyField("models.Customer", related_name="attachments", on_delete=fields.CASCADE)
    order = fields.ForeignKeyField(
        "models.Order", related_name="attachments", null=True, on_delete=fields.SET_NULL
    )
    kind = fields.CharEnumField(AttachmentKind, max_length=16)
    filename = fields.CharField(max_length=255)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    sha256 = fields.CharField(max_length=64)
    data = fields.BinaryField()
    uploaded_by = fields.CharField(max_length=254, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "attachment"
        unique_together = (("order", "kind"),)
        indexes = (("customer", "created_at", "id"),)
