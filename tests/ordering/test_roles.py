"""setUserRole and the last active ADMIN: an ADMIN changes roles; a partner always keeps one."""

from __future__ import annotations

import asyncio

from graphql_portal.models import PartnerUser, UserRole, UserStatus
from graphql_portal.ordering.users import deactivate_user, set_user_role
from tests.support.demo import principal, user_id
from tests.support.upgrades import codes

USER, ROLE = ("input", "userId"), ("input", "role")
ALICE, OSCAR, VERA, CARL = (
    "alice@northwind.example",
    "oscar@northwind.example",
    "vera@northwind.example",
    "carl@contoso.example",
)


async def role_of(email: str) -> UserRole:
    return (await PartnerUser.get(email_key=email)).role


async def test_an_admin_changes_a_users_role(db):
    alice = await principal(ALICE)
    outcome = await set_user_role(alice, await user_id(VERA), UserRole.ORDERING)
    assert (outcome.errors, outcome.user.role) == ([], UserRole.ORDERING)
    assert await role_of(VERA) is UserRole.ORDERING
    # The same role again is no change and no error.
    again = await set_user_role(alice, await user_id(VERA), UserRole.ORDERING)
    assert (again.errors, again.user.role) == ([], UserRole.ORDERING)


async def test_only_an_admin_changes_roles_and_only_of_its_own_partner(db):
    for who in (OSCAR, VERA):
        outcome = await set_user_role(await principal(who), await user_id(who), UserRole.ADMIN)
        assert (outcome.user, codes(outcome.errors)) == (None, [("FORBIDDEN", None)])
    assert (await role_of(OSCAR), await role_of(VERA)) == (UserRole.ORDERING, UserRole.VIEWER)
    alice = await principal(ALICE)
    for other in (await user_id(CARL), 10**6, None, 2**40):
        outcome = await set_user_role(alice, other, UserRole.VIEWER)
        assert codes(outcome.errors) == [("NOT_FOUND", USER)], other
    assert await role_of(CARL) is UserRole.ADMIN


async def test_the_last_active_admin_keeps_the_role(db):
    alice = await principal(ALICE)
    outcome = await set_user_role(alice, alice.user.id, UserRole.ORDERING)
    assert codes(outcome.errors) == [("LAST_ADMIN", ROLE)]
    assert outcome.errors[0].message == "Alice Admin is the last active ADMIN: make someone else ADMIN first."
    assert await role_of(ALICE) is UserRole.ADMIN
    # An INVITED ADMIN is not yet one who can act.
    await PartnerUser.filter(email_key=VERA).update(role=UserRole.ADMIN, status=UserStatus.INVITED)
    assert codes((await set_user_role(alice, alice.user.id, UserRole.VIEWER)).errors) == [
        ("LAST_ADMIN", ROLE)
    ]
    # With another active ADMIN, Alice may step down herself.
    await set_user_role(alice, await user_id(OSCAR), UserRole.ADMIN)
    outcome = await set_user_role(alice, alice.user.id, UserRole.VIEWER)
    assert (outcome.errors, await role_of(ALICE)) == ([], UserRole.VIEWER)
    # Now Oscar is the last: nobody can deactivate or demote him.
    oscar = await principal(OSCAR)
    assert codes((await set_user_role(oscar, oscar.user.id, UserRole.ORDERING)).errors) == [
        ("LAST_ADMIN", ROLE)
    ]


async def test_the_last_active_admin_cannot_be_deactivated(db):
    alice = await principal(ALICE)
    await set_user_role(alice, await user_id(OSCAR), UserRole.ADMIN)
    oscar = await principal(OSCAR)
    await set_user_role(oscar, alice.user.id, UserRole.VIEWER)
    # Alice, a VIEWER now, may be deactivated by Oscar; Oscar himself cannot be, by anyone.
    await PartnerUser.filter(email_key=VERA).update(role=UserRole.ADMIN, status=UserStatus.DEACTIVATED)
    outcome = await deactivate_user(oscar, alice.user.id)
    assert outcome.errors == [] and (await PartnerUser.get(id=alice.user.id)).status is UserStatus.DEACTIVATED
    await PartnerUser.filter(email_key=VERA).update(status=UserStatus.ACTIVE)
    vera = await principal(VERA)
    await set_user_role(vera, oscar.user.id, UserRole.ADMIN)
    await set_user_role(oscar, vera.user.id, UserRole.ORDERING)
    # Vera is no ADMIN now: she cannot deactivate Oscar, and Oscar is the last in any case.
    assert codes((await deactivate_user(vera, oscar.user.id)).errors) == [("FORBIDDEN", None)]
    assert (await PartnerUser.get(id=oscar.user.id)).status is UserStatus.ACTIVE


async def test_a_deactivated_users_role_does_not_change(db):
    alice = await principal(ALICE)
    await PartnerUser.filter(email_key=VERA).update(status=UserStatus.DEACTIVATED)
    outcome = await set_user_role(alice, await user_id(VERA), UserRole.ADMIN)
    assert codes(outcome.errors) == [("INVALID_INPUT", USER)]
    assert await role_of(VERA) is UserRole.VIEWER


async def test_a_role_that_does_not_exist_is_refused(db):
    alice = await principal(ALICE)
    outcome = await set_user_role(alice, await user_id(VERA), "OWNER")
    assert codes(outcome.errors) == [("INVALID_INPUT", ROLE)]


async def test_two_admins_demoting_each_other_at_once_leave_one_admin(db):
    alice = await principal(ALICE)
    await set_user_role(alice, await user_id(OSCAR), UserRole.ADMIN)
    oscar = await principal(OSCAR)
    for _ in range(3):
        outcomes = await asyncio.gather(
            set_user_role(alice, oscar.user.id, UserRole.VIEWER),
            set_user_role(oscar, alice.user.id, UserRole.VIEWER),
            deactivate_user(alice, oscar.user.id),
            deactivate_user(oscar, alice.user.id),
        )
        refused = [codes(o.errors) for o in outcomes if o.errors]
        # Refused as the last ADMIN, as no longer an ADMIN, or as deactivated meanwhile.
        assert all(c[0][0] in ("LAST_ADMIN", "FORBIDDEN", "INVALID_INPUT") for c in refused), refused
        admins = await PartnerUser.filter(
            partner_id=alice.partner_id, role=UserRole.ADMIN, status=UserStatus.ACTIVE
        ).count()
        assert admins == 1
        # Back to two ADMINs for the next round.
        await PartnerUser.filter(id__in=[alice.user.id, oscar.user.id]).update(
            role=UserRole.ADMIN, status=UserStatus.ACTIVE
        )
