"""setUserRole and deactivateUser over GraphQL: roles, the last active ADMIN, tenancy."""

from __future__ import annotations

from graphql_portal.ids import encode_id
from graphql_portal.models import PartnerUser, UserRole, UserStatus

SET_ROLE = """
mutation($id: ID!, $role: UserRole!) {
  setUserRole(input: {userId: $id, role: $role}) { user { name role status } errors { code field message } }
}
"""
DEACTIVATE = """
mutation($id: ID!) { deactivateUser(input: {userId: $id}) { user { status } errors { code field message } } }
"""


async def gid(email: str) -> str:
    return encode_id("User", (await PartnerUser.get(email_key=email)).id)


async def set_role(api, email: str, role: str, token="alice") -> dict:
    return (await api.gql(SET_ROLE, {"id": await gid(email), "role": role}, token=token))["setUserRole"]


async def test_an_admin_changes_roles_and_the_role_takes_effect_at_once(api):
    changed = await set_role(api, "vera@northwind.example", "ORDERING")
    assert changed == {"user": {"name": "Vera Viewer", "role": "ORDERING", "status": "ACTIVE"}, "errors": []}
    # Vera's own token now orders: the role is read on every request.
    viewer = await api.gql("{ viewer { user { role } } }", token="vera")
    assert viewer["viewer"]["user"]["role"] == "ORDERING"


async def test_anyone_but_an_admin_is_forbidden(api):
    for token in ("oscar", "vera", "lena"):
        refused = await set_role(api, "oscar@northwind.example", "ADMIN", token=token)
        assert refused == {
            "user": None,
            "errors": [{"code": "FORBIDDEN", "field": None, "message": "Only an ADMIN may manage users."}],
        }
    response = await api.post(
        SET_ROLE, {"id": await gid("oscar@northwind.example"), "role": "ADMIN"}, token="finance"
    )
    assert response.json()["data"]["setUserRole"]["errors"][0]["code"] == "FORBIDDEN"
    assert (await PartnerUser.get(email_key="oscar@northwind.example")).role is UserRole.ORDERING


async def test_another_partners_user_is_not_found(api):
    for user_id in (await gid("carl@contoso.example"), encode_id("User", 10**6), "not-an-id"):
        refused = (await api.gql(SET_ROLE, {"id": user_id, "role": "VIEWER"}))["setUserRole"]
        assert [(e["code"], e["field"]) for e in refused["errors"]] == [("NOT_FOUND", ["input", "userId"])]
    assert (await PartnerUser.get(email_key="carl@contoso.example")).role is UserRole.ADMIN


async def test_the_last_active_admin(api):
    alone = await set_role(api, "alice@northwind.example", "VIEWER")
    assert alone["errors"] == [
        {
            "code": "LAST_ADMIN",
            "field": ["input", "role"],
            "message": "Alice Admin is the last active ADMIN: make someone else ADMIN first.",
        }
    ]
    assert (await set_role(api, "lena@northwind.example", "ADMIN"))["errors"] == []
    stepped_down = await set_role(api, "alice@northwind.example", "ORDERING")
    assert stepped_down["user"]["role"] == "ORDERING"
    # Alice is no ADMIN any more: her token may not change roles back.
    assert (await set_role(api, "alice@northwind.example", "ADMIN"))["errors"][0]["code"] == "FORBIDDEN"
    last = await set_role(api, "lena@northwind.example", "VIEWER", token="lena")
    assert [e["code"] for e in last["errors"]] == ["LAST_ADMIN"]
    lena = await PartnerUser.get(email_key="lena@northwind.example")
    assert (lena.role, lena.status) == (UserRole.ADMIN, UserStatus.ACTIVE)
