"""Server-side sessions for staff and partner users: one table, hashed keys, expiry, ending."""

from __future__ import annotations

import datetime as dt
import hashlib

from graphql_portal.auth import (
    authenticate,
    create_user_token,
    deactivate_partner_user,
    deactivate_staff_user,
    end_session,
    resolve_partner_session,
    resolve_staff_session,
    set_password,
    sign_in_partner,
    sign_in_staff,
    start_session,
)
from graphql_portal.models import AuthSession, PartnerUser, SessionKind, StaffUser, TokenKind
from graphql_portal.resolvers.context import Context
from graphql_portal.schema import schema
from tests.support.demo import STAFF_PASSWORD
from tests.support.environment import make_settings

STAFF = "staff@portal.example"
OSCAR = "oscar@northwind.example"
OSCAR_PASSWORD = "a passphrase nobody else knows"


async def test_sign_in_starts_a_new_session_whose_key_is_stored_only_as_a_hash(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    first = await sign_in_staff(STAFF, STAFF_PASSWORD, "127.0.0.1", settings)
    assert first.ok and len(first.key) == 43
    row = await AuthSession.get(id=first.session.id)
    assert row.key_hash == hashlib.sha256(first.key.encode()).hexdigest()
    assert (row.kind, row.staff_id, row.user_id) == (SessionKind.STAFF, first.staff.id, None)
    assert first.key not in (row.key_hash, row.csrf_token)
    assert (await resolve_staff_session(first.key, settings)).staff.email == STAFF

    second = await sign_in_staff(STAFF, STAFF_PASSWORD, "127.0.0.1", settings, previous_key=first.key)
    assert second.key != first.key and second.session.csrf_token != first.session.csrf_token
    assert (await resolve_staff_session(first.key, settings)).session is None
    assert (await resolve_staff_session(second.key, settings)).staff is not None
    # A staff key opens no portal session, and the other way round.
    assert (await resolve_partner_session(second.key, settings)).session is None


async def test_sign_out_ends_the_session_for_good(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    await set_password(OSCAR, OSCAR_PASSWORD)
    signed_in = await sign_in_partner(OSCAR, OSCAR_PASSWORD, "127.0.0.1", settings)
    assert (await resolve_partner_session(signed_in.key, settings)).principal is not None
    await end_session(signed_in.key)
    found = await resolve_partner_session(signed_in.key, settings)
    assert (found.session, found.principal, found.expired) == (None, None, False)
    assert not await AuthSession.filter(id=signed_in.session.id).exists()


async def test_idle_and_absolute_expiry(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    assert (settings.session_idle_seconds, settings.session_absolute_seconds) == (3600, 43200)
    staff = await StaffUser.get(email_key=STAFF)
    now = dt.datetime.now(dt.UTC)

    idle_key, idle = await start_session(staff, settings)
    await AuthSession.filter(id=idle.id).update(last_seen_at=now - dt.timedelta(seconds=3601))
    assert (await resolve_staff_session(idle_key, settings)).ended == "idle"
    assert not await AuthSession.filter(id=idle.id).exists()

    busy_key, busy = await start_session(staff, settings)
    await AuthSession.filter(id=busy.id).update(
        created_at=now - dt.timedelta(hours=12, seconds=1), last_seen_at=now - dt.timedelta(seconds=5)
    )
    assert (await resolve_staff_session(busy_key, settings)).ended == "absolute"

    live_key, live = await start_session(staff, settings)
    almost = now - dt.timedelta(seconds=3590)
    await AuthSession.filter(id=live.id).update(last_seen_at=almost)
    assert (await resolve_staff_session(live_key, settings, touch=False)).staff is not None
    assert (await AuthSession.get(id=live.id)).last_seen_at == almost
    assert (await resolve_staff_session(live_key, settings)).staff is not None
    assert (await AuthSession.get(id=live.id)).last_seen_at > now


async def test_deactivating_a_staff_user_ends_their_sessions(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    keys = [(await sign_in_staff(STAFF, STAFF_PASSWORD, "127.0.0.1", settings)).key for _ in range(2)]
    await deactivate_staff_user(STAFF.upper())
    for key in keys:
        assert (await resolve_staff_session(key, settings)).session is None
    assert not await AuthSession.filter(kind=SessionKind.STAFF).exists()
    assert not (await sign_in_staff(STAFF, STAFF_PASSWORD, "127.0.0.1", settings)).ok


async def test_a_deactivated_partner_user_loses_sessions_and_tokens_at_once(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    await set_password(OSCAR, OSCAR_PASSWORD)
    signed_in = await sign_in_partner(OSCAR, OSCAR_PASSWORD, "127.0.0.1", settings)
    issued = await create_user_token(OSCAR)
    assert await authenticate(issued.token) is not None
    oscar = await PartnerUser.get(email_key=OSCAR)
    await deactivate_partner_user(oscar)
    assert await authenticate(issued.token) is None
    assert (await resolve_partner_session(signed_in.key, settings)).principal is None
    again = await sign_in_partner(OSCAR, OSCAR_PASSWORD, "127.0.0.1", settings)
    assert (again.ok, again.message) == (False, "Wrong email or password.")


async def test_a_token_of_a_user_deactivated_elsewhere_is_refused(db, tmp_path):
    issued = await create_user_token(OSCAR)
    await PartnerUser.filter(email_key=OSCAR).update(status="DEACTIVATED")
    assert await authenticate(issued.token) is None


async def test_the_schema_answers_a_portal_session_principal_like_a_token(db, tmp_path):
    settings = make_settings(db.url, tmp_path)
    await set_password(OSCAR, OSCAR_PASSWORD)
    signed_in = await sign_in_partner(OSCAR, OSCAR_PASSWORD, "127.0.0.1", settings)
    principal = (await resolve_partner_session(signed_in.key, settings)).principal
    assert (principal.kind, principal.token_id, principal.session_id) == (
        TokenKind.PARTNER_USER,
        None,
        signed_in.session.id,
    )
    query = "{ viewer { kind user { email role } partner { name } } customers(first: 1) { edges { node { name } } } }"
    result = await schema.execute(query, context_value=Context(principal=principal, settings=settings))
    assert result.errors is None
    assert result.data["viewer"] == {
        "kind": "PARTNER_USER",
        "user": {"email": OSCAR, "role": "ORDERING"},
        "partner": {"name": "Northwind Managed IT"},
    }
    assert len(result.data["customers"]["edges"]) == 1
