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
    if not value:
        errors.append(UserError(ErrorCode.INVALID_INPUT, "Enter an email address.", F_EMAIL))
        return None
    try:
        return parse_email(value)
    except InvalidEmail:
        message = f"{quote(value)} is not an email address; write it as name@example.com."
        errors.append(UserError(ErrorCode.INVALID_INPUT, message, F_EMAIL))
        return None


def _read_role(role: object, errors: list[UserError]) -> UserRole | None:
    try:
        return role if isinstance(role, UserRole) else UserRole(role)
    except (ValueError, TypeError):
        allowed = ", ".join(r.value for r in UserRole)
        errors.append(UserError(ErrorCode.INVALID_INPUT, f"The role must be one of {allowed}.", F_ROLE))
        return None


def _taken(value: str, holder: PartnerUser | None = None) -> UserError:
    """The address is a user's already: of the partner asked about (`holder`, named so the
    caller can choose them instead) or, for staff, of any partner."""
    if holder is not None:
        message = f"{holder.name} has this address already."
        return UserError(ErrorCode.EMAIL_TAKEN, message, F_EMAIL)
    return UserError(ErrorCode.EMAIL_TAKEN, f"A user with email {quote(value)} exists already.", F_EMAIL)


UNUSABLE_EMAIL = UserError(ErrorCode.INVALID_INPUT, "This address cannot be used.", F_EMAIL)


async def _email_holder(
    email: EmailAddress, partner_id: int | None, *, own_partner_only: bool
) -> UserError | None:
    """Why the address `key` cannot be given to a new user of `partner_id`, if it cannot.

    `own_partner_only` (a partner's ADMIN asking): an address of one of the partner's own users
    names that user; one of another partner's is only "cannot be used", so nobody learns where
    an address is in use. One look-up either way, so the time taken tells nothing either.
    """
    holder = await PartnerUser.filter(email_key=email.key).first()
    if holder is None:
        return None
    if not own_partner_only:
        return _taken(email.normalized)
    return _taken(holder.email, holder) if holder.partner_id == partner_id else UNUSABLE_EMAIL


async def add_partner_user(
    partner_id: int, name: str, email: str, role: UserRole, *, own_partner_only: bool = False
) -> tuple[PartnerUser | None, list[UserError]]:
    """Create a user of the partner, INVITED, with the invitation email queued in the same
    transaction; or return every reason why not (see `_email_holder` for `own_partner_only`)."""
    errors: list[UserError] = []
    clean_name = _read_name(name, errors)
    clean_email = _read_email(email, errors)
    clean_role = _read_role(role, errors)
    pk = db_id(partner_id)
    if pk is None or not await Partner.filter(id=pk).exists():
        errors.append(UserError(ErrorCode.NOT_FOUND, "There is no such partner.", None))
    if clean_email is not None:
        taken = await _email_holder(clean_email, pk, own_partner_only=own_partner_only)
        if taken is not None:
            errors.append(taken)
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
        taken = await _email_holder(clean_email, pk, own_partner_only=own_partner_only)
        return None, [taken or _taken(clean_email.normalized)]
    return user, []


async def create_user(principal: Principal, name: str, email: str, role: UserRole) -> CreateUserOutcome:
    """`createUser`: only a partner's ADMIN adds users, and only to its own partner."""
    if principal.is_reconciliation or principal.user is None or not principal.can_manage_users():
        return CreateUserOutcome(
            None, [UserError(ErrorCode.FORBIDDEN, "Only an ADMIN may create users.", None)]
        )
    user, errors = await add_partner_user(principal.partner_id, name, email, role, own_partner_only=True)
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
    deactivate themselves, so a partner is never left without the person who asked, nor anyone
    the partner's last active ADMIN (`LAST_ADMIN`).
    """
    user, error = await _managed_user(principal, user_id)
    if error:
        return UserOutcome(None, [error])
    if user.id == principal.user.id:
        return UserOutcome(
            None, [UserError(ErrorCode.INVALID_INPUT, "You cannot deactivate yourself.", F_USER)]
        )
    async with in_transaction() as conn:
        user, error = await _locked(principal, user, conn)
        if error:
            return UserOutcome(None, [error])
        if user.status is not UserStatus.DEACTIVATED and await _last_admin(user, conn):
            message = f"{user.name} is the last active ADMIN: make someone else ADMIN first."
            return UserOutcome(None, [UserError(ErrorCode.LAST_ADMIN, message, F_USER)])
        return UserOutcome(await deactivate(user), [])


async def _locked(principal: Principal, user: PartnerUser, conn) -> tuple[PartnerUser, UserError | None]:
    """`user` read again under a lock on their partner's row, and whether the caller is still an
    active ADMIN: the role changes and deactivations of one partner's users happen one after
    another, so two ADMINs demoting each other at the same moment cannot leave the partner
    without one."""
    await Partner.filter(id=user.partner_id).select_for_update().using_db(conn).first()
    caller = await PartnerUser.filter(id=principal.user.id).using_db(conn).get()
    still_admin = caller.role is UserRole.ADMIN and caller.status is UserStatus.ACTIVE
    user = await PartnerUser.filter(id=user.id).using_db(conn).get()
    return user, None if still_admin else UserError(ErrorCode.FORBIDDEN, ONLY_ADMIN, None)


async def _last_admin(user: PartnerUser, conn) -> bool:
    """Whether `user` is their partner's only ACTIVE ADMIN."""
    if user.role is not UserRole.ADMIN or user.status is not UserStatus.ACTIVE:
        return False
    others = (
        PartnerUser.filter(partner_id=user.partner_id, role=UserRole.ADMIN, status=UserStatus.ACTIVE)
        .exclude(id=user.id)
        .using_db(conn)
    )
    return not await others.exists()


async def set_user_role(principal: Principal, user_id: int | None, role: UserRole) -> UserOutcome:
    """`setUserRole`: an ADMIN gives one of the partner's users another role, themselves
    included, while another active ADMIN remains (`LAST_ADMIN` otherwise). The same role again
    changes nothing; a deactivated user keeps the role they had."""
    user, error = await _managed_user(principal, user_id)
    if error:
        return UserOutcome(None, [error])
    errors: list[UserError] = []
    new_role = _read_role(role, errors)
    if new_role is None:
        return UserOutcome(None, errors)
    async with in_transaction() as conn:
        user, error = await _locked(principal, user, conn)
        if error:
            return UserOutcome(None, [error])
        if user.status is UserStatus.DEACTIVATED:
            message = f"{user.name} is deactivated; a deactivated user's role does not change."
            return UserOutcome(None, [UserError(ErrorCode.INVALID_INPUT, message, F_USER)])
        if new_role is user.role:
            return UserOutcome(user, [])
        if await _last_admin(user, conn):
            message = f"{user.name} is the last active ADMIN: make someone else ADMIN first."
            return UserOutcome(None, [UserError(ErrorCode.LAST_ADMIN, message, F_ROLE)])
        before = user.role
        await PartnerUser.filter(id=user.id).using_db(conn).update(role=new_role)
        user.role = new_role
        await events.user_role_changed(user, before, using_db=conn)
    return UserOutcome(user, [])


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
