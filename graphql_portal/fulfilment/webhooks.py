"""The webhook lane: deliveries POSTed to partners' endpoints, signed as Standard Webhooks 1.0 says.

Deliveries are rows written with the event they carry (`events.record`), claimed here with a lease
like the worker's jobs, but in a lane of their own: up to `PORTAL_WEBHOOK_CONCURRENCY` at once, and at
most a quarter of those for any one endpoint, so a slow or dead receiver holds up only its own
deliveries, never an order's documents and emails (the worker's one-at-a-time loop), nor they it.

Each attempt: the event's body (the same bytes on every attempt), `webhook-id` (the event's, the same
on every retry and redelivery), `webhook-timestamp` (the attempt's), `webhook-signature` (`v1,` +
base64 HMAC-SHA256 of `id.timestamp.body`; during a rotation the new secret's signature, then the
previous one's). 15 s in all, no redirects followed. The name is resolved and every address it
resolves to is checked (`events.targets`) when the connection is made, and the connection goes to
the address that was checked. A 2xx is DELIVERED; anything else is retried after the waits of
`PORTAL_WEBHOOK_RETRY_SECONDS` (at least what `Retry-After` asks on 429 and 503, up to an hour),
then FAILED. `410 Gone` disables the endpoint at once, and so does failing every delivery for 5
days; the partner's ADMINs are emailed why.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import datetime as dt
import email.utils
import functools
import hashlib
import hmac
import logging
import os
import socket
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

import emails
import httpcore
import httpx
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from ..db import is_unavailable
from ..email_addresses import InvalidEmail, parse_email
from ..events import SERVICE, Change
from ..events import log as events
from ..events.payloads import body as event_body
from ..events.payloads import webhook_id
from ..events.retention import prune
from ..events.targets import Refused, check_addresses, parse_target, resolve
from ..models import (
    EventType,
    Job,
    JobKind,
    PartnerUser,
    UserRole,
    UserStatus,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)
from ..observability import count_webhook_delivery
from ..ordering.webhooks import LIVE, fail_live_deliveries
from ..settings import Settings
from .downloads import attachment_url
from .mail import SENDER_NAME, OutgoingMail, deliver
from .queue import error_text
from .templating import one_line, templates

logger = logging.getLogger("graphql_portal.webhooks")
# `portal_webhook_deliveries_total{outcome}`: how each attempt ended.
DELIVERY_OUTCOMES = {
    WebhookDeliveryStatus.DELIVERED: "delivered",
    WebhookDeliveryStatus.RETRYING: "retry",
    WebhookDeliveryStatus.FAILED: "failed",
}

RETRY_AFTER_MAX_SECONDS = 3600
FAILING_DISABLES_AFTER = dt.timedelta(days=5)
LEASE_MARGIN_SECONDS = 30.0
PRUNE_EVERY_SECONDS = 3600.0
USER_AGENT = "graphql-portal-webhooks/1"
MAX_ANSWER_READ = 64 * 1024
GONE = 410
THROTTLED = (429, 503)


class AddressRefused(Exception):
    """The endpoint's host is, or resolves to, an address webhooks may not be sent to."""


# -- signing ----------------------------------------------------------------------------------------


def signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """`v1,` + base64 of HMAC-SHA256, keyed with the secret's bytes, of `id.timestamp.body`."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    mac = hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode("ascii")


def signatures(endpoint: WebhookEndpoint, msg_id: str, timestamp: int, body: bytes, now: dt.datetime) -> str:
    """The `webhook-signature` header: the current secret's, then the previous one's while it signs."""
    signed = [signature(endpoint.secret, msg_id, timestamp, body)]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        signed.append(signature(endpoint.previous_secret, msg_id, timestamp, body))
    return " ".join(signed)


# -- connecting only to checked addresses -----------------------------------------------------------


class CheckedBackend(httpcore.AsyncNetworkBackend):
    """Resolves the host itself, refuses it unless every address is allowed, and connects to the
    address it checked: what the name resolves to later cannot change where the bytes go. TLS is
    then set up by httpcore on this connection for the host name, so certificates are checked as
    usual. `plain_http`: the connections of http:// URLs, which may go to private addresses only."""

    def __init__(self, allow_private: bool, *, plain_http: bool) -> None:
        self.allow_private = allow_private
        self.scheme = "http" if plain_http else "https"
        self.inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable | None = None,
    ) -> httpcore.AsyncNetworkStream:
        target = parse_target(f"{self.scheme}://{_bracketed(host)}:{port}/")
        if isinstance(target, Refused):
            raise AddressRefused(target.message)
        addresses = await resolve(host, port)
        if not addresses:
            raise AddressRefused(f"{host} does not resolve")
        refused = check_addresses(target, addresses, self.allow_private)
        if refused is not None:
            raise AddressRefused(refused.message)
        return await self.inner.connect_tcp(
            str(addresses[0]),
            port,
            timeout=timeout,
            local_address=local_address,
            socket_options=socket_options,
        )

    async def connect_unix_socket(self, path: str, timeout=None, socket_options=None):  # pragma: no cover
        raise AddressRefused("webhooks are not sent over unix sockets")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class CheckedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool whose connections are made by `CheckedBackend`."""

    def __init__(self, backend: CheckedBackend, limits: httpx.Limits) -> None:
        context = _ssl_context()
        super().__init__(verify=context, trust_env=False, limits=limits)
        # httpx builds its pool without a way to name the network backend: build it again with ours.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


@functools.cache
def _ssl_context():
    """Certificates checked against httpx's bundle (and `SSL_CERT_FILE`); loaded once a process."""
    return httpx.create_ssl_context(trust_env=True)


def http_client(settings: Settings) -> httpx.AsyncClient:
    """The lane's client: no redirects, no proxies from the environment, checked addresses only."""
    limits = httpx.Limits(max_connections=settings.webhook_concurrency * 2, max_keepalive_connections=32)
    allow = settings.webhooks_allow_private
    return httpx.AsyncClient(
        mounts={
            "https://": CheckedTransport(CheckedBackend(allow, plain_http=False), limits),
            "http://": CheckedTransport(CheckedBackend(allow, plain_http=True), limits),
        },
        follow_redirects=False,
        trust_env=False,
        timeout=httpx.Timeout(settings.webhook_timeout_seconds),
        headers={"user-agent": USER_AGENT},
    )


# -- claiming ---------------------------------------------------------------------------------------


def _due(now: dt.datetime) -> Q:
    return Q(status__in=LIVE, next_attempt_at__lte=now) & (Q(lease_until=None) | Q(lease_until__lt=now))


async def claim(
    lane_id: str,
    settings: Settings,
    limit: int,
    room: dict[int, int] | None = None,
    per_endpoint: int | None = None,
    *,
    busy: bool = False,
) -> list[WebhookDelivery]:
    """Lease up to `limit` due deliveries for `lane_id`, oldest due first, and at most
    `per_endpoint` of any one endpoint less what `room` says it has running already. An idle lane
    (`busy` false) first looks with one plain read whether anything is due.

    The conditional UPDATE is the claim (still due, lease free or expired), in one statement of its
    own: two lanes that read the same candidates cannot both lease one (PostgreSQL re-checks the
    condition on a row another lane just leased), and the rows this lane won are those now leased
    to it. No transaction is held between reading the candidates and leasing them.
    """
    now = settings.clock.now()
    lease_until = now + dt.timedelta(seconds=settings.webhook_timeout_seconds + LEASE_MARGIN_SECONDS)
    running = dict(room or {})
    full = [
        endpoint_id for endpoint_id, n in running.items() if per_endpoint is not None and n >= per_endpoint
    ]
    query = WebhookDelivery.filter(_due(now))
    if full:
        query = query.exclude(endpoint_id__in=full)
    if not busy and not await query.exists():  # the idle poll: one read
        return []
    candidates = await (
        query.order_by("next_attempt_at", "id")
        .limit(limit if per_endpoint is None else limit * 4)
        .values_list("id", "endpoint_id")
    )
    ids = []
    for delivery_id, endpoint_id in candidates:
        if per_endpoint is not None and running.get(endpoint_id, 0) >= per_endpoint:
            continue
        running[endpoint_id] = running.get(endpoint_id, 0) + 1
        ids.append(delivery_id)
        if len(ids) == limit:
            break
    if not ids:
        return []
    leased = await WebhookDelivery.filter(_due(now), id__in=ids).update(
        locked_by=lane_id, lease_until=lease_until
    )
    if not leased:
        return []
    return list(
        await WebhookDelivery.filter(id__in=ids, locked_by=lane_id, lease_until=lease_until)
        .select_related("endpoint", "event")
        .order_by("next_attempt_at", "id")
    )


async def release(delivery: WebhookDelivery) -> None:
    """Hand back a delivery that was stopped before its attempt finished (due again at once)."""
    await WebhookDelivery.filter(id=delivery.id, locked_by=delivery.locked_by).update(
        locked_by=None, lease_until=None
    )


# -- one attempt ------------------------------------------------------------------------------------


def retry_after_seconds(value: str | None, now: dt.datetime) -> float | None:
    """A `Retry-After` header (seconds, or an HTTP date) as seconds from now, at most an hour."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        seconds = float(value)
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.UTC)
        seconds = (when - now).total_seconds()
    return max(0.0, min(seconds, RETRY_AFTER_MAX_SECONDS))


async def attempt(
    client: httpx.AsyncClient, delivery: WebhookDelivery, settings: Settings
) -> tuple[int | None, str | None, float | None]:
    """POST the delivery once: `(status, error, retry_after)`; `status` is None when nothing answered."""
    endpoint, event = delivery.endpoint, delivery.event
    now = settings.clock.now()
    body = event_body(event, partial(attachment_url, settings))
    msg_id = webhook_id(event.id)
    # The receiver compares it with its own clock: the wall clock's, whatever the service's says.
    timestamp = int(dt.datetime.now(dt.UTC).timestamp())
    headers = {
        "content-type": "application/json",
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures(endpoint, msg_id, timestamp, body, now),
    }
    try:
        async with asyncio.timeout(settings.webhook_timeout_seconds):
            async with client.stream("POST", endpoint.url, content=body, headers=headers) as response:
                status = response.status_code
                retry_after = retry_after_seconds(response.headers.get("retry-after"), now)
                # A short answer is read to its end, so the connection serves the next delivery;
                # past MAX_ANSWER_READ bytes the rest is left and the connection closed.
                read = 0
                async for chunk in response.aiter_raw():
                    read += len(chunk)
                    if read > MAX_ANSWER_READ:
                        break
    except AddressRefused as exc:
        return None, f"refused: {exc}", None
    except (TimeoutError, httpx.TimeoutException):
        return None, f"no answer within {settings.webhook_timeout_seconds:g} s", None
    except httpx.HTTPError as exc:
        return None, f"could not connect: {type(exc).__name__}: {exc}"[:500], None
    return status, None if 200 <= status < 300 else f"answered {status}", retry_after


@dataclass
class Attempted:
    """One attempt's outcome, to record: the answer's status (None when nothing answered), why it
    failed, the `Retry-After` asked; `ended` when no POST was made (the endpoint was disabled or
    deleted after the claim)."""

    delivery: WebhookDelivery
    status: int | None = None
    error: str | None = None
    retry_after: float | None = None
    ended: str | None = None


async def record_attempts(
    attempted: list[Attempted], settings: Settings
) -> list[WebhookDeliveryStatus | None]:
    """Record outcomes, all in one transaction (a busy lane commits once for many attempts); for
    each, its delivery's new status, or None when its lease was lost meanwhile (nothing recorded).
    The 2xx of a batch are recorded together: one UPDATE per answer status, one for their endpoints."""
    now = settings.clock.now()
    delivered = [
        one for one in attempted if one.ended is None and one.status is not None and 200 <= one.status < 300
    ]
    outcomes: dict[int, WebhookDeliveryStatus | None] = {}
    async with in_transaction() as conn:
        if len(delivered) > 1:
            await _record_delivered(delivered, now, conn, outcomes)
        for one in attempted:
            if one.delivery.id not in outcomes:
                outcomes[one.delivery.id] = await _record(one, now, settings, conn)
    return [outcomes[one.delivery.id] for one in attempted]


async def _record_delivered(
    delivered: list[Attempted], now: dt.datetime, conn, outcomes: dict[int, WebhookDeliveryStatus | None]
) -> None:
    by_answer: dict[tuple[int, str, int], list[int]] = {}
    for one in delivered:
        key = (one.status, one.delivery.locked_by, one.delivery.attempts)
        by_answer.setdefault(key, []).append(one.delivery.id)
    for (status, locked_by, attempts), ids in by_answer.items():
        done = await (
            WebhookDelivery.filter(id__in=ids, locked_by=locked_by)
            .using_db(conn)
            .update(
                status=WebhookDeliveryStatus.DELIVERED,
                attempts=attempts + 1,
                response_status=status,
                last_attempt_at=now,
                last_error=None,
                next_attempt_at=None,
                locked_by=None,
                lease_until=None,
            )
        )
        # A lease lost meanwhile (rare): which of them cannot be told, so none is reported done.
        outcome = WebhookDeliveryStatus.DELIVERED if done == len(ids) else None
        outcomes.update(dict.fromkeys(ids, outcome))
    endpoints = sorted({one.delivery.endpoint_id for one in delivered})
    await (
        WebhookEndpoint.filter(id__in=endpoints, failing_since__isnull=False)
        .using_db(conn)
        .update(failing_since=None)
    )


async def finish(
    delivery: WebhookDelivery,
    status: int | None,
    error: str | None,
    retry_after: float | None,
    settings: Settings,
) -> WebhookDeliveryStatus | None:
    """Record one attempt's outcome (see `record_attempts`)."""
    return (await record_attempts([Attempted(delivery, status, error, retry_after)], settings))[0]


async def _record(one: Attempted, now: dt.datetime, settings: Settings, conn) -> WebhookDeliveryStatus | None:
    delivery, status = one.delivery, one.status
    mine = Q(id=delivery.id, locked_by=delivery.locked_by)
    released = {"locked_by": None, "lease_until": None}
    if one.ended is not None:
        done = await (
            WebhookDelivery.filter(mine, status__in=LIVE)
            .using_db(conn)
            .update(
                status=WebhookDeliveryStatus.FAILED, last_error=one.ended, next_attempt_at=None, **released
            )
        )
        return WebhookDeliveryStatus.FAILED if done else None
    attempts = delivery.attempts + 1
    common = {"attempts": attempts, "response_status": status, "last_attempt_at": now, **released}
    endpoint_id = delivery.endpoint_id
    if status is not None and 200 <= status < 300:
        # Delivered is the truth even when the endpoint was disabled while the POST was on its way.
        done = await (
            WebhookDelivery.filter(mine)
            .using_db(conn)
            .update(status=WebhookDeliveryStatus.DELIVERED, last_error=None, next_attempt_at=None, **common)
        )
        if done:
            await (
                WebhookEndpoint.filter(id=endpoint_id, failing_since__isnull=False)
                .using_db(conn)
                .update(failing_since=None)
            )
        return WebhookDeliveryStatus.DELIVERED if done else None
    schedule = settings.webhook_retry_seconds
    if status == GONE or attempts > len(schedule):
        outcome, next_at = WebhookDeliveryStatus.FAILED, None
    else:
        wait = schedule[attempts - 1]
        if status in THROTTLED and one.retry_after is not None:
            wait = max(wait, one.retry_after)
        outcome, next_at = WebhookDeliveryStatus.RETRYING, now + dt.timedelta(seconds=wait)
    done = await (
        WebhookDelivery.filter(mine, status__in=LIVE)
        .using_db(conn)
        .update(status=outcome, last_error=one.error, next_attempt_at=next_at, **common)
    )
    if not done:
        return None
    if status == GONE:
        stamp = f"{now:%Y-%m-%d %H:%M} UTC"
        await disable_endpoint(endpoint_id, f"The endpoint answered 410 Gone on {stamp}.", now, conn)
        return outcome
    await WebhookEndpoint.filter(id=endpoint_id, failing_since=None).using_db(conn).update(failing_since=now)
    row = await WebhookEndpoint.filter(id=endpoint_id).only("id", "failing_since").using_db(conn).first()
    failing_since = row.failing_since if row is not None else None
    if failing_since is not None and now - failing_since >= FAILING_DISABLES_AFTER:
        reason = (
            f"No delivery has succeeded since a failure on {failing_since:%Y-%m-%d %H:%M} UTC "
            f"(5 days); the endpoint was disabled on {now:%Y-%m-%d %H:%M} UTC."
        )
        await disable_endpoint(endpoint_id, reason, now, conn)
    return outcome


async def disable_endpoint(endpoint_id: int, reason: str, now: dt.datetime, conn: BaseDBAsyncClient) -> bool:
    """Disable an endpoint the service gave up on: its pending deliveries end as FAILED, the change is
    recorded, and its partner's ADMINs are owed an email saying why. False when it was not enabled."""
    changed = await (
        WebhookEndpoint.filter(id=endpoint_id, enabled=True, deleted_at=None)
        .using_db(conn)
        .update(enabled=False, disabled_reason=reason, updated_at=now)
    )
    if not changed:
        return False
    await fail_live_deliveries(endpoint_id, "the endpoint was disabled", conn)
    endpoint = await WebhookEndpoint.filter(id=endpoint_id).using_db(conn).get()
    changes = [Change("enabled", True, False), Change("disabledReason", None, reason)]
    await events.endpoint_event(
        EventType.WEBHOOK_ENDPOINT_CHANGED, endpoint, changes, actor=SERVICE, using_db=conn
    )
    await Job.create(
        kind=JobKind.SEND_WEBHOOK_DISABLED,
        dedupe_key=f"webhook-disabled:{endpoint_id}:{uuid.uuid4().hex}",
        payload={"endpoint_id": endpoint_id},
        run_after=now,
        using_db=conn,
    )
    return True


async def deliver_one(client: httpx.AsyncClient, delivery: WebhookDelivery, settings: Settings) -> Attempted:
    """One attempt of a claimed delivery (nothing recorded: see `record_attempts`)."""
    endpoint = delivery.endpoint
    if endpoint.deleted_at is not None:
        return Attempted(delivery, ended="the endpoint was deleted")
    if not endpoint.enabled:
        return Attempted(delivery, ended="the endpoint was disabled")
    status, error, retry_after = await attempt(client, delivery, settings)
    return Attempted(delivery, status, error, retry_after)


# -- the lane ---------------------------------------------------------------------------------------


def default_lane_id() -> str:
    return f"webhooks:{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class WebhookLane:
    """Claims due deliveries and runs up to `PORTAL_WEBHOOK_CONCURRENCY` attempts at once, at most a
    quarter of them (at least one) for any one endpoint; prunes the trail and old deliveries hourly."""

    def __init__(self, settings: Settings, lane_id: str | None = None) -> None:
        self.settings = settings
        self.lane_id = lane_id or default_lane_id()
        self.width = max(1, settings.webhook_concurrency)
        self.per_endpoint = max(1, self.width // 4)
        self.running: dict[asyncio.Task, WebhookDelivery] = {}
        self._last_prune = float("-inf")

    async def _fill(self, client: httpx.AsyncClient) -> int:
        """Start attempts for the due deliveries the free slots can take; how many started. Claims
        are made once half the slots are free (or none is busy), so each claims a batch."""
        started = 0
        while len(self.running) <= self.width // 2 or not self.running:
            room = Counter(d.endpoint_id for d in self.running.values())
            wanted = self.width - len(self.running)
            # In a task of its own, as the worker's claims (a connection lost mid-transaction stays
            # with the task that began it).
            batch = await asyncio.create_task(
                claim(self.lane_id, self.settings, wanted, room, self.per_endpoint, busy=bool(self.running))
            )
            if not batch:
                break
            for delivery in batch:
                task = asyncio.create_task(deliver_one(client, delivery, self.settings))
                self.running[task] = delivery
                started += 1
        return started

    async def _settle(self, done: Iterable[asyncio.Task]) -> int:
        """Record the outcomes of the finished attempts in one transaction; how many."""
        attempted = []
        for task in done:
            delivery = self.running.pop(task)
            if task.cancelled():
                continue
            if task.exception() is not None:
                # Unrecorded: the lease expires and the delivery is claimed again.
                logger.error("webhook delivery %s: %s", delivery.id, error_text(task.exception()))
                continue
            attempted.append(task.result())
        if attempted:
            outcomes = await asyncio.create_task(record_attempts(attempted, self.settings))
            for one, outcome in zip(attempted, outcomes, strict=True):
                logger.info(
                    "webhook delivery %s (event %s) to endpoint %s attempt %s: %s",
                    one.delivery.id,
                    one.delivery.event_id,
                    one.delivery.endpoint_id,
                    one.delivery.attempts + 1,
                    outcome.value if outcome else "lease lost",
                    extra={"response_status": one.status, "error": one.error or one.ended},
                )
                count_webhook_delivery(DELIVERY_OUTCOMES.get(outcome, "lease_lost"))
        return len(attempted)

    async def run_once(self) -> int:
        """Deliver what is due now (retries that come due meanwhile included) until nothing is; how many
        attempts were made."""
        made = 0
        async with http_client(self.settings) as client:
            while True:
                await self._fill(client)
                if not self.running:
                    return made
                done, _ = await asyncio.wait(self.running, return_when=asyncio.FIRST_COMPLETED)
                made += await self._settle(done)

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until `stop` is set; attempts still running then get the timeout to finish. While
        the database cannot be reached the lane waits it out, the wait doubling up to
        `worker_outage_max_seconds` (the worker's own loop says so in the log)."""
        logger.info("webhook lane %s started (%d at once)", self.lane_id, self.width)
        poll = self.settings.worker_poll_seconds
        delay = 0.0
        async with http_client(self.settings) as client:
            while not stop.is_set():
                try:
                    await self._prune_now_and_then()
                    await self._fill(client)
                    delay = 0.0
                except Exception as exc:
                    if not is_unavailable(exc):
                        logger.exception("webhook lane %s could not claim deliveries; retrying", self.lane_id)
                    delay = min(max(delay * 2, poll), max(self.settings.worker_outage_max_seconds, poll))
                waiting = [*self.running, asyncio.ensure_future(stop.wait())]
                done, _ = await asyncio.wait(
                    waiting, timeout=max(delay, poll), return_when=asyncio.FIRST_COMPLETED
                )
                waiting[-1].cancel()
                try:
                    await self._settle([t for t in done if t in self.running])
                except Exception as exc:
                    if not is_unavailable(exc):
                        logger.exception("webhook lane %s could not record attempts", self.lane_id)
            await self._stop()
        logger.info("webhook lane %s stopped", self.lane_id)

    async def _stop(self) -> None:
        if not self.running:
            return
        done, pending = await asyncio.wait(self.running, timeout=self.settings.webhook_timeout_seconds)
        with contextlib.suppress(Exception):
            await self._settle(done)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        for task in pending:
            with contextlib.suppress(Exception):
                await release(self.running.pop(task))

    async def _prune_now_and_then(self) -> None:
        loop = asyncio.get_running_loop()
        if loop.time() - self._last_prune < PRUNE_EVERY_SECONDS:
            return
        self._last_prune = loop.time()
        removed = await prune(self.settings.clock.now(), audit_days=self.settings.audit_retention_days)
        if any(removed.values()):
            logger.info("pruned %s", ", ".join(f"{n} {what}" for what, n in removed.items()))


# -- the email to the ADMINs ------------------------------------------------------------------------


def build_disabled_email(
    endpoint: WebhookEndpoint, partner: str, admins: list[PartnerUser], settings: Settings
) -> OutgoingMail | None:
    """The email telling a partner's ADMINs that an endpoint was disabled, and why (pure)."""
    recipients = []
    for admin in admins:
        with contextlib.suppress(InvalidEmail):
            recipients.append((one_line(admin.name)[:200], parse_email(admin.email).ascii))
    if not recipients:
        return None
    context = {"endpoint": endpoint, "partner": partner, "webhooks_url": settings.base_url + "/webhooks"}
    message = emails.Message(
        subject="A webhook endpoint was disabled",
        mail_from=(SENDER_NAME, settings.mail_from),
        mail_to=recipients,
        html=templates.get_template("email_webhook_disabled.html").render(context),
        text=templates.get_template("email_webhook_disabled.txt").render(context),
    )
    eml_name = f"webhook-disabled-{endpoint.id}-{uuid.uuid4().hex[:8]}.eml"
    return OutgoingMail(
        message=message, recipient=", ".join(address for _, address in recipients), eml_name=eml_name
    )


async def run_disabled_email_job(job: Job, settings: Settings) -> str:
    """The SEND_WEBHOOK_DISABLED step of the worker; returns what it did, for the log."""
    endpoint = (
        await WebhookEndpoint.filter(id=int(job.payload["endpoint_id"])).select_related("partner").first()
    )
    if endpoint is None:
        return "not sent: the endpoint is gone"
    admins = await PartnerUser.filter(
        partner_id=endpoint.partner_id, role=UserRole.ADMIN, status=UserStatus.ACTIVE
    ).order_by("name", "id")
    mail = build_disabled_email(endpoint, endpoint.partner.name, admins, settings)
    if mail is None:
        return "not sent: the partner has no active ADMIN"
    return await deliver(mail, settings)
