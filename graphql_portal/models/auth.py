"""API tokens (hashed at rest), staff users, sessions, sign-in counters and invitation links."""

from tortoise import fields
from tortoise.models import Model

from .enums import SessionKind, TokenKind


class ApiToken(Model):
    """Only the SHA-256 of the secret is kept; `prefix` identifies it for revocation."""

    id = fields.BigIntField(primary_key=True)
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

    id = fields.BigIntField(primary_key=True)
    email = fields.CharField(max_length=254)
    email_key = fields.CharField(max_length=254, unique=True)
    password_hash = fields.CharField(max_length=255)
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)

    class Meta:
        table = "staff_user"


class AuthSession(Model):
    """A signed-in browser, staff (admin) or partner user (portal).

    The cookie carries a random key; only its SHA-256 is stored, so a copy of the table opens no
    session. Exactly one of `staff` and `user` is set, as `kind` says. Deleting the row ends the
    session for good.
    """

    id = fields.BigIntField(primary_key=True)
    key_hash = fields.CharField(max_length=64, unique=True)
    kind = fields.CharEnumField(SessionKind, max_length=16)
    staff = fields.ForeignKeyField(
        "models.StaffUser", related_name="sessions", null=True, on_delete=fields.CASCADE
    )
    user = fields.ForeignKeyField(
        "models.PartnerUser", related_name="sessions", null=True, on_delete=fields.CASCADE
    )
    csrf_token = fields.CharField(max_length=64)
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()

    class Meta:
        table = "auth_session"
        indexes = (("staff",), ("user",))


class SignInCounter(Model):
    """Sign-in attempts of one key (`address:<ip>` or `account:<kind>:<email>`) in a fixed window.

    Incremented atomically (an upsert) before the password is checked, so concurrent guesses each
    use up one attempt, in every server process. `window_start` is Unix seconds.
    """

    key = fields.CharField(max_length=300, primary_key=True)
    window_start = fields.BigIntField()
    attempts = fields.IntField()

    class Meta:
        table = "signin_counter"


class Invitation(Model):
    """A one-time link to choose a password (invitation or forgotten password).

    Only the SHA-256 of the link's token is stored; `used_at` makes it single use.
    """

    id = fields.BigIntField(primary_key=True)
    user = fields.ForeignKeyField("models.PartnerUser", related_name="invitations", on_delete=fields.CASCADE)
    token_hash = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = "invitation"
        indexes = (("user",),)
