"""Users of the caller's partner: the choices for implementation lead, adding one, deactivation and
invitations."""

from __future__ import annotations

from ..ids import decode_id
from ..models import PartnerUser, UserRole
from ..models.paging import after_key
from ..ordering.users import (
    CreateUserOutcome,
    UserOutcome,
    create_user,
    deactivate_user,
    resend_invitation,
    set_user_role,
)
from .context import Context
from .pagination import Page, check_first, encode_cursor, name_cursor

USERS_CAP = 500


async def users_page(context: Context, first: int, after: str | None) -> Page:
    """By name then id, keyset-paged like the customers."""
    check_first(first, USERS_CAP)
    query = PartnerUser.filter(partner_id=context.partner_id())
    if after:
        name, last_id = name_cursor(after)
        query = query.filter(after_key("name", name, last_id))
    rows = await query.order_by("name", "id").limit(first + 1) if first else []
    return Page(
        items=list(rows[:first]),
        has_next_page=len(rows) > first,
        cursor_of=lambda u: encode_cursor(u.name, u.id),
        after=after,
    )


async def create_partner_user(context: Context, name: str, email: str, role: UserRole) -> CreateUserOutcome:
    """`createUser`: the domain decides who may add users and checks the input."""
    return await create_user(context.principal, name, email, UserRole(role))


async def deactivate(context: Context, user_id: str) -> UserOutcome:
    """`deactivateUser`: the domain decides who may, and ends the user's access."""
    return await deactivate_user(context.principal, decode_id(user_id, "User"))


async def resend(context: Context, user_id: str) -> UserOutcome:
    """`resendInvitation`: queues a new invitation email (the earlier link stops working)."""
    return await resend_invitation(context.principal, decode_id(user_id, "User"))


async def set_role(context: Context, user_id: str, role: UserRole) -> UserOutcome:
    """`setUserRole`: the domain decides who may, and keeps the partner's last active ADMIN."""
    return await set_user_role(context.principal, decode_id(user_id, "User"), UserRole(role))
