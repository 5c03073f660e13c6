"""Customers of a partner and the products they hold."""

from tortoise import fields
from tortoise.models import Model

from .enums import CustomerStatus


class Customer(Model):
    """`version` grows on every change, so a review of an older version is stale."""

    id = fields.BigIntField(primary_key=True)
    partner = fields.ForeignKeyField("models.Partner", related_name="customers", on_delete=fields.RESTRICT)
    name = fields.CharField(max_length=200)
    account_code = fields.CharField(max_length=64)
    status = fields.CharEnumField(CustomerStatus, max_length=16, default=CustomerStatus.ACTIVE)
    seats = fields.IntField()
    implementation_lead = fields.ForeignKeyField(
        "models.PartnerUser", related_name="led_customers", null=True, on_delete=fields.SET_NULL
    )
    version = fields.IntField(default=1)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "customer"
        unique_together = (("partner", "account_code"),)
        indexes = (("partner", "name", "id"),)


class CustomerProduct(Model):
    """A product (primary or add-on) a customer holds, licensed for all its seats."""

    id = fields.BigIntField(primary_key=True)
    customer = fields.ForeignKeyField("models.Customer", related_name="holdings", on_delete=fields.CASCADE)
    product = fields.ForeignKeyField("models.Product", related_name="holdings", on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "customer_product"
        unique_together = (("customer", "product"),)
