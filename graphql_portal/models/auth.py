"""API tokens (hashed at rest) and staff users of the admin."""

from tortoise import fields
from tortoise.models import Model

from .enums import TokenKind


class ApiToken(Model):
    """Only the SHA-256 of the secret is kept; `prefix` identifies it for revocation."""

    id = fields.IntField(primary_key=True)
    prefix = fields.CharField(max_length=16, unique=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    kind = fields.CharEnumField(TokenKind, max_length=16)
    user = fields.ForeignKeyField(
        "models.PartnerUser", related_name="tokens", null=True, on_delete=fields.CASCADE
    )
    name = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "api_token"


class StaffUser(Model):
    """A vendor employee who signs in to the admin; the password is an argon2 hash."""

    id = fields.IntField(primary_key=True)
    email = fields.CharField(max_length=254)
    email_key = fields.CharField(max_length=254, unique=True)
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_user"
