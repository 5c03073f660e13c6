"""A real webhook receiver on loopback that verifies every delivery with the `standardwebhooks`
library (the reference implementation of Standard Webhooks 1.0), and answers as a test scripts it."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from .served import served


@dataclass
class Received:
    """One request as the receiver saw it."""

    path: str
    headers: dict[str, str]
    body: bytes
    at: float
    verified_by: list[str]  # the secrets (of those the receiver knows) whose signature matched

    @property
    def payload(self) -> dict:
        return json.loads(self.body)

    @property
    def webhook_id(self) -> str:
        return self.headers["webhook-id"]


@dataclass
class Answer:
    """What the receiver answers to one request: a status and headers, after `hang` seconds."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0


class Receiver:
    """Answers each request with the next scripted `Answer` (then `default`), recording it."""

    def __init__(self, secrets: list[str] | None = None) -> None:
        self.secrets = list(secrets or [])
        self.received: list[Received] = []
        self.script: list[Answer] = []
        self.default = Answer()
        self.released = asyncio.Event()  # ends every hang at once (a test's teardown)
        self.arrived = asyncio.Event()

    def answer(self, *answers: Answer | int) -> None:
        self.script.extend(a if isinstance(a, Answer) else Answer(a) for a in answers)

    def verified(self, body: bytes, headers: dict[str, str]) -> list[str]:
        passed = []
        for secret in self.secrets:
            with contextlib.suppress(WebhookVerificationError):
                Webhook(secret).verify(body, headers)
                passed.append(secret)
        return passed

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        self.received.append(
            Received(scope["path"], headers, body, time.monotonic(), self.verified(body, headers))
        )
        self.arrived.set()
        answer = self.script.pop(0) if self.script else self.default
        if answer.hang:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.released.wait(), answer.hang)
        raw = [(k.lower().encode(), v.encode()) for k, v in answer.headers.items()]
        await send({"type": "http.response.start", "status": answer.status, "headers": raw})
        await send({"type": "http.response.body", "body": b"ok"})


@contextlib.asynccontextmanager
async def receiving(secrets: list[str] | None = None) -> AsyncIterator[tuple[Receiver, str]]:
    """A receiver on a free loopback port and its base URL (`http://127.0.0.1:<port>`)."""
    receiver = Receiver(secrets)
    async with served(receiver) as url:
        try:
            yield receiver, url
        finally:
            receiver.released.set()  # before the server stops: it waits for requests in flight
