"""The catalog: products, how they combine, and dated price lists."""

from tortoise import fields
from tortoise.models import Model

from .enums import ProductKind


class Product(Model):
    id = fields.BigIntField(primary_key=True)
    sku = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(ProductKind, max_length=16)
    min_seats = fields.IntField()
    max_seats = fields.IntField()

    class Meta:
        table = "product"
        ordering = ("sku",)

    def __str__(self) -> str:
        return self.sku


class ProductSwitch(Model):
    """A held primary `source` may be replaced by `target` (mode SELECT_NEW)."""

    id = fields.BigIntField(primary_key=True)
    source = fields.ForeignKeyField("models.Product", related_name="switches_to", on_delete=fields.CASCADE)
    target = fields.ForeignKeyField("models.Product", related_name="switches_from", on_delete=fields.CASCADE)

    class Meta:
        table = "product_switch"
        unique_together = (("source", "target"),)


class ProductBeside(Model):
    """`other` may be held beside `product` (mode ADD_TO)."""

    id = fields.BigIntField(primary_key=True)
    product = fields.ForeignKeyField("models.Product", related_name="beside", on_delete=fields.CASCADE)
    other = fields.ForeignKeyField("models.Product", related_name="beside_of", on_delete=fields.CASCADE)

    class Meta:
        table = "product_beside"
        unique_together = (("product", "other"),)


class AddonAttachability(Model):
    """The add-on `addon` can be attached to the primary `primary`."""

    id = fields.BigIntField(primary_key=True)
    addon = fields.ForeignKeyField("models.Product", related_name="attaches_to", on_delete=fields.CASCADE)
    primary = fields.ForeignKeyField(
        "models.Product", related_name="attachable_addons", on_delete=fields.CASCADE
    )

    class Meta:
        table = "addon_attachability"
        unique_together = (("addon", "primary"),)


class PriceListVersion(Model):
    """A dated price list; the current one is the newest whose date has come."""

    id = fields.BigIntField(primary_key=True)
    effective_on = fields.DateField(unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "price_list_version"
        ordering = ("-effective_on",)


class PriceListItem(Model):
    """The monthly list price per seat of one product in one price list version."""

    id = fields.BigIntField(primary_key=True)
    version = fields.ForeignKeyField(
        "models.PriceListVersion", related_name="items", on_delete=fields.CASCADE
    )
    product = fields.ForeignKeyField("models.Product", related_name="price_items", on_delete=fields.RESTRICT)
    list_price = fields.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        table = "price_list_item"
        unique_together = (("version", "product"),)
