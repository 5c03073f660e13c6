"""Webhook endpoints through the API: ADMIN only, validated URLs (SSRF rules), secrets shown once."""

from __future__ import annotations

import base64
import datetime as dt

import pytest

from graphql_portal.events import record
from graphql_portal.ids import encode_id
from graphql_portal.models import (
    AuditEvent,
    EventType,
    Partner,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)
from tests.support.api import count_statements, make_api
from tests.support.environment import make_settings
from tests.support.events import make_endpoint

CREATE = """
mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    endpoint { id url description eventTypes enabled disabledReason createdAt }
    secret
    errors { code message field }
  }
}
"""
UPDATE = """
mutation($input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(input: $input) {
    endpoint { id url description eventTypes enabled disabledReason }
    errors { code message field }
  }
}
"""
LIST = """
{ webhookEndpoints { id url eventTypes enabled
    deliveries(first: 10) { nodes { id status attempts responseStatus lastAttemptAt nextAttemptAt event { id type } }
                            pageInfo { hasNextPage endCursor } } } }
"""
PUBLIC = "https://93.184.216.34/hooks"


@pytest.fixture
async def private_api(db, tmp_path):
    """The API with PORTAL_WEBHOOKS_ALLOW_PRIVATE=1."""
    async with make_api(make_settings(db.url, tmp_path / "var", webhooks_allow_private=True)) as client:
        yield client


async def create(api, url=PUBLIC, types=("ORDER_COMPLETED",), description=None, token="alice") -> dict:
    variables = {"input": {"url": url, "eventTypes": list(types), "description": description}}
    return (await api.gql(CREATE, variables, token=token))["createWebhookEndpoint"]


def codes(payload: dict) -> list[tuple[str, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["errors"]]


async def test_an_admin_creates_an_endpoint_and_sees_its_secret_once(api):
    payload = await create(
        api, types=["ORDER_COMPLETED", "USER_CREATED", "ORDER_COMPLETED"], description=" Finance "
    )
    assert payload["errors"] == []
    endpoint = payload["endpoint"]
    assert (endpoint["url"], endpoint["description"], endpoint["eventTypes"], endpoint["enabled"]) == (
        PUBLIC,
        "Finance",
        ["ORDER_COMPLETED", "USER_CREATED"],
        True,
    )
    secret = payload["secret"]
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[len("whsec_") :])) == 32
    listed = (await api.gql("{ webhookEndpoints { id url } }"))["webhookEndpoints"]
    assert listed == [{"id": endpoint["id"], "url": PUBLIC}]
    assert "secret" not in str(await api.gql('{ __type(name: "WebhookEndpoint") { fields { name } } }'))
    event = await AuditEvent.get(type=EventType.WEBHOOK_ENDPOINT_CREATED)
    assert event.changes == [
        {"field": "url", "before": None, "after": PUBLIC},
        {"field": "description", "before": None, "after": "Finance"},
        {"field": "eventTypes", "before": None, "after": "ORDER_COMPLETED, USER_CREATED"},
        {"field": "enabled", "before": None, "after": "true"},
    ]
    assert secret[6:] not in str(await AuditEvent.all().values_list("changes", "data"))


async def test_only_an_admin_manages_endpoints(api):
    for token in ("oscar", "vera", "finance"):
        body = (
            await api.post(CREATE, {"input": {"url": PUBLIC, "eventTypes": ["ORDER_COMPLETED"]}}, token=token)
        ).json()
        assert codes(body["data"]["createWebhookEndpoint"]) == [("FORBIDDEN", None)]
        listed = (await api.post("{ webhookEndpoints { id } }", token=token)).json()
        assert [(e["path"], e["extensions"]["code"]) for e in listed["errors"]] == [
            (["webhookEndpoints"], "FORBIDDEN")
        ]
    assert await WebhookEndpoint.all().count() == 0


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("", "INVALID_URL"),
        ("hooks.example.com/portal", "INVALID_URL"),
        ("ftp://hooks.example.com/portal", "INVALID_URL"),
        ("https://", "INVALID_URL"),
        ("https://user:pw@hooks.example.com/", "INVALID_URL"),
        ("https://hooks.example.com/a b", "INVALID_URL"),
        ("https://hooks.example.com:99999/", "INVALID_URL"),
        ("https://hooks.example.com/" + "a" * 1975, "INVALID_URL"),
        ("http://93.184.216.34/hooks", "URL_NOT_ALLOWED"),
        ("https://127.0.0.1/hooks", "URL_NOT_ALLOWED"),
        ("https://10.1.2.3/hooks", "URL_NOT_ALLOWED"),
        ("https://192.168.0.10/hooks", "URL_NOT_ALLOWED"),
        ("https://169.254.169.254/latest/meta-data", "URL_NOT_ALLOWED"),
        ("https://100.64.0.1/", "URL_NOT_ALLOWED"),
        ("https://0.0.0.0/", "URL_NOT_ALLOWED"),
        ("https://[::1]/hooks", "URL_NOT_ALLOWED"),
        ("https://[fe80::1]/hooks", "URL_NOT_ALLOWED"),
        ("https://[::ffff:127.0.0.1]/hooks", "URL_NOT_ALLOWED"),
        ("https://[2002:7f00:1::]/hooks", "URL_NOT_ALLOWED"),
        ("https://localhost/hooks", "URL_NOT_ALLOWED"),
        ("http://127.0.0.1:8080/hooks", "URL_NOT_ALLOWED"),
    ],
)
async def test_bad_and_private_urls_are_refused(api, url, code):
    payload = await create(api, url=url)
    assert codes(payload) == [(code, ["input", "url"])]
    assert payload["endpoint"] is None and payload["secret"] is None
    assert await WebhookEndpoint.all().count() == 0


async def test_a_url_of_exactly_two_thousand_characters_is_accepted(api):
    url = "https://93.184.216.34/" + "a" * (2000 - len("https://93.184.216.34/"))
    assert codes(await create(api, url=url)) == []


async def test_private_receivers_and_plain_http_to_them_with_the_setting(private_api):
    for url in (
        "http://127.0.0.1:8080/hooks",
        "http://localhost:8080/hooks",
        "https://10.1.2.3/",
        "https://[::1]/",
    ):
        assert codes(await create(private_api, url=url)) == [], url
    for url in ("http://93.184.216.34/hooks", "https://0.0.0.0/", "https://224.0.0.1/"):
        assert codes(await create(private_api, url=url)) == [("URL_NOT_ALLOWED", ["input", "url"])], url


@pytest.mark.parametrize(
    ("types", "message"),
    [
        ([], "Choose at least one event type"),
        (["SIGNED_IN"], "'SIGNED_IN' cannot be subscribed to"),
        (["TEST"], "'TEST' cannot be subscribed to"),
    ],
)
async def test_event_types_must_be_ones_partners_act_on(api, types, message):
    payload = await create(api, types=types)
    assert codes(payload) == [("INVALID_INPUT", ["input", "eventTypes"])]
    assert payload["errors"][0]["message"].startswith(message)


async def test_descriptions_are_bounded(api):
    assert codes(await create(api, description="x" * 501)) == [("INVALID_INPUT", ["input", "description"])]
    assert codes(await create(api, description="bell\x07")) == [("INVALID_INPUT", ["input", "description"])]
    assert codes(await create(api, description="x" * 500)) == []


async def test_a_partner_has_at_most_twenty_endpoints(api):
    partner = await Partner.get(name="Northwind Managed IT")
    for _ in range(20):
        await make_endpoint(partner.id, ["ORDER_COMPLETED"])
    payload = await create(api)
    assert codes(payload) == [("INVALID_INPUT", ["input", "url"])]
    assert "at most 20" in payload["errors"][0]["message"]


async def test_endpoints_of_another_partner_do_not_exist_for_the_caller(api):
    contoso = await Partner.get(name="Contoso Cyber Services")
    theirs = await make_endpoint(contoso.id, ["ORDER_COMPLETED"])
    their_id = encode_id("WebhookEndpoint", theirs.id)
    assert (await api.gql("{ webhookEndpoints { id } }"))["webhookEndpoints"] == []
    for mutation, field in (
        (
            "updateWebhookEndpoint(input: {id: $id, enabled: false}) { errors { code field } }",
            "updateWebhookEndpoint",
        ),
        (
            "deleteWebhookEndpoint(input: {id: $id}) { deletedId errors { code field } }",
            "deleteWebhookEndpoint",
        ),
        ("rotateWebhookSecret(input: {id: $id}) { secret errors { code field } }", "rotateWebhookSecret"),
        ("sendTestWebhook(input: {id: $id}) { delivery { id } errors { code field } }", "sendTestWebhook"),
    ):
        data = await api.gql(f"mutation($id: ID!) {{ {mutation} }}", {"id": their_id})
        assert data[field]["errors"] == [{"code": "NOT_FOUND", "field": ["input", "id"]}], field
    after = await WebhookEndpoint.get(id=theirs.id)
    assert (after.enabled, after.deleted_at, after.secret) == (True, None, theirs.secret)
    assert await WebhookDelivery.all().count() == 0
    assert [e["code"] for e in (await api.gql(
        "mutation($id: ID!) { updateWebhookEndpoint(input: {id: $id}) { errors { code } } }", {"id": "garbage"}
    ))["updateWebhookEndpoint"]["errors"]] == ["NOT_FOUND"]  # fmt: skip


async def test_updating_changes_what_is_given_and_records_it(api):
    created = (await create(api, description="old"))["endpoint"]
    payload = (
        await api.gql(
            UPDATE,
            {
                "input": {
                    "id": created["id"],
                    "url": "https://93.184.216.35/v2",
                    "description": "",
                    "eventTypes": ["USER_CREATED"],
                }
            },
        )
    )["updateWebhookEndpoint"]
    assert payload["errors"] == []
    assert (
        payload["endpoint"]["url"],
        payload["endpoint"]["description"],
        payload["endpoint"]["eventTypes"],
    ) == (
        "https://93.184.216.35/v2",
        None,
        ["USER_CREATED"],
    )
    changed = await AuditEvent.get(type=EventType.WEBHOOK_ENDPOINT_CHANGED)
    assert changed.changes == [
        {"field": "url", "before": PUBLIC, "after": "https://93.184.216.35/v2"},
        {"field": "description", "before": "old", "after": None},
        {"field": "eventTypes", "before": "ORDER_COMPLETED", "after": "USER_CREATED"},
    ]
    refused = (await api.gql(UPDATE, {"input": {"id": created["id"], "url": "https://127.0.0.1/"}}))[
        "updateWebhookEndpoint"
    ]
    assert codes(refused) == [("URL_NOT_ALLOWED", ["input", "url"])]
    assert (await WebhookEndpoint.get()).url == "https://93.184.216.35/v2"
    # Nothing given, nothing changed, nothing recorded.
    await api.gql(UPDATE, {"input": {"id": created["id"]}})
    assert await AuditEvent.filter(type=EventType.WEBHOOK_ENDPOINT_CHANGED).count() == 1


async def test_disabling_ends_pending_deliveries_and_enabling_clears_the_reason(api):
    created = (await create(api))["endpoint"]
    partner = await Partner.get(name="Northwind Managed IT")
    event = await record(EventType.ORDER_COMPLETED, partner_id=partner.id)
    delivery = await WebhookDelivery.get(event_id=event.id)
    disabled = (await api.gql(UPDATE, {"input": {"id": created["id"], "enabled": False}}))[
        "updateWebhookEndpoint"
    ]
    assert disabled["endpoint"]["enabled"] is False
    assert disabled["endpoint"]["disabledReason"].startswith("Disabled by Alice Admin on ")
    after = await WebhookDelivery.get(id=delivery.id)
    assert (after.status, after.last_error, after.next_attempt_at) == (
        WebhookDeliveryStatus.FAILED,
        "the endpoint was disabled",
        None,
    )
    # A disabled endpoint gets no new deliveries, and no test.
    await record(EventType.ORDER_COMPLETED, partner_id=partner.id)
    assert await WebhookDelivery.all().count() == 1
    test = await api.gql(
        "mutation($id: ID!) { sendTestWebhook(input: {id: $id}) { errors { code } } }", {"id": created["id"]}
    )
    assert test["sendTestWebhook"]["errors"] == [{"code": "INVALID_INPUT"}]
    enabled = (await api.gql(UPDATE, {"input": {"id": created["id"], "enabled": True}}))[
        "updateWebhookEndpoint"
    ]
    assert (enabled["endpoint"]["enabled"], enabled["endpoint"]["disabledReason"]) == (True, None)


async def test_deleting_fails_pending_deliveries_and_hides_the_endpoint(api):
    created = (await create(api))["endpoint"]
    partner = await Partner.get(name="Northwind Managed IT")
    await record(EventType.ORDER_COMPLETED, partner_id=partner.id)
    data = await api.gql(
        "mutation($id: ID!) { deleteWebhookEndpoint(input: {id: $id}) { deletedId errors { code } } }",
        {"id": created["id"]},
    )
    assert data["deleteWebhookEndpoint"] == {"deletedId": created["id"], "errors": []}
    assert (await api.gql("{ webhookEndpoints { id } }"))["webhookEndpoints"] == []
    assert [(d.status, d.last_error) for d in await WebhookDelivery.all()] == [
        (WebhookDeliveryStatus.FAILED, "the endpoint was deleted")
    ]
    again = await api.gql(
        "mutation($id: ID!) { deleteWebhookEndpoint(input: {id: $id}) { deletedId errors { code } } }",
        {"id": created["id"]},
    )
    assert again["deleteWebhookEndpoint"] == {"deletedId": None, "errors": [{"code": "NOT_FOUND"}]}
    assert await AuditEvent.filter(type=EventType.WEBHOOK_ENDPOINT_DELETED).count() == 1


async def test_rotation_keeps_the_previous_secret_for_a_day_and_a_second_ends_the_older(api):
    first = await create(api)
    rotate = "mutation($id: ID!) { rotateWebhookSecret(input: {id: $id}) { secret endpoint { id } errors { code } } }"
    second = (await api.gql(rotate, {"id": first["endpoint"]["id"]}))["rotateWebhookSecret"]
    assert second["errors"] == [] and second["secret"] != first["secret"]
    row = await WebhookEndpoint.get()
    assert (row.secret, row.previous_secret) == (second["secret"], first["secret"])
    assert (
        dt.timedelta(hours=23, minutes=59)
        < row.previous_secret_until - dt.datetime.now(dt.UTC)
        <= dt.timedelta(hours=24)
    )
    third = (await api.gql(rotate, {"id": first["endpoint"]["id"]}))["rotateWebhookSecret"]
    row = await WebhookEndpoint.get()
    assert (row.secret, row.previous_secret) == (third["secret"], second["secret"])
    rotations = await AuditEvent.filter(type=EventType.WEBHOOK_SECRET_ROTATED).order_by("id")
    assert [c["field"] for c in rotations[1].changes] == ["secret", "previousSecretSignsUntil", "olderSecret"]
    assert first["secret"][6:] not in str([r.changes for r in rotations])


async def test_send_test_and_redeliver_queue_deliveries_listed_with_the_endpoint(api):
    created = (await create(api, types=["USER_CREATED"]))["endpoint"]
    sent = await api.gql(
        "mutation($id: ID!) { sendTestWebhook(input: {id: $id}) { delivery { id status attempts event { type } } errors { code } } }",
        {"id": created["id"]},
    )
    delivery = sent["sendTestWebhook"]["delivery"]
    assert (delivery["status"], delivery["attempts"], delivery["event"]["type"]) == ("PENDING", 0, "TEST")
    again = await api.gql(
        "mutation($id: ID!) { redeliverWebhook(input: {deliveryId: $id}) { delivery { id event { id type } } errors { code } } }",
        {"id": delivery["id"]},
    )
    redelivery = again["redeliverWebhook"]["delivery"]
    assert redelivery["id"] != delivery["id"] and redelivery["event"]["type"] == "TEST"
    listed = (await api.gql(LIST))["webhookEndpoints"][0]["deliveries"]["nodes"]
    assert [n["id"] for n in listed] == [redelivery["id"], delivery["id"]]
    assert listed[0]["event"]["id"] == listed[1]["event"]["id"] == redelivery["event"]["id"]
    test_event = await AuditEvent.get(type=EventType.TEST)
    earlier = (
        await AuditEvent.filter(partner_id=test_event.partner_id)
        .exclude(id=test_event.id)
        .values_list("sequence", flat=True)
    )
    assert test_event.sequence == max(earlier) + 1
    # A delivery of another partner does not exist for the caller.
    carl = await api.gql(
        "mutation($id: ID!) { redeliverWebhook(input: {deliveryId: $id}) { delivery { id } errors { code field } } }",
        {"id": delivery["id"]},
        token="carl",
    )
    assert carl["redeliverWebhook"] == {
        "delivery": None,
        "errors": [{"code": "NOT_FOUND", "field": ["input", "deliveryId"]}],
    }


async def test_endpoints_with_their_deliveries_cost_the_same_statements_however_many(api):
    partner = await Partner.get(name="Northwind Managed IT")
    for _ in range(2):
        await make_endpoint(partner.id, ["ORDER_COMPLETED"])
    for _ in range(12):
        await record(EventType.ORDER_COMPLETED, partner_id=partner.id)
    await api.gql(LIST)
    with count_statements() as two:
        few = await api.gql(LIST)
    for _ in range(8):
        await make_endpoint(partner.id, ["ORDER_COMPLETED"])
    for _ in range(3):
        await record(EventType.ORDER_COMPLETED, partner_id=partner.id)
    with count_statements() as ten:
        many = await api.gql(LIST)
    assert [len(e["deliveries"]["nodes"]) for e in few["webhookEndpoints"]] == [10, 10]
    assert [e["deliveries"]["pageInfo"]["hasNextPage"] for e in few["webhookEndpoints"]] == [True, True]
    assert len(many["webhookEndpoints"]) == 10
    assert len(ten.statements) == len(two.statements), "\n".join(
        ["--2", *two.statements, "--10", *ten.statements]
    )


async def test_deliveries_page_with_cursors(api):
    partner = await Partner.get(name="Northwind Managed IT")
    endpoint = await make_endpoint(partner.id, ["ORDER_COMPLETED"])
    for _ in range(5):
        await record(EventType.ORDER_COMPLETED, partner_id=partner.id)
    query = "query($after: String) { webhookEndpoints { deliveries(first: 2, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } } }"
    seen, after = [], None
    while True:
        page = (await api.gql(query, {"after": after}))["webhookEndpoints"][0]["deliveries"]
        seen += [n["id"] for n in page["nodes"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    ids = (
        await WebhookDelivery.filter(endpoint_id=endpoint.id)
        .order_by("-created_at", "-id")
        .values_list("id", flat=True)
    )
    assert seen == [encode_id("WebhookDelivery", i) for i in ids]
