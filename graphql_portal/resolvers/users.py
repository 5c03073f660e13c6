"""Users of the caller's partner: the choices for implementation lead, and adding one."""

from __future__ import annotations

from ..models import PartnerUser, UserRole
from ..models.paging import after_key
from ..ordering.users import CreateUserOutcome, create_user
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
