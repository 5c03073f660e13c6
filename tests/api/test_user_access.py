"""User status, deactivateUser and resendInvitation over GraphQL: roles, tenancy, effects."""

from __future__ import annotations

from graphql_portal.ids import encode_id
from graphql_portal.models import Job, JobKind, PartnerUser, UserStatus

CREATE = """mutation($i: CreateUserInput!) {
  createUser(input: $i) { user { id email status } errors { code field } }
}"""
DEACTIVATE = """mutation($id: ID!) {
  deactivateUser(input: {userId: $id}) { user { email status } errors { code field message } }
}"""
RESEND = """mutation($id: ID!) {
  resendInvitation(input: {userId: $id}) { user { email status } errors { code field message } }
}"""
USERS = "{ users(first: 50) { nodes { email status } } }"


async def gid(email: str) -> str:
    return encode_id("User", (await PartnerUser.get(email_key=email)).id)


async def test_created_users_are_invited_and_listed_with_their_status(api):
    made = await api.gql(CREATE, {"i": {"name": "Nora", "email": "nora@northwind.example", "role": "VIEWER"}})
    assert made["createUser"]["user"]["status"] == "INVITED"
    assert await Job.filter(kind=JobKind.SEND_INVITATION).count() == 1
    statuses = {u["email"]: u["status"] for u in (await api.gql(USERS))["users"]["nodes"]}
    assert statuses["nora@northwind.example"] == "INVITED"
    assert statuses["alice@northwind.example"] == "ACTIVE"

    resent = await api.gql(RESEND, {"id": made["createUser"]["user"]["id"]})
    assert resent["resendInvitation"] == {
        "user": {"email": "nora@northwind.example", "status": "INVITED"},
        "errors": [],
    }
    assert await Job.filter(kind=JobKind.SEND_INVITATION).count() == 2
    active = await api.gql(RESEND, {"id": await gid("lena@northwind.example")})
    assert active["resendInvitation"]["errors"] == [
        {
            "code": "ALREADY_ACTIVE",
            "field": ["input", "userId"],
            "message": "'lena@northwind.example' has chosen a password already.",
        }
    ]


async def test_deactivation_stops_the_users_token_at_once(api):
    lena = await gid("lena@northwind.example")
    before = await api.post("{ viewer { kind } }", token="lena")
    assert before.status_code == 200
    done = await api.gql(DEACTIVATE, {"id": lena})
    assert done["deactivateUser"] == {
        "user": {"email": "lena@northwind.example", "status": "DEACTIVATED"},
        "errors": [],
    }
    after = await api.post("{ viewer { kind } }", token="lena")
    assert after.status_code == 401
    assert (await PartnerUser.get(email_key="lena@northwind.example")).status is UserStatus.DEACTIVATED


async def test_only_an_admin_of_the_same_partner_manages_users(api):
    lena, carl = await gid("lena@northwind.example"), await gid("carl@contoso.example")
    for mutation, name in ((DEACTIVATE, "deactivateUser"), (RESEND, "resendInvitation")):
        as_oscar = await api.gql(mutation, {"id": lena}, token="oscar")
        assert [e["code"] for e in as_oscar[name]["errors"]] == ["FORBIDDEN"]
        foreign = await api.gql(mutation, {"id": carl})
        assert [(e["code"], e["field"]) for e in foreign[name]["errors"]] == [
            ("NOT_FOUND", ["input", "userId"])
        ]
        finance = await api.gql(mutation, {"id": lena}, token="finance")
        assert [e["code"] for e in finance[name]["errors"]] == ["FORBIDDEN"]
    assert (await PartnerUser.get(email_key="carl@contoso.example")).status is UserStatus.ACTIVE


async def test_a_deactivated_user_cannot_be_chosen_as_lead(api):
    lena = await gid("lena@northwind.example")
    await api.gql(DEACTIVATE, {"id": lena})
    review = """mutation($i: UpgradeInput!) { reviewUpgrade(input: $i) { errors { code field } } }"""
    fabrikam = (await api.gql('{ customers(search: "FAB-001") { nodes { id } } }'))["customers"]["nodes"][0][
        "id"
    ]
    data = await api.gql(
        review,
        {
            "i": {
                "customerId": fabrikam,
                "seatAdjustment": 1,
                "implementationLeadId": lena,
                "primaryProduct": {"mode": "KEEP_EXISTING"},
            }
        },
    )
    assert data["reviewUpgrade"]["errors"] == [
        {"code": "UNKNOWN_USER", "field": ["input", "implementationLeadId"]}
    ]
