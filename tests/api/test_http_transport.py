"""`/graphql` over HTTP: body limits, and a JSON GraphQL answer for everything it refuses."""

from __future__ import annotations

import orjson
import pytest

from graphql_portal.app import create_app
from graphql_portal.auth import create_user_token
from tests.support.environment import make_settings

MIB = 1024 * 1024
QUERY = b'{"query": "{ viewer { kind } }"}'


async def call_asgi(
    app, *, headers: dict[str, str], chunks, method: str = "POST"
) -> tuple[int, dict, bytes, int]:
    """Run one request through the app; returns status, headers, body and how many body bytes it pulled."""
    pulled = 0
    pending = list(chunks)
    sent: dict = {"status": None, "headers": {}, "body": b""}

    async def receive():
        nonlocal pulled
        if not pending:
            return {"type": "http.request", "body": b"", "more_body": False}
        chunk = pending.pop(0)
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": bool(pending)}

    async def send(message):
        if message["type"] == "http.response.start":
            sent["status"] = message["status"]
            sent["headers"] = {k.decode().lower(): v.decode() for k, v in message["headers"]}
        elif message["type"] == "http.response.body":
            sent["body"] += message.get("body", b"")

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": "/graphql",
        "raw_path": b"/graphql",
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 1234),
        "server": ("testserver", 80),
    }
    await app(scope, receive, send)
    return sent["status"], sent["headers"], sent["body"], pulled


def assert_graphql_error(status: int, headers: dict, body: bytes, expected_status: int, code: str) -> str:
    assert status == expected_status, body
    assert headers["content-type"].startswith("application/json"), headers
    parsed = orjson.loads(body)
    assert set(parsed) == {"errors"}, parsed
    assert parsed["errors"][0]["extensions"]["code"] == code
    return parsed["errors"][0]["message"]


@pytest.fixture
async def served(db, tmp_path):
    """The app with a 64 KiB body limit, and a valid token for it."""
    app = create_app(make_settings(db.url, tmp_path / "var", max_body_bytes=64 * 1024), manage_db=False)
    token = (await create_user_token("alice@northwind.example")).token
    return app, {"authorization": f"Bearer {token}", "content-type": "application/json"}


async def test_a_body_declared_over_the_limit_is_refused_before_a_byte_is_read(served):
    app, headers = served
    chunks = [b" " * MIB] * 200  # 200 MiB, never produced
    status, got, body, pulled = await call_asgi(
        app, headers={**headers, "content-length": str(200 * MIB)}, chunks=chunks
    )
    message = assert_graphql_error(status, got, body, 413, "BAD_USER_INPUT")
    assert message == "The request body is larger than the limit of 65536 bytes."
    assert pulled == 0


async def test_a_chunked_body_is_refused_once_it_passes_the_limit(served):
    app, headers = served
    chunks = [b" " * 16 * 1024] * 1000  # 16 MiB in 16 KiB chunks, without a Content-Length
    status, got, body, pulled = await call_asgi(app, headers=headers, chunks=chunks)
    assert_graphql_error(status, got, body, 413, "BAD_USER_INPUT")
    assert pulled == 64 * 1024 + 16 * 1024  # stopped at the first chunk past the limit


async def test_a_body_within_the_limit_is_served(served):
    app, headers = served
    padded = QUERY[:-1] + b"," + b" " * (60 * 1024) + b'"variables": {}}'
    status, _, body, _ = await call_asgi(app, headers=headers, chunks=[padded[:30000], padded[30000:]])
    assert status == 200, body
    assert orjson.loads(body) == {"data": {"viewer": {"kind": "PARTNER_USER"}}}


async def test_the_default_limit_is_one_mebibyte(db, tmp_path):
    app = create_app(make_settings(db.url, tmp_path / "var"), manage_db=False)
    token = (await create_user_token("alice@northwind.example")).token
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    status, got, body, _ = await call_asgi(
        app, headers={**headers, "content-length": str(MIB + 1)}, chunks=[b" " * (MIB + 1)]
    )
    assert_graphql_error(status, got, body, 413, "BAD_USER_INPUT")
    padded = QUERY[:-1] + b" " * (MIB - len(QUERY)) + b"}"
    assert len(padded) == MIB
    status, _, body, _ = await call_asgi(app, headers=headers, chunks=[padded])
    assert status == 200, body


@pytest.mark.parametrize("where", ["variables", "extensions", "body"])
async def test_deeply_nested_json_is_a_400_not_a_500(served, where):
    app, headers = served
    nested = b"[" * 20000 + b"]" * 20000
    body = {
        "variables": b'{"query": "{ viewer { kind } }", "variables": {"a": ' + nested + b"}}",
        "extensions": b'{"query": "{ viewer { kind } }", "extensions": {"a": ' + nested + b"}}",
        "body": nested,
    }[where]
    status, got, answer, _ = await call_asgi(app, headers=headers, chunks=[body])
    message = assert_graphql_error(status, got, answer, 400, "BAD_USER_INPUT")
    assert "nested too deeply" in message


@pytest.mark.parametrize(
    ("method", "content_type", "body", "status", "code"),
    [
        ("GET", None, b"", 405, "BAD_USER_INPUT"),
        ("PUT", "application/json", QUERY, 405, "BAD_USER_INPUT"),
        ("DELETE", None, b"", 405, "BAD_USER_INPUT"),
        ("PATCH", "application/json", QUERY, 405, "BAD_USER_INPUT"),
        ("POST", None, QUERY, 415, "BAD_USER_INPUT"),
        ("POST", "text/plain", QUERY, 415, "BAD_USER_INPUT"),
        (
            "POST",
            "application/x-www-form-urlencoded",
            b"query=%7B+viewer+%7B+kind+%7D+%7D",
            415,
            "BAD_USER_INPUT",
        ),
        ("POST", "multipart/form-data; boundary=x", b"--x--", 415, "BAD_USER_INPUT"),
        ("POST", "application/json; charset=latin-1", QUERY, 415, "BAD_USER_INPUT"),
        ("POST", "application/json", b"", 400, "BAD_USER_INPUT"),
        ("POST", "application/json", b'{"query": ', 400, "BAD_USER_INPUT"),
        ("POST", "application/json", b"[]", 400, "BAD_USER_INPUT"),
        ("POST", "application/json", b'"{ viewer { kind } }"', 400, "BAD_USER_INPUT"),
        ("POST", "application/json", b'{"qeury": "{ viewer { kind } }"}', 400, "BAD_USER_INPUT"),
        ("POST", "application/json", b'{"query": 1}', 400, "BAD_USER_INPUT"),
        (
            "POST",
            "application/json",
            b'{"query": "{ viewer { kind } }", "variables": "x"}',
            400,
            "BAD_USER_INPUT",
        ),
        (
            "POST",
            "application/json",
            b'{"query": "{ viewer { kind } }", "operationName": 1}',
            400,
            "BAD_USER_INPUT",
        ),
        (
            "POST",
            "application/json",
            b'{"query": "{ viewer { kind } }", "extensions": []}',
            400,
            "BAD_USER_INPUT",
        ),
        (
            "POST",
            "application/json",
            b'{"query": "query A { viewer { kind } }", "operationName": "B"}',
            400,
            "BAD_USER_INPUT",
        ),
        ("POST", "application/json", b'{"query": "subscription { viewer { kind } }"}', 400, "BAD_USER_INPUT"),
        ("POST", "application/json", b"\xff\xfe", 400, "BAD_USER_INPUT"),
    ],
)
async def test_every_refusal_is_a_json_graphql_response_with_a_code(
    served, method, content_type, body, status, code
):
    app, headers = served
    headers = {k: v for k, v in headers.items() if k != "content-type"}
    if content_type:
        headers["content-type"] = content_type
    got_status, got, answer, _ = await call_asgi(app, headers=headers, chunks=[body], method=method)
    assert_graphql_error(got_status, got, answer, status, code)
    if status == 405:
        assert got["allow"] == "POST"


async def test_a_request_without_a_valid_token_is_a_json_401(served):
    app, headers = served
    for authorization in (None, "Bearer nonsense", "Basic YTpi"):
        sent = {k: v for k, v in headers.items() if k != "authorization"}
        if authorization:
            sent["authorization"] = authorization
        status, got, answer, _ = await call_asgi(app, headers=sent, chunks=[QUERY])
        assert_graphql_error(status, got, answer, 401, "UNAUTHENTICATED")
        assert got["www-authenticate"] == "Bearer"
