"""Partner users: created by a partner's ADMIN through the API, or by staff in the admin;
invited by email to choose a password; deactivated by an ADMIN.

Emails are validated and stored normalized (`email_addresses`), unique across all partners,
compared case-insensitively (`email_key`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from ..auth import INVITE, Principal, deactivate_partner_user, queue_invitation
from ..email_addresses import MAX_LENGTH as MAX_EMAIL
from ..email_addresses import EmailAddress, InvalidEmail, parse_email
from ..events import log as events
from ..ids import db_id
from ..models import Partner, PartnerUser, UserRole, UserStatus
from .errors import ErrorCode, UserError, quote

F_NAME = ("input", "name")
F_EMAIL = ("input", "email")
F_ROLE = ("input", "role")
F_USER = ("input", "userId")
_FIELD_ORDER = {F_NAME: 0, F_EMAIL: 1, F_ROLE: 2}
MAX_NAME = 200
# Control and format characters (bidirectional overrides, zero-width joiners), line and paragraph
# separators, surrogates, private-use and unassigned code points: they make names look like others.
_NOT_IN_NAMES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


@dataclass
class CreateUserOutcome:
    user: PartnerUser | None
    errors: list[UserError]


def _read_name(name: object, errors: list[UserError]) -> str | None:
    value = name.strip() if isinstance(name, str) else ""
    if not value or len(value) > MAX_NAME:
        errors.append(
            UserError(ErrorCode.INVALID_INPUT, f"The name needs 1 to {MAX_NAME} characters.", F_NAME)
        )
        return None
    if any(unicodedata.category(ch) in _NOT_IN_NAMES for ch in value):
        message = "The name may hold only visible characters and spaces, no control or format characters."
        errors.append(UserError(ErrorCode.INVALID_INPUT, message, F_NAME))
        return None
    return value


def _read_email(email: object, errors: list[UserError]) -> EmailAddress | None:
    value = email.strip() if isinstance(email, str) else ""
    if len(value) > MAX_EMAIL:
        message = f"An email address has at most {MAX_EMAIL} characters."
        errors.append(UserError(ErrorCode.INVALID_INPUT, message, F_EMAIL))
        return None
    try:
        return parse_email(value)
    except InvalidEmail:
        errors.append(UserError(ErrorCode.INVALID_INPUT, f"{quote(value)} is not an email address.", F_EMAIL))
        return None


def _read_role(role: object, errors: list[UserError]) -> UserRole | None:
    try:
        return role if isinstance(role, UserRole) else UserRole(role)
    except (ValueError, TypeError):
        allowed = ", ".join(r.value for r in UserRole)
        errors.append(UserError(ErrorCode.INVALID_INPUT, f"The role must be one of {allowed}.", F_ROLE))
        return None


def _taken(value: str) -> UserError:
    return UserError(ErrorCode.EMAIL_TAKEN, f"A user with email {quote(value)} exists already.", F_EMAIL)


async def add_partner_user(
    partner_id: int, name: str, email: str, role: UserRole
) -> tuple[PartnerUser | None, list[UserError]]:
    """Create a user of the partner, INVITED, with the invitation email queued in the same
    transaction; or return every reason why not."""
    errors: list[UserError] = []
    clean_name = _read_name(name, errors)
    clean_email = _read_email(email, errors)
    clean_role = _read_role(role, errors)
    pk = db_id(partner_id)
    if pk is None or not await Partner.filter(id=pk).exists():
        errors.append(UserError(ErrorCode.NOT_FOUND, "There is no such partner.", None))
    if clean_email is not None and await PartnerUser.filter(email_key=clean_email.key).exists():
        errors.append(_taken(clean_email.normalized))
    if errors:
        return None, sorted(errors, key=lambda e: _FIELD_ORDER.get(e.field, -1))
    try:
        async with in_transaction() as conn:
            user = await PartnerUser.create(
                partner_id=pk,
                name=clean_name,
                email=clean_email.normalized,
                email_key=clean_email.key,
                role=clean_role,
                status=UserStatus.INVITED,
                using_db=conn,
            )
            await queue_invitation(user, INVITE, using_db=conn)
            await events.user_created(user, using_db=conn)
    except IntegrityError:
        # Created by someone else between the check and the insert.
        return None, [_taken(clean_email.normalized)]
    return user, []


async def create_user(principal: Principal, name: str, email: str, role: UserRole) -> CreateUserOutcome:
    """`createUser`: only a partner's ADMIN adds users, and only to its own partner."""
    if principal.is_reconciliation or principal.user is None or not principal.can_manage_users():
        return CreateUserOutcome(
            None, [UserError(ErrorCode.FORBIDDEN, "Only an ADMIN may create users.", None)]
        )
    user, errors = await add_partner_user(principal.partner_id, name, email, role)
    return CreateUserOutcome(user, errors)


@dataclass
class UserOutcome:
    user: PartnerUser | None
    errors: list[UserError]


ONLY_ADMIN = "Only an ADMIN may manage users."


async def _managed_user(
    principal: Principal, user_id: int | None
) -> tuple[PartnerUser | None, UserError | None]:
    """The caller's partner's user `user_id`, or the error to answer (users of other partners
    do not exist for the caller)."""
    if principal.is_reconciliation or principal.user is None or not principal.can_manage_users():
        return None, UserError(ErrorCode.FORBIDDEN, ONLY_ADMIN, None)
    pk = db_id(user_id)
    user = await PartnerUser.filter(id=pk, partner_id=principal.partner_id).first() if pk else None
    if user is None:
        return None, UserError(ErrorCode.NOT_FOUND, "There is no such user.", F_USER)
    return user, None


async def deactivate_user(principal: Principal, user_id: int | None) -> UserOutcome:
    """`deactivateUser`: an ADMIN ends a user's access at once (sessions, API tokens, links).

    Deactivating an already deactivated user changes nothing and is not an error. An ADMIN cannot
    deactivate themselves, so a partner is never left without the person who asked.
    """
    user, error = await _managed_user(principal, user_id)
    if error:
        return UserOutcome(None, [error])
    if user.id == principal.user.id:
        return UserOutcome(
            None, [UserError(ErrorCode.INVALID_INPUT, "You cannot deactivate yourself.", F_USER)]
        )
    return UserOutcome(await deactivate(user), [])


async def deactivate(user: PartnerUser) -> PartnerUser:
    """End a partner user's access (whoever decided it: their ADMIN through the API, or staff in
    the admin); a user already deactivated stays as they are."""
    if user.status is not UserStatus.DEACTIVATED:
        user = await deactivate_partner_user(user)
    return user


async def resend_invitation(principal: Principal, user_id: int | None) -> UserOutcome:
    """`resendInvitation`: email a new one-time link to a user who has not chosen a password;
    the earlier link stops working when the new one is sent."""
    user, error = await _managed_user(principal, user_id)
    if error:
        return UserOutcome(None, [error])
    errors = await send_invitation_again(user)
    return UserOutcome(None if errors else user, errors)


async def send_invitation_again(user: PartnerUser) -> list[UserError]:
    """Owe an INVITED user a new invitation (the API's `resendInvitation` and the admin's "Resend
    invitation"); an ACTIVE or DEACTIVATED user gets none, and the error says why."""
    if user.status is UserStatus.ACTIVE:
        message = f"{quote(user.email)} has chosen a password already."
        return [UserError(ErrorCode.ALREADY_ACTIVE, message, F_USER)]
    if user.status is UserStatus.DEACTIVATED:
        message = f"{quote(user.email)} is deactivated and gets no invitation."
        return [UserError(ErrorCode.INVALID_INPUT, message, F_USER)]
    await queue_invitation(user, INVITE)
    return []
