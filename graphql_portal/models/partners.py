"""Partners, their agreement (MSA) and their users."""

from tortoise import fields
from tortoise.models import Model

from .enums import UserRole, UserStatus


class Partner(Model):
    id = fields.BigIntField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "partner"
        ordering = ("name", "id")


class Agreement(Model):
    """The master services agreement in effect for a partner.

    `revision` grows on every change to the agreement, its contracted prices or its enabled
    add-ons, so a review made under an older revision is recognised as stale.
    """

    id = fields.BigIntField(primary_key=True)
    partner = fields.OneToOneField("models.Partner", related_name="agreement", on_delete=fields.CASCADE)
    msa_reference = fields.CharField(max_length=64)
    currency = fields.CharField(max_length=3)
    default_discount_percent = fields.DecimalField(max_digits=5, decimal_places=2)
    revision = fields.IntField(default=1)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "agreement"


class ContractedPrice(Model):
    """An explicit contracted unit price of a SKU, overriding the default discount."""

    id = fields.BigIntField(primary_key=True)
    agreement = fields.ForeignKeyField(
        "models.Agreement", related_name="contracted_prices", on_delete=fields.CASCADE
    )
    product = fields.ForeignKeyField(
        "models.Product", related_name="contracted_prices", on_delete=fields.RESTRICT
    )
    unit_price = fields.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        table = "contracted_price"
        unique_together = (("agreement", "product"),)


class EnabledAddon(Model):
    """An add-on the partner's agreement lets it order."""

    id = fields.BigIntField(primary_key=True)
    agreement = fields.ForeignKeyField(
        "models.Agreement", related_name="enabled_addons", on_delete=fields.CASCADE
    )
    product = fields.ForeignKeyField("models.Product", related_name="enabled_for", on_delete=fields.RESTRICT)

    class Meta:
        table = "enabled_addon"
        unique_together = (("agreement", "product"),)


class PartnerUser(Model):
    """A person at a partner. `email_key` is the lower-cased email: unique across partners.

    `password_hash` (argon2) is None until the user chooses a password through an invitation.
    """

    id = fields.BigIntField(primary_key=True)
    partner = fields.ForeignKeyField("models.Partner", related_name="users", on_delete=fields.CASCADE)
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254)
    email_key = fields.CharField(max_length=254, unique=True)
    role = fields.CharEnumField(UserRole, max_length=16)
    status = fields.CharEnumField(UserStatus, max_length=16, default=UserStatus.ACTIVE)
    password_hash = fields.CharField(max_length=255, null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "partner_user"
        ordering = ("name", "id")
        indexes = (("partner", "name", "id"),)
