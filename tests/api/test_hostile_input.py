"""Input that is not what the API reads is refused with a clear typed error, changes nothing, and
is never written to the log in full."""

from __future__ import annotations

import logging

import pytest

from graphql_portal.models import PartnerUser
from tests.support.upgrades import upgrade_input

REVIEW = """mutation($input: UpgradeInput!) {
  reviewUpgrade(input: $input) { review { effectiveOn } errors { code field message } } }"""
CREATE = """mutation($i: CreateUserInput!) {
  createUser(input: $i) { user { name } errors { code field message } } }"""
BY_REFERENCE = "query($r: String!) { orders(filter: {partnerReference: $r}) { nodes { number } } }"


@pytest.mark.parametrize(
    "text",
    [
        "20261208",
        "2026-W50-3",
        "2026-342",
        "2026-12-8",
        "2026-12-08T00:00",
        " 2026-12-08",
        "2026-02-30",
        "\uff12\uff10\uff12\uff16-12-08",  # full-width digits,
    ],
)
async def test_a_date_is_only_year_month_day(api, text):
    variables = {"input": {**await upgrade_input(), "effectiveOn": text}}
    body = (await api.post(REVIEW, variables)).json()
    assert body.get("data") is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert "YYYY-MM-DD" in error["message"] or "not a day of the calendar" in error["message"]
    literal = REVIEW.replace("$input: UpgradeInput!", "$c: ID!, $l: ID!").replace(
        "input: $input",
        f'input: {{customerId: $c, implementationLeadId: $l, seatAdjustment: 10, effectiveOn: "{text}"}}',
    )
    given = variables["input"]
    body = (await api.post(literal, {"c": given["customerId"], "l": given["implementationLeadId"]})).json()
    assert body.get("data") is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {"BAD_USER_INPUT"}


async def test_a_year_month_day_date_is_read(api):
    # Scheduling rules then decide (far in the past: not allowed), which shows the date was read.
    variables = {"input": {**await upgrade_input(), "effectiveOn": "2020-01-01"}}
    body = (await api.post(REVIEW, variables)).json()
    assert body["data"]["reviewUpgrade"]["errors"][0]["code"] == "EFFECTIVE_DATE_NOT_ALLOWED"


@pytest.mark.parametrize(
    "name",
    [
        "Mallory\u202eevil",  # right-to-left override
        "Zero\u200bWidth",  # zero-width space
        "Join\u200dme",  # zero-width joiner
        "Bom\ufeff",  # byte order mark
        "Line\u2028break",
        "Tab\there",
        "Private\ue000use",
    ],
)
async def test_user_names_refuse_control_and_format_characters(api, name):
    before = await PartnerUser.all().count()
    body = (await api.post(CREATE, {"i": {"name": name, "email": "new.person@northwind.example"}})).json()
    payload = body["data"]["createUser"]
    assert payload["user"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [("INVALID_INPUT", ["input", "name"])]
    assert payload["errors"][0]["message"] == (
        "The name may hold only visible characters and spaces, no control or format characters."
    )
    assert await PartnerUser.all().count() == before


async def test_names_in_any_script_with_spaces_are_fine(api):
    body = (
        await api.post(
            CREATE,
            {
                "i": {
                    "name": "Zo\u00eb O\u2019Brien-S\u00f8ren \u674e \u5c0f\u9f8d",
                    "email": "zoe@northwind.example",
                }
            },
        )
    ).json()
    assert body["data"]["createUser"] == {
        "user": {"name": "Zo\u00eb O\u2019Brien-S\u00f8ren \u674e \u5c0f\u9f8d"},
        "errors": [],
    }


async def test_a_reference_filter_longer_than_any_reference_is_bad_input_and_not_logged(api, caplog):
    hostile = "PO-" + "9" * 5000
    with caplog.at_level(logging.INFO):
        body = (await api.post(BY_REFERENCE, {"r": hostile})).json()
    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == (
        "`partnerReference` is at most 64 characters of text, as every order's reference is."
    )
    assert "9" * 600 not in caplog.text
    # 64 characters are read (and match nothing here); surrounding spaces do not count.
    body = (await api.post(BY_REFERENCE, {"r": "  " + "R" * 64 + "  "})).json()
    assert body == {"data": {"orders": {"nodes": []}}}
    body = (await api.post(BY_REFERENCE, {"r": "PO\x00"})).json()
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
