"""Every GraphQL and curl example in the README runs verbatim against a served app.

The examples are read from README.md itself. Their variables are filled the way the README tells
a reader to: Fabrikam Dental's id from the first query, Lena Lead's from the users query, the
review's and the order's ids from the answers before. Only the address changes: the README says
http://127.0.0.1:8000, the test serves on a free port.
"""

from __future__ import annotations

import asyncio
import re
import shutil
from pathlib import Path

import httpx
import pytest

from graphql_portal.app import create_app
from graphql_portal.auth import create_reconciliation_token, create_user_token
from graphql_portal.fulfilment.worker import Worker
from tests.support.environment import make_settings
from tests.support.served import served

README = (Path(__file__).parent.parent / "README.md").read_text()
README_ADDRESS = "http://127.0.0.1:8000"


def fenced(language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", README, flags=re.S | re.M)


def graphql_examples() -> dict[str | None, str]:
    """The README's GraphQL blocks by operation name (None for the anonymous first query)."""
    found: dict[str | None, str] = {}
    for block in fenced("graphql"):
        named = re.match(r"\s*(?:query|mutation)\s+(\w+)", block)
        name = named.group(1) if named else None
        assert name not in found, f"two README examples named {name}"
        found[name] = block
    return found


def inline_examples() -> list[str]:
    """GraphQL written inline in the prose, such as `{ users { nodes { id name } } }`."""
    return re.findall(r"`(\{ \w+ \{.*?\} \})`", README)


def curl_examples() -> list[str]:
    return [block for block in fenced("sh") if block.lstrip().startswith("curl ")]


def test_the_readme_examples_are_the_ones_this_test_runs():
    assert set(graphql_examples()) == {None, "Review", "Submit", "Order", "Sync", "Trail"}
    assert inline_examples() == ["{ users { nodes { id name } } }"]
    assert len(curl_examples()) == 1


async def test_every_readme_example_runs_verbatim(db, tmp_path):
    examples = graphql_examples()
    settings = make_settings(db.url, tmp_path)
    app = create_app(settings, manage_db=False)
    alice = (await create_user_token("alice@northwind.example")).token
    finance = (await create_reconciliation_token("nightly billing")).token

    async with served(app) as base_url, httpx.AsyncClient(base_url=base_url, timeout=30) as client:

        async def run(query: str, variables: dict | None = None, token: str = alice) -> dict:
            response = await client.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert response.status_code == 200, response.text
            body = response.json()
            assert "errors" not in body, (query, body)
            return body["data"]

        first = await run(examples[None])
        assert first["customers"]["totalCount"] == 60
        fabrikam = next(c for c in first["customers"]["nodes"] if c["name"] == "Fabrikam Dental")
        assert fabrikam["monthlyCost"] == {"amount": "104.00", "currency": "USD"}

        (users_query,) = inline_examples()
        users = (await run(users_query))["users"]["nodes"]
        lena = next(u for u in users if u["name"] == "Lena Lead")

        review = (await run(examples["Review"], {"customer": fabrikam["id"], "lead": lena["id"]}))[
            "reviewUpgrade"
        ]
        assert review["errors"] == []
        costs = review["review"]
        assert [
            costs[k]["amount"] for k in ("monthlyCostBefore", "monthlyCostAfter", "monthlyCostChange")
        ] == [
            "104.00",
            "202.80",
            "98.80",
        ]

        submitted = (await run(examples["Submit"], {"review": costs["id"]}))["submitUpgrade"]
        assert submitted["errors"] == []
        assert submitted["order"]["status"] == "PROCESSING"

        order = (await run(examples["Order"], {"id": submitted["order"]["id"]}))["order"]
        assert order["number"] == submitted["order"]["number"] and order["status"] == "PROCESSING"
        await Worker(settings, "readme").run_once()  # the addendum and both emails
        order = (await run(examples["Order"], {"id": submitted["order"]["id"]}))["order"]
        assert order["status"] == "COMPLETED"
        assert order["addendum"]["url"].startswith(f"{settings.base_url}/attachments/")
        assert sorted(d["status"] for d in order["deliveries"]) == ["SENT", "SENT"]

        synced = (await run(examples["Sync"], {"after": None, "since": None}, token=finance))["orders"]
        assert submitted["order"]["number"] in [o["number"] for o in synced["nodes"]]

        trail = (await run(examples["Trail"], {"after": None}))["auditEvents"]
        assert [(e["type"], e["order"]["number"], e["actor"]["name"]) for e in trail["nodes"]] == [
            ("ORDER_SUBMITTED", submitted["order"]["number"], "Alice Admin")
        ]

        curl = shutil.which("curl")
        if curl is None:
            pytest.skip("curl is not installed: the README's curl example did not run")
        (command,) = curl_examples()
        process = await asyncio.create_subprocess_exec(
            "bash",
            "-c",
            command.replace(README_ADDRESS, base_url),
            env={"TOKEN": alice, "PATH": "/usr/bin:/bin"},
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        stdout, stderr = await process.communicate()
        assert process.returncode == 0, stderr
        assert stdout == b'{"data":{"customers":{"totalCount":60}}}'
