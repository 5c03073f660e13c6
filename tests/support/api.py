"""GraphQL over ASGI against the real app, with real tokens for the demo users; statement counts."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx

from graphql_portal.app import create_app
from graphql_portal.auth import create_reconciliation_token, create_user_token
from graphql_portal.settings import Settings


@dataclass
class Api:
    client: httpx.AsyncClient
    tokens: dict[str, str]

    async def post(
        self, query: str, variables: dict | None = None, *, token: str | None = "alice"
    ) -> httpx.Response:
        headers = {}
        if token is not None:
            headers["Authorization"] = f"Bearer {self.tokens.get(token, token)}"
        return await self.client.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )

    async def gql(self, query: str, variables: dict | None = None, *, token: str | None = "alice") -> dict:
        """The response body of a request that must succeed without top-level errors."""
        response = await self.post(query, variables, token=token)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]


@contextlib.asynccontextmanager
async def make_api(settings: Settings) -> AsyncIterator[Api]:
    """The app of `settings` over ASGI, with tokens for alice, oscar, vera, lena, carl and finance."""
    app = create_app(settings, manage_db=False)
    tokens = {}
    for name in ("alice", "oscar", "vera", "lena"):
        tokens[name] = (await create_user_token(f"{name}@northwind.example")).token
    tokens["carl"] = (await create_user_token("carl@contoso.example")).token
    tokens["finance"] = (await create_reconciliation_token("nightly finance sync")).token
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield Api(client, tokens)


class StatementCounter(logging.Handler):
    """Counts the SQL statements Tortoise sends (its client logs each one at DEBUG)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "%s: %s" and record.args:
            self.statements.append(str(record.args[0]))


@contextlib.contextmanager
def count_statements():
    logger = logging.getLogger("tortoise.db_client")
    counter = StatementCounter()
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(counter)
    try:
        yield counter
    finally:
        logger.removeHandler(counter)
        logger.setLevel(previous)
