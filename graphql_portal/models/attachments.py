"""Files in a customer's Attachments area (the order addenda among them), and where their bytes live."""

from tortoise import fields
from tortoise.models import Model

from .enums import AttachmentKind

DATABASE_STORE = "database"


class Attachment(Model):
    """`(order, kind)` is unique, so an order has one addendum however often it is rendered.

    `store` says where the bytes live: `database` (in `data`), or the URL of an object store
    (`file:///folder`, `s3://bucket/prefix`) with the object's `object_key` in it, `data` then
    empty. `size` and `sha256` describe the bytes wherever they are, and every read checks them.
    """

    id = fields.BigIntField(primary_key=True)
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
    store = fields.CharField(max_length=255, default=DATABASE_STORE, db_default=DATABASE_STORE)
    object_key = fields.CharField(max_length=255, null=True)
    uploaded_by = fields.CharField(max_length=254, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "attachment"
        unique_together = (("order", "kind"),)
        indexes = (("customer", "created_at", "id"),)


class StagedObject(Model):
    """An object in a store that no attachment row may name: written before its row commits, or
    left behind by a move. The worker's sweep deletes it once it is a day old, unless a row names
    it by then; so a crash between an object and its row leaves nothing behind for long."""

    id = fields.BigIntField(primary_key=True)
    store = fields.CharField(max_length=255)
    object_key = fields.CharField(max_length=255)
    created_at = fields.DatetimeField()

    class Meta:
        table = "staged_object"
        indexes = (("created_at", "id"),)
