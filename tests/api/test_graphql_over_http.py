"""GraphQL over HTTP as strict clients expect: `application/graphql-response+json` and its status codes."""

from __future__ import annotations

import pytest

GQL = "application/graphql-response+json"


async def post(
    api, body: dict | None, *, accept: str | None = GQL, token: str = "alice", content: bytes | None = None
):
    headers = {"Authorization": f"Bearer {api.tokens.get(token, token)}"}
    if accept is not None:
        headers["Accept"] = accept
    if content is not None:
        headers["Content-Type"] = "application/json"
        return await api.client.post("/graphql", content=content, headers=headers)
    return await api.client.post("/graphql", json=body, headers=headers)


async def test_a_query_is_answered_with_the_media_type_asked_for(api):
    response = await post(api, {"query": "{ viewer { kind } }"})
    assert response.status_code == 200
    assert response.headers["content-type"] == GQL
    assert response.json() == {"data": {"viewer": {"kind": "PARTNER_USER"}}}


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/*", "application/json"),
        ("application/json", "application/json"),
        ("text/html", "application/json"),
        (GQL, GQL),
        (f"{GQL}, application/json", GQL),
        (f"application/json, {GQL}", GQL),
        (f"application/json;q=0.9, {GQL}", GQL),
        (f"{GQL};q=0.5, application/json", "application/json"),
        (f"{GQL};q=0, */*", "application/json"),
        (f"text/html, {GQL};q=0.1", GQL),
    ],
)
async def test_the_response_media_type_follows_accept_and_defaults_to_json(api, accept, expected):
    response = await post(api, {"query": "{ viewer { kind } }"}, accept=accept)
    assert response.status_code == 200
    assert response.headers["content-type"] == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"query": "{"}, "Syntax Error"),
        ({"query": "{ viewer { nope } }"}, "Cannot query field 'nope'"),
        (
            {"query": "query($first: Int!) { customers(first: $first) { totalCount } }", "variables": {}},
            "$first",
        ),
        (
            {
                "query": "query($first: Int!) { customers(first: $first) { totalCount } }",
                "variables": {"first": "x"},
            },
            "$first",
        ),
        ({"query": "{" + " ".join(f"a{i}: viewer {{ kind }}" for i in range(40)) + "}"}, "aliases"),
    ],
)
async def test_requests_that_never_execute_are_400_without_data(api, body, message):
    strict = await post(api, body)
    assert strict.status_code == 400, strict.text
    assert strict.headers["content-type"] == GQL
    answer = strict.json()
    assert "data" not in answer
    assert answer["errors"][0]["extensions"]["code"] in ("BAD_USER_INPUT", "QUERY_TOO_COMPLEX")
    if message:
        assert message in answer["errors"][0]["message"]
    # application/json stays as it was: 200, the same errors.
    legacy = await post(api, body, accept="application/json")
    assert legacy.status_code == 200
    assert legacy.headers["content-type"] == "application/json"
    assert legacy.json()["errors"] == answer["errors"]


async def test_errors_while_executing_keep_200_and_the_data_entry(api):
    response = await post(api, {"query": "{ viewer { kind } customers { totalCount } }"}, token="finance")
    assert response.status_code == 200
    assert response.headers["content-type"] == GQL
    answer = response.json()
    assert answer["data"] is None
    assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert answer["errors"][0]["path"] == ["customers"]


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b'{"query": ', 400, "BAD_USER_INPUT"),
        (b'{"nope": 1}', 400, "BAD_USER_INPUT"),
    ],
)
async def test_refusals_use_the_media_type_asked_for(api, content, status, code):
    response = await post(api, None, content=content)
    assert response.status_code == status
    assert response.headers["content-type"] == GQL
    assert response.json()["errors"][0]["extensions"]["code"] == code
    unauthenticated = await post(api, {"query": "{ viewer { kind } }"}, token="nonsense")
    assert unauthenticated.status_code == 401
    assert unauthenticated.headers["content-type"] == GQL
    assert unauthenticated.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
