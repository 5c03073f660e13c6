"""The product as a user runs it: `graphql-portal serve` with its worker, over real HTTP."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
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
@pytest.mark.parametrize("log_format", ["text", "json"])
async def test_serve_takes_an_order_to_completed_and_stops_cleanly(db, tmp_path, log_format):
    port = free_port()
    submit_request_id = "submit-" + log_format + "-0123456789"
    # No PORTAL_BASE_URL: links in Attachment.url and the emails follow the address served.
    environ = {k: v for k, v in os.environ.items() if not k.startswith("PORTAL_")}
    environ.update(
        PORTAL_DATABASE_URL=db.url,
        PORTAL_SECRET_KEY="serve-test-" + "k" * 32,
        PORTAL_VAR_DIR=str(tmp_path / "var"),
        PORTAL_WORKER_POLL_SECONDS="0.1",
        PORTAL_LOG_FORMAT=log_format,
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
            for _ in range(600):  # up to a minute: a loaded machine imports slowly
                try:
                    if (await client.get("/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)

            async def gql(query: str, variables: dict, request_id: str | None = None) -> dict:
                extra = {"X-Request-ID": request_id} if request_id else {}
                response = await client.post(
                    "/graphql", json={"query": query, "variables": variables}, headers={**headers, **extra}
                )
                assert response.status_code == 200, response.text
                if request_id:
                    assert response.headers["x-request-id"] == request_id
                return response.json()["data"]

            review = (await gql(REVIEW, {"input": await upgrade_input()}))["reviewUpgrade"]
            assert review["errors"] == []
            submitted = (await gql(SUBMIT, {"id": review["review"]["id"]}, submit_request_id))[
                "submitUpgrade"
            ]
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
    out, log = server.stdout.read(), server.stderr.read()
    # Every line goes to stderr, uvicorn's included: stdout is for what a command prints.
    assert out == ""
    # uvicorn shuts down gracefully, then re-raises the signal, as a service manager expects.
    assert code in (0, -signal.SIGTERM), log
    if log_format == "json":
        records = [json.loads(line) for line in log.splitlines()]  # every line is one JSON object
        assert all({"time", "level", "logger", "message", "request_id"} <= set(r) for r in records)
        messages = [r["message"] for r in records]
        access = [r for r in records if r["logger"] == "uvicorn.access"]
        assert access and all(len(r["request_id"] or "") >= 1 for r in access)
        submit_lines = [r for r in records if r["request_id"] == submit_request_id]
        # The submit's access line, and the worker's lines for the jobs it queued (its emails).
        assert any(r["logger"] == "uvicorn.access" and "POST /graphql" in r["message"] for r in submit_lines)
        job_lines = [r for r in submit_lines if r["logger"] == "graphql_portal.worker"]
        assert {r.get("email") for r in job_lines if "SEND_EMAIL" in r["message"]} == {
            "submitter_addendum",
            "implementation_lead",
        }
        assert all(isinstance(r.get("order"), int) for r in job_lines)
        assert any(r["message"].startswith("Serving on http://127.0.0.1:") for r in records)
    else:
        messages = log.splitlines()
        assert any(f"[{submit_request_id}]" in line and "SEND_EMAIL" in line for line in messages)
    text = "\n".join(messages)
    assert "worker" in text and "stopped" in text
    assert "Application shutdown complete" in text
    assert token not in log
    assert '"GET /invitation/[redacted] HTTP/1.1" 303' in text
    assert '"GET /invitation HTTP/1.1" 200' in text
