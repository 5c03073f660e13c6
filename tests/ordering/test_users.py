"""createUser and add_partner_user: roles, validation, unique emails across partners."""

from __future__ import annotations

import asyncio

from graphql_portal.auth import Principal, create_user_token
from graphql_portal.models import Job, JobKind, Partner, PartnerUser, TokenKind, UserRole, UserStatus
from graphql_portal.ordering.users import add_partner_user, create_user
from tests.support.demo import principal
from tests.support.upgrades import codes

NAME, EMAIL, ROLE = ("input", "name"), ("input", "email"), ("input", "role")


def email_of_length(n: int) -> str:
    """A valid address of `n` characters: a full local part, then 60-letter domain labels."""
    domain = "d" * (n - 65 - 4)
    labels = [domain[i : i + 60] for i in range(0, len(domain), 60)]
    return "l" * 64 + "@" + ".".join(labels)[: n - 69] + ".com"


async def test_admin_creates_a_user_of_its_own_partner(db):
    alice = await principal("alice@northwind.example")
    outcome = await create_user(alice, "  Nora New  ", " Nora.New@Northwind.Example ", UserRole.ORDERING)
    assert outcome.errors == []
    user = await PartnerUser.get(id=outcome.user.id)
    assert (user.partner_id, user.name, user.email, user.email_key, user.role) == (
        alice.user.partner_id,
        "Nora New",
        "Nora.New@northwind.example",
        "nora.new@northwind.example",
        UserRole.ORDERING,
    )


async def test_role_may_be_given_as_its_name(db):
    outcome = await create_user(
        await principal("alice@northwind.example"), "Val", "val@northwind.example", "VIEWER"
    )
    assert (outcome.errors, outcome.user.role) == ([], UserRole.VIEWER)


async def test_only_an_admin_creates_users(db):
    for email in ("oscar@northwind.example", "vera@northwind.example"):
        outcome = await create_user(await principal(email), "X", "x@northwind.example", UserRole.VIEWER)
        assert (outcome.user, codes(outcome.errors)) == (None, [("FORBIDDEN", None)])
    reconciliation = Principal(kind=TokenKind.RECONCILIATION, token_id=1)
    outcome = await create_user(reconciliation, "X", "x@northwind.example", UserRole.VIEWER)
    assert codes(outcome.errors) == [("FORBIDDEN", None)]
    assert await PartnerUser.filter(email_key="x@northwind.example").count() == 0


async def test_an_address_of_the_partners_own_user_names_whom_to_select_instead(db):
    alice = await principal("alice@northwind.example")
    again = await create_user(alice, "Lena Two", "Lena@NORTHWIND.example", UserRole.VIEWER)
    assert codes(again.errors) == [("EMAIL_TAKEN", EMAIL)]
    assert again.errors[0].message == "Lena Lead has this address already."
    assert await PartnerUser.all().count() == 5


async def test_an_address_of_another_partner_is_refused_without_saying_where(db):
    """An ADMIN cannot learn that an address has an account at another partner: the answer is
    the one any unusable address gets, and names nobody."""
    carl = await principal("carl@contoso.example")
    outcome = await create_user(carl, "Oscar Again", "OSCAR@Northwind.example", UserRole.ADMIN)
    assert [(e.code.value, e.field, e.message) for e in outcome.errors] == [
        ("INVALID_INPUT", EMAIL, "This address cannot be used.")
    ]
    alice = await principal("alice@northwind.example")
    outcome = await create_user(alice, "Carl Again", " carl@CONTOSO.example ", UserRole.VIEWER)
    assert [(e.code.value, e.message) for e in outcome.errors] == [
        ("INVALID_INPUT", "This address cannot be used.")
    ]
    assert "Carl" not in repr(outcome.errors) and "Contoso" not in repr(outcome.errors)
    assert await PartnerUser.all().count() == 5


async def test_staff_are_told_the_address_exists_wherever_it_is(db):
    contoso = await Partner.get(name="Contoso Cyber Services")
    user, errors = await add_partner_user(contoso.id, "Oscar", "oscar@NORTHWIND.example", UserRole.VIEWER)
    assert user is None
    assert [(e.code.value, e.message) for e in errors] == [
        ("EMAIL_TAKEN", "A user with email 'oscar@northwind.example' exists already.")
    ]


async def test_an_empty_address_asks_for_one(db):
    alice = await principal("alice@northwind.example")
    outcome = await create_user(alice, "Nobody", "   ", UserRole.VIEWER)
    assert [(e.code.value, e.field, e.message) for e in outcome.errors] == [
        ("INVALID_INPUT", EMAIL, "Enter an email address.")
    ]


async def test_every_invalid_field_is_reported(db):
    alice = await principal("alice@northwind.example")
    outcome = await create_user(alice, "   ", "not-an-email", "OWNER")
    assert codes(outcome.errors) == [
        ("INVALID_INPUT", NAME),
        ("INVALID_INPUT", EMAIL),
        ("INVALID_INPUT", ROLE),
    ]


async def test_bounds_and_hostile_strings(db):
    alice = await principal("alice@northwind.example")
    cases = [
        ("x" * 201, "ok1@northwind.example", NAME),
        ("", "ok2@northwind.example", NAME),
        ("Line\nBreak", "ok3@northwind.example", NAME),
        ("Long Mail", email_of_length(255), EMAIL),
        ("Long Local Part", "l" * 65 + "@example.com", EMAIL),
        ("Header", "evil@example.com\r\nBcc: all@example.com", EMAIL),
        ("Two Ats", "a@b@example.com", EMAIL),
        ("No Domain Dot", "a@localhost", EMAIL),
        ("Huge", "y" * 10_000, EMAIL),
        ("Not A String", 12345, EMAIL),
    ]
    for name, email, field in cases:
        outcome = await create_user(alice, name, email, UserRole.VIEWER)
        assert codes(outcome.errors) == [("INVALID_INPUT", field)], (name, str(email)[:40])
        assert all(len(error.message) < 120 for error in outcome.errors)
    longest = await create_user(alice, "x" * 200, email_of_length(254), UserRole.VIEWER)
    assert longest.errors == []
    assert await PartnerUser.all().count() == 6


HOSTILE_EMAILS = [
    "x<carl@contoso.example>.y",
    "eve2,bob@evil.example",
    "eve@evil.example,carl@contoso.example",
    "Carl <carl@contoso.example>",
    '"carl@contoso.example"@evil.example',
    "carl@contoso.example (Carl)",
    "eve@[127.0.0.1]",
    "eve@evil.test",
    "eve@evil..example",
    "Jos\u00e9@example.com",
    "eve@evil.example\x00",
]


async def test_addresses_that_smuggle_another_or_cannot_be_sent_to_are_refused(db):
    alice = await principal("alice@northwind.example")
    for email in HOSTILE_EMAILS:
        outcome = await create_user(alice, "Eve", email, UserRole.VIEWER)
        assert codes(outcome.errors) == [("INVALID_INPUT", EMAIL)], email
        assert outcome.errors[0].message.startswith(f"{email[:40]!r}"[:-1])
        assert outcome.errors[0].message.endswith(" is not an email address; write it as name@example.com.")
    assert await PartnerUser.all().count() == 5


async def test_an_address_is_stored_normalized_and_found_by_its_normalized_key(db):
    alice = await principal("alice@northwind.example")
    outcome = await create_user(alice, "Nora", "  Nora@B\u00fccher.EXAMPLE ", UserRole.VIEWER)
    user = await PartnerUser.get(id=outcome.user.id)
    assert (user.email, user.email_key) == ("Nora@b\u00fccher.example", "nora@b\u00fccher.example")
    # The same mailbox written with the domain's ASCII (IDNA) form is the same user.
    again = await create_user(alice, "Nora Again", "NORA@xn--bcher-kva.example", UserRole.VIEWER)
    assert codes(again.errors) == [("EMAIL_TAKEN", EMAIL)]
    issued = await create_user_token("nora@XN--BCHER-KVA.example")
    assert issued.record.user_id == user.id


async def test_add_partner_user_for_an_unknown_partner(db):
    user, errors = await add_partner_user(999_999, "Nobody", "nobody@example.com", UserRole.VIEWER)
    assert (user, codes(errors)) == (None, [("NOT_FOUND", None)])
    user, errors = await add_partner_user(2**40, "Nobody", "nobody@example.com", UserRole.VIEWER)
    assert codes(errors) == [("NOT_FOUND", None)]


async def test_staff_add_a_user_to_any_partner(db):
    contoso = await Partner.get(name="Contoso Cyber Services")
    user, errors = await add_partner_user(contoso.id, "Cora", "cora@contoso.example", UserRole.ADMIN)
    assert errors == []
    assert (await PartnerUser.get(id=user.id)).partner_id == contoso.id


async def test_concurrent_creation_of_one_email_gives_one_user(db):
    alice = await principal("alice@northwind.example")
    outcomes = await asyncio.gather(
        *(create_user(alice, f"Twin {n}", "Twin@Northwind.example", "VIEWER") for n in range(4))
    )
    assert sorted(len(o.errors) for o in outcomes) == [0, 1, 1, 1]
    assert {codes(o.errors)[0] for o in outcomes if o.errors} == {("EMAIL_TAKEN", EMAIL)}
    assert await PartnerUser.filter(email_key="twin@northwind.example").count() == 1


async def test_a_created_user_is_invited_with_an_email_job_in_the_same_transaction(db):
    outcome = await create_user(
        await principal("alice@northwind.example"), "Ina", "ina@northwind.example", "VIEWER"
    )
    assert outcome.user.status is UserStatus.INVITED and outcome.user.password_hash is None
    (job,) = await Job.filter(kind=JobKind.SEND_INVITATION)
    assert job.payload == {"user_id": outcome.user.id, "reason": "invite"}
    taken = await create_user(
        await principal("alice@northwind.example"), "Ina", "INA@northwind.example", "VIEWER"
    )
    assert [e.code.value for e in taken.errors] == ["EMAIL_TAKEN"]
    assert await Job.filter(kind=JobKind.SEND_INVITATION).count() == 1
