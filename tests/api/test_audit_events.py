"""auditEvents: a partner's ADMIN reads its own trail; reconciliation tokens read order events."""

from __future__ import annotations

import datetime as dt

import pytest

from graphql_portal.events import Actor, Change, acting_as, record
from graphql_portal.ids import encode_id
from graphql_portal.models import AuditEvent, Customer, EventType, PartnerUser
from tests.support.api import count_statements
from tests.support.orders import make_completed_order
from tests.support.upgrades import upgrade_input

TRAIL = """
query($first: Int, $after: String, $filter: AuditEventFilter) {
  auditEvents(first: $first, after: $after, filter: $filter) {
    nodes {
      id type occurredAt address
      actor { kind name user { id name } }
      order { id number } customer { id name } user { id email }
      changes { field before after }
    }
    edges { cursor node { id } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


async def _northwind() -> tuple[int, PartnerUser]:
    alice = await PartnerUser.get(email_key="alice@northwind.example")
    return alice.partner_id, alice


async def _events(api, token="alice", **variables) -> dict:
    return (await api.gql(TRAIL, variables, token=token))["auditEvents"]


async def test_an_admin_reads_changes_made_through_the_api_with_who_and_from_where(api):
    data = await api.gql(
        'mutation { createUser(input: {name: "Nora", email: "nora@northwind.example", role: VIEWER}) { user { id } errors { code } } }'
    )
    nora_id = data["createUser"]["user"]["id"]
    events = await _events(api, filter={"types": ["USER_CREATED"]})
    alice = await PartnerUser.get(email_key="alice@northwind.example")
    assert events["nodes"] == [
        {
            "id": events["nodes"][0]["id"],
            "type": "USER_CREATED",
            "occurredAt": events["nodes"][0]["occurredAt"],
            "address": "127.0.0.1",
            "actor": {
                "kind": "PARTNER_USER",
                "name": "Alice Admin",
                "user": {"id": encode_id("User", alice.id), "name": "Alice Admin"},
            },
            "order": None,
            "customer": None,
            "user": {"id": nora_id, "email": "nora@northwind.example"},
            "changes": [
                {"field": "name", "before": None, "after": "Nora"},
                {"field": "email", "before": None, "after": "nora@northwind.example"},
                {"field": "role", "before": None, "after": "VIEWER"},
                {"field": "status", "before": None, "after": "INVITED"},
            ],
        }
    ]
    row = await AuditEvent.get(type=EventType.USER_CREATED)
    assert row.actor_ref.startswith("token:")


async def test_a_submit_through_the_api_is_in_the_trail_with_its_order_and_customer(api):
    review = await api.gql(
        "mutation($input: UpgradeInput!) { reviewUpgrade(input: $input) { review { id } errors { code } } }",
        {"input": await upgrade_input()},
        token="oscar",
    )
    submitted = await api.gql(
        "mutation($id: ID!) { submitUpgrade(input: {reviewId: $id, confirmMsa: true, confirmAuthorized: true}) { order { id number } } }",
        {"id": review["reviewUpgrade"]["review"]["id"]},
        token="oscar",
    )
    order = submitted["submitUpgrade"]["order"]
    events = await _events(api, filter={"orderId": order["id"]})
    fabrikam = await Customer.get(account_code="FAB-001")
    assert [(n["type"], n["actor"]["name"], n["order"], n["customer"]) for n in events["nodes"]] == [
        (
            "ORDER_SUBMITTED",
            "Oscar Orders",
            order,
            {"id": encode_id("Customer", fabrikam.id), "name": "Fabrikam Dental"},
        )
    ]


async def test_newest_first_by_occurred_at_then_id_paged_with_cursors(api):
    partner, alice = await _northwind()
    ids = []
    for minutes in (0, 5, 5, 10):
        ids.append(
            (
                await record(EventType.PASSWORD_CHANGED, partner_id=partner, user_id=alice.id, at=at(minutes))
            ).id
        )
    expected = [encode_id("AuditEvent", i) for i in (ids[3], ids[2], ids[1], ids[0])]
    whole = await _events(api, filter={"types": ["PASSWORD_CHANGED"]})
    assert [n["id"] for n in whole["nodes"]] == expected
    seen, after = [], None
    while True:
        page = await _events(api, first=1, after=after, filter={"types": ["PASSWORD_CHANGED"]})
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
        assert page["edges"][0]["cursor"] == after
    assert seen == expected


async def test_filters_by_type_time_order_customer_and_user(api):
    partner, alice = await _northwind()
    fabrikam = await Customer.get(account_code="FAB-001")
    order = await make_completed_order(fabrikam)
    oscar = await PartnerUser.get(email_key="oscar@northwind.example")
    await record(
        EventType.ORDER_COMPLETED, partner_id=partner, order_id=order.id, customer_id=fabrikam.id, at=at(0)
    )
    await record(EventType.USER_DEACTIVATED, partner_id=partner, user_id=oscar.id, at=at(10))
    await record(EventType.SIGNED_IN, partner_id=partner, user_id=alice.id, at=at(20))

    async def types(**flt) -> list[str]:
        return [n["type"] for n in (await _events(api, filter=flt))["nodes"]]

    assert await types(since=at(0).isoformat(), until=at(20).isoformat()) == [
        "USER_DEACTIVATED",
        "ORDER_COMPLETED",
    ]
    assert await types(since=at(10).isoformat(), until=at(10).isoformat()) == []
    assert await types(since=at(10).isoformat(), until=at(11).isoformat()) == ["USER_DEACTIVATED"]
    assert await types(types=["SIGNED_IN", "ORDER_COMPLETED"], until=at(30).isoformat()) == [
        "SIGNED_IN",
        "ORDER_COMPLETED",
    ]
    assert await types(types=[]) == []
    assert await types(orderId=encode_id("Order", order.id)) == ["ORDER_COMPLETED"]
    assert await types(customerId=encode_id("Customer", fabrikam.id)) == ["ORDER_COMPLETED"]
    # (the API's own tokens were made now, after T0: their TOKEN_CREATED events are left out)
    assert await types(userId=encode_id("User", oscar.id), until=at(30).isoformat()) == ["USER_DEACTIVATED"]
    assert await types(userId="not an id") == []
    assert await types(orderId=encode_id("Customer", fabrikam.id)) == []


async def test_only_an_admin_reads_the_trail_and_only_its_own_partners(api):
    partner, alice = await _northwind()
    await record(EventType.SIGNED_IN, partner_id=partner, user_id=alice.id)
    for token in ("oscar", "vera"):
        body = (await api.post(TRAIL, token=token)).json()
        assert body["data"] is None
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
            (["auditEvents"], "FORBIDDEN")
        ]
    carl = await _events(api, token="carl")
    assert {n["type"] for n in carl["nodes"]} == {"TOKEN_CREATED"}  # of carl's own token only
    assert {n["user"]["email"] for n in carl["nodes"]} == {"carl@contoso.example"}
    user_filter = {"userId": encode_id("User", alice.id), "types": ["SIGNED_IN"]}
    assert (await _events(api, token="carl", filter=user_filter))["nodes"] == []
    assert len((await _events(api, filter=user_filter))["nodes"]) == 1


async def test_test_sends_are_not_part_of_the_trail(api):
    partner, _ = await _northwind()
    await record(EventType.TEST, partner_id=partner)
    assert {n["type"] for n in (await _events(api))["nodes"]} == {"TOKEN_CREATED"}


async def test_a_reconciliation_token_reads_order_events_of_every_partner_and_nothing_more(api):
    fabrikam = await Customer.get(account_code="FAB-001")
    contoso_customer = await Customer.filter(partner__name="Contoso Cyber Services").first()
    northwind_order = await make_completed_order(fabrikam)
    contoso_order = await make_completed_order(contoso_customer)
    partner, alice = await _northwind()
    await record(EventType.ORDER_COMPLETED, partner_id=partner, order_id=northwind_order.id, at=at(0))
    await record(EventType.ATTACHMENT_ADDED, partner_id=partner, order_id=northwind_order.id, at=at(1))
    await record(EventType.ATTACHMENT_ADDED, partner_id=partner, customer_id=fabrikam.id, at=at(2))
    await record(
        EventType.ORDER_CANCELLED, partner_id=contoso_customer.partner_id, order_id=contoso_order.id, at=at(3)
    )
    await record(EventType.USER_DEACTIVATED, partner_id=partner, user_id=alice.id, at=at(4))

    query = "{ auditEvents { nodes { id type occurredAt order { number partner { name } } } } }"
    data = await api.gql(query, token="finance")
    assert [
        (n["type"], n["order"]["number"], n["order"]["partner"]["name"]) for n in data["auditEvents"]["nodes"]
    ] == [
        ("ORDER_CANCELLED", contoso_order.number, "Contoso Cyber Services"),
        ("ATTACHMENT_ADDED", northwind_order.number, "Northwind Managed IT"),
        ("ORDER_COMPLETED", northwind_order.number, "Northwind Managed IT"),
    ]
    typed = await api.gql(
        "{ auditEvents(filter: {types: [USER_DEACTIVATED, ORDER_CANCELLED]}) { nodes { type } } }",
        token="finance",
    )
    assert typed["auditEvents"]["nodes"] == [{"type": "ORDER_CANCELLED"}]

    for field in ("actor { name }", "address", "changes { field }", "customer { id }", "user { id }"):
        body = (
            await api.post(f"{{ auditEvents(first: 1) {{ nodes {{ type {field} }} }} }}", token="finance")
        ).json()
        name = field.split()[0]
        assert [(e["path"], e["extensions"]["code"]) for e in body["errors"]] == [
            (["auditEvents", "nodes", 0, name], "FORBIDDEN")
        ], field


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"after": "bm90IGEgY3Vyc29y"}, "`after` is not a cursor returned by this API."),
        ({"first": 501}, "`first` may be at most 500."),
        ({"first": -1}, "`first` must not be negative."),
        (
            {"filter": {"since": "2026-03-02T09:00:00"}},
            "`since` needs a UTC offset, e.g. 2026-01-31T00:00:00Z.",
        ),
    ],
)
async def test_bad_arguments_are_bad_user_input(api, variables, message):
    body = (await api.post(TRAIL, variables)).json()
    assert [(e["message"], e["extensions"]["code"]) for e in body["errors"]] == [(message, "BAD_USER_INPUT")]


async def test_a_forged_cursor_with_a_64_bit_id_is_accepted_and_one_beyond_refused(api):
    from graphql_portal.resolvers.pagination import encode_cursor

    ok = encode_cursor(T0.isoformat(), 2**63 - 1)
    assert "errors" not in (await api.post(TRAIL, {"after": ok})).json()
    beyond = encode_cursor(T0.isoformat(), 2**63)
    body = (await api.post(TRAIL, {"after": beyond})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_a_page_of_events_costs_the_same_statements_however_long(api):
    partner, _ = await _northwind()
    fabrikam = await Customer.get(account_code="FAB-001")
    users = await PartnerUser.filter(partner_id=partner)
    for i in range(60):
        order = await make_completed_order(fabrikam) if i % 6 == 5 else None
        with acting_as(Actor.partner_user(users[i % len(users)], address="192.0.2.1")):
            await record(
                EventType.ORDER_COMPLETED,
                partner_id=partner,
                order_id=order.id if order else None,
                customer_id=fabrikam.id,
                user_id=users[(i + 1) % len(users)].id,
                changes=[Change("status", "PROCESSING", "COMPLETED")],
                at=at(i),
            )
    await _events(api, first=1)
    with count_statements() as five:
        small = await _events(api, first=5)
    with count_statements() as fifty:
        large = await _events(api, first=50)
    assert (len(small["nodes"]), len(large["nodes"])) == (5, 50)
    assert len(fifty.statements) == len(five.statements), "\n".join(
        ["--5", *five.statements, "--50", *fifty.statements]
    )
    assert len(five.statements) <= 6, five.statements
