"""Partners, their users and the viewer."""

from __future__ import annotations

from enum import Enum

import strawberry

from .. import models
from ..ids import encode_id
from ..models.rows import PartnerRow
from .common import UserRole, UserStatus


@strawberry.type(description="A managed-service provider and the MSA in effect with it.")
class Partner:
    id: strawberry.ID
    name: str
    msa_reference: str
    currency: str

    @classmethod
    def of(cls, partner: PartnerRow) -> Partner:
        return cls(
            id=strawberry.ID(encode_id("Partner", partner.id)),
            name=partner.name,
            msa_reference=partner.msa_reference,
            currency=partner.currency,
        )


@strawberry.type(description="A person at a partner; any user may be a customer's implementation lead.")
class User:
    id: strawberry.ID
    name: str
    email: str
    role: UserRole
    status: UserStatus

    @classmethod
    def of(cls, user: models.PartnerUser) -> User:
        return cls(
            id=strawberry.ID(encode_id("User", user.id)),
            name=user.name,
            email=user.email,
            role=user.role,
            status=user.status,
        )


def user_of(context, user_id: int):
    """The `User` of a loaded partner user, made once per request (leads repeat down a page)."""
    return context.made_once("User", user_id, context.loaders.users, lambda u: User.of(u) if u else None)


@strawberry.enum
class ViewerKind(Enum):
    PARTNER_USER = "PARTNER_USER"
    RECONCILIATION = "RECONCILIATION"


@strawberry.type(description="Who the token belongs to.")
class Viewer:
    kind: ViewerKind
    user: User | None
    partner: Partner | None
