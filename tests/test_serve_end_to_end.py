"""The product as a user runs it: `graphql-portal serve` with its worker, over real HTTP."""

from __future__ import annotations

import asyncio
import email
import email.policy
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from graphql_portal.auth import create_user_token
from tests.support.ports import free_port
from tests.support.upgrades import upgrade_input

sqlite_only = pytest.mark.parametrize("db", ["sqlite"], indirect=True)

REVIEW = (
    """mutation($input: UpgradeInput!) { reviewUpgrade(input: $input) { review { id } errors { code } } }"""
)
SUBMIT = """mutation($id: ID!) { submitUpgrade(input: { reviewId: $id, confirmMsa: true, confirmAuthorized: true }) {
  order { id status } message errors { code } } }"""
CREATE_USER = """mutation { createUser(input: {name: "Ines Invited", email: "ines@northwind.example", role: VIEWER}) {
  errors { code } } }"""
ORDER = """query($id: ID!) { order(id: $id) { status completedAt addendum { url size } deliveries { kind status } } }"""


@sqlite_only
async def test_serve_takes_an_order_to_completed_and_stops_cleanly(db, tmp_path):
    port = free_port()
    # No PORTAL_BASE_URL: links in Attachment.url and the emails follow the address served.
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    environ.update(
        PORTAL_DATABASE_URL=db.url,
        PORTAL_SECRET_KEY="serve-test-" + "k" * 32,
        PORTAL_VAR_DIR=str(tmp_path / "var"),
        PORTAL_WORKER_POLL_SECONDS="0.1",
    )
    token = (await create_user_token("alice@northwind.example")).token
    server = subprocess.Popen(
        [sys.executable, "-m", "graphql_portal.cli", "serve", "--port", str(port)],
        env=environ,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            for _ in range(100):
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)

            async def gql(query: str, variables: dict) -> dict:
                response = await client.post(
                    "/graphql", json={"query": query, "variables": variables}, headers=headers
                )
                assert response.status_code == 200, response.text
                return response.json()["data"]

            review = (await gql(REVIEW, {"input": await upgrade_input()}))["reviewUpgrade"]
            assert review["errors"] == []
            submitted = (await gql(SUBMIT, {"id": review["review"]["id"]}))["submitUpgrade"]
            assert submitted["order"]["status"] == "PROCESSING" and submitted["message"]

            order = None
            for _ in range(200):
                order = (await gql(ORDER, {"id": submitted["order"]["id"]}))["order"]
                if order["status"] == "COMPLETED":
                    break
                await asyncio.sleep(0.1)
            assert order["status"] == "COMPLETED", order
            assert sorted((d["kind"], d["status"]) for d in order["deliveries"]) == [
                ("IMPLEMENTATION_LEAD", "SENT"),
                ("SUBMITTER_ADDENDUM", "SENT"),
            ]
            addendum_url = order["addendum"]["url"]
            assert addendum_url.startswith(f"http://127.0.0.1:{port}/attachments/"), addendum_url
            pdf = await client.get(addendum_url, headers=headers)
            assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
            assert len(pdf.content) == order["addendum"]["size"]

            # While serving: the database with its WAL files, the mail, the folders are private.
            var = tmp_path / "var"
            database = Path(db.url.split("://", 1)[1])
            written = [var, *var.iterdir(), *var.glob("mail/*"), *database.parent.glob(database.name + "*")]
            modes = {p.name: oct(p.stat().st_mode & 0o777) for p in written}
            assert {database.name, database.name + "-wal", database.name + "-shm", "mail"} <= set(modes)
            assert {mode for name, mode in modes.items() if name not in ("var", "mail")} == {"0o600"}, modes
            assert (modes["var"], modes["mail"]) == ("0o700", "0o700")

            # An invitation's link: its token is in no log line, the access log's included.
            created = await gql(CREATE_USER, {})
            assert created["createUser"]["errors"] == []
            link = None
            for _ in range(200):
                found = [p for p in (var / "mail").glob("invite-*.eml")]
                if found:
                    text = email.message_from_bytes(found[0].read_bytes(), policy=email.policy.default)
                    body = text.get_body(("plain",)).get_content()
                    link = next(line.strip() for line in body.splitlines() if "/invitation/" in line)
                    break
                await asyncio.sleep(0.1)
            assert link is not None
            token = link.rsplit("/", 1)[1]
            page = await client.get(link, follow_redirects=True)
            assert page.status_code == 200 and "Welcome, Ines Invited" in page.text
        mail = sorted(p.name for p in (tmp_path / "var" / "mail").iterdir() if p.name.startswith("CO-"))
        assert len(mail) == 2 and all(name.endswith(".eml") for name in mail)
        bodies = [
            email.message_from_bytes(
                (tmp_path / "var" / "mail" / name).read_bytes(), policy=email.policy.default
            )
            .get_body(("plain",))
            .get_content()
            for name in mail
        ]
        assert any(addendum_url in body for body in bodies), bodies
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            code = server.wait(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
    log = server.stderr.read() + server.stdout.read()  # uvicorn's access log goes to stdout
    # uvicorn shuts down gracefully, then re-raises the signal, as a service manager expects.
    assert code in (0, -signal.SIGTERM), log
    assert "worker" in log and "stopped" in log
    assert "Application shutdown complete" in log
    assert token not in log
    assert '"GET /invitation/[redacted] HTTP/1.1" 303' in log
    assert '"GET /invitation HTTP/1.1" 200' in log
