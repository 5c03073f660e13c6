"""One frozen settings object, read once from the environment (and an optional `.env`)."""

from __future__ import annotations

import dataclasses
import ipaddress
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from .clock import SYSTEM_CLOCK, Clock, FileClock
from .files import PRIVATE_FILE, private_dir


class SettingsError(ValueError):
    """A setting has a value the service cannot use; the message names it."""


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    username: str | None = None
    password: str | None = None
    starttls: bool = False
    ssl: bool = False


@dataclass(frozen=True)
class Settings:
    database_url: str = "sqlite://var/portal.sqlite3"
    smtp_url: str | None = None
    mail_from: str = "orders@portal.example"
    base_url: str = "http://127.0.0.1:8000"
    # False when PORTAL_BASE_URL is unset: a server then links to the address it serves.
    base_url_configured: bool = False
    secret_key: str = ""
    debug: bool = False
    var_dir: Path = Path("var")
    # Fulfilment tuning: tests shorten these; production keeps the defaults.
    job_max_attempts: int = 8
    job_backoff_seconds: float = 30.0
    job_backoff_max_seconds: float = 3600.0
    job_lease_seconds: float = 300.0
    worker_poll_seconds: float = 1.0
    # While the database is unreachable the worker retries after a delay that doubles up to this.
    worker_outage_max_seconds: float = 30.0
    review_ttl_seconds: int = 30 * 60
    session_idle_seconds: int = 60 * 60
    session_absolute_seconds: int = 12 * 60 * 60
    # Sign-in throttling (auth/throttle.py): per address refuse, per account slow down.
    signin_window_seconds: int = 15 * 60
    signin_address_limit: int = 10
    signin_account_free_attempts: int = 5
    signin_delay_max_seconds: float = 30.0
    # Checks of a signed-in user's current password per window, per session and per account.
    password_check_limit: int = 5
    # "Forgot password" links queued per hour, per email address and per client address.
    reset_emails_per_address: int = 3
    reset_emails_per_client: int = 20
    # Reverse proxies (addresses or networks) whose X-Forwarded-For names the client; empty: the
    # peer is the client, whatever such headers say.
    trusted_proxies: tuple[str, ...] = ()
    upload_max_bytes: int = 10 * 1024 * 1024
    # Where new attachments' bytes go (fulfilment/stores.py): "database", "file:///abs/path" or
    # "s3://bucket/prefix", normalised by `parse_attachment_store`.
    attachment_store: str = "database"
    # An S3-compatible service other than AWS (MinIO, Ceph, R2, ...); None: AWS's regional endpoint.
    s3_endpoint_url: str | None = None
    # Authorised downloads of objects in S3 answer a 302 to a presigned URL instead of streaming.
    s3_presigned_downloads: bool = False
    # The standard AWS variables of the environment (credentials, region), for the S3 client.
    s3_environment: tuple[tuple[str, str], ...] = field(default=(), repr=False)
    max_body_bytes: int = 1024 * 1024
    # The audit trail is kept this long, then pruned by the worker.
    audit_retention_days: int = 730
    # Webhooks: the waits before each retry after the first attempt; private, loopback and
    # link-local receivers (and plain http to them) only when allowed; the lane's width.
    webhook_retry_seconds: tuple[float, ...] = (5, 300, 1800, 7200, 18000, 36000, 36000)
    webhooks_allow_private: bool = False
    webhook_timeout_seconds: float = 15.0
    webhook_concurrency: int = 32
    # Queries run through compiled plans (graphql_portal.schema.compiled); 0 runs graphql-core's.
    compiled_execution: bool = True
    # Operations: logs on stderr as "text" or "json"; /metrics answers only with this bearer token.
    log_format: str = "text"
    log_level: str | None = None
    metrics_token: str | None = None
    # Housekeeping (the worker, every `prune_interval_seconds`): finished jobs are kept this long,
    # used or expired invitation links this long after they stopped working.
    prune_interval_seconds: float = 15 * 60
    keep_finished_jobs_days: int = 30
    keep_spent_invitations_days: int = 7
    # The OTEL_* variables (traces are exported when OTEL_EXPORTER_OTLP_ENDPOINT is set).
    otel: dict = field(default_factory=dict, compare=False, repr=False)
    # Every "now" of the domain and the worker comes from here, so a test (or a rehearsal of a
    # given day) can move time for the API and the worker alike.
    clock: Clock = field(default=SYSTEM_CLOCK, compare=False, repr=False)
    extra: dict = field(default_factory=dict, compare=False, repr=False)

    def served_at(self, host: str, port: int) -> Settings:
        """These settings for a server on `host:port`: unless PORTAL_BASE_URL says otherwise,
        links in emails and `Attachment.url` point to the address served."""
        if self.base_url_configured:
            return self
        if host in ("", "0.0.0.0", "::"):
            host = "127.0.0.1"  # every interface: only the operator knows the public name
        shown = f"[{host}]" if ":" in host else host
        return dataclasses.replace(self, base_url=f"http://{shown}:{port}")

    @property
    def otel_env(self) -> dict:
        return self.otel

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    @property
    def dialect(self) -> str:
        return dialect_of(self.database_url)

    @property
    def smtp(self) -> SmtpConfig | None:
        return parse_smtp_url(self.smtp_url) if self.smtp_url else None


# The standard AWS variables the S3 client reads (the rest it reads from the process environment).
AWS_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
)
STORE_URL_MAX_CHARS = 200  # rows record it (attachment.store)
_BUCKET = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")


def parse_attachment_store(value: str | None, var_dir: Path, name: str = "PORTAL_ATTACHMENT_STORE") -> str:
    """`PORTAL_ATTACHMENT_STORE` as rows record it: `database`, `file:///absolute/folder` or
    `s3://bucket[/prefix]`. A plain relative path is a folder under `var_dir`. Errors name `name`."""
    raw = (value or "").strip()
    if raw in ("", "database"):
        return "database"
    if raw.startswith("s3://"):
        bucket, _, prefix = raw[len("s3://") :].partition("/")
        prefix = prefix.strip("/")
        if not _BUCKET.fullmatch(bucket):
            raise SettingsError(f"{name}: {bucket!r} is not an S3 bucket name (s3://bucket/prefix)")
        if prefix and any(part in ("", ".", "..") for part in prefix.split("/")):
            raise SettingsError(f"{name}: the prefix of {raw!r} has an empty, '.' or '..' segment")
        if len(raw) > STORE_URL_MAX_CHARS:
            raise SettingsError(f"{name}: longer than {STORE_URL_MAX_CHARS} characters")
        return f"s3://{bucket}/{prefix}" if prefix else f"s3://{bucket}"
    if raw.startswith("file://"):
        parts = urlsplit(raw)
        if parts.netloc not in ("", "localhost") or not parts.path.startswith("/"):
            raise SettingsError(f"{name}: expected file:///absolute/folder, got {raw!r}")
        path = Path(unquote(parts.path))
    elif ":" in raw or raw.startswith("/") or ".." in Path(raw).parts:
        raise SettingsError(
            f"{name}: expected database, file:///absolute/folder, a folder under PORTAL_VAR_DIR "
            f"or s3://bucket/prefix, got {raw!r}"
        )
    else:
        path = var_dir / raw
    resolved = "file://" + (str(path.resolve()).rstrip("/") or "/")
    if len(resolved) > STORE_URL_MAX_CHARS:
        raise SettingsError(f"{name}: the folder's path is longer than {STORE_URL_MAX_CHARS} characters")
    return resolved


def default_database_url(var_dir: Path) -> str:
    """The SQLite file inside the var folder, wherever `PORTAL_VAR_DIR` puts it."""
    return f"sqlite://{var_dir / 'portal.sqlite3'}"


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", url)


def dialect_of(database_url: str) -> str:
    scheme = database_url.split(":", 1)[0].lower()
    if scheme == "sqlite":
        return "sqlite"
    if scheme in ("postgres", "postgresql", "asyncpg", "psycopg"):
        return "postgres"
    raise SettingsError(
        f"PORTAL_DATABASE_URL: unsupported scheme {scheme!r} "
        "(use sqlite://path or postgres://user@host:5432/db)"
    )


def parse_smtp_url(url: str) -> SmtpConfig:
    """`smtp://[user:password@]host:port[?starttls=1|ssl=1]`."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise SettingsError(f"PORTAL_SMTP_URL: expected smtp://host:port, got {url!r}")
    if not parts.hostname:
        raise SettingsError("PORTAL_SMTP_URL: no host")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    ssl = parts.scheme == "smtps" or query.get("ssl") in ("1", "true")
    starttls = query.get("starttls") in ("1", "true")
    if ssl and starttls:
        raise SettingsError("PORTAL_SMTP_URL: choose starttls=1 or ssl=1, not both")
    try:
        port = parts.port or (465 if ssl else 25)
    except ValueError as exc:
        raise SettingsError(f"PORTAL_SMTP_URL: bad port ({exc})") from None
    return SmtpConfig(
        host=parts.hostname,
        port=port,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        starttls=starttls,
        ssl=ssl,
    )


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")


def _flag(env: dict, name: str, default: bool) -> bool:
    """A yes/no setting: 1/true/yes/on or 0/false/no/off; anything else is a mistake, not "no"."""
    value = env.get(name)
    if value is None or value.strip() == "":
        return default
    word = value.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise SettingsError(f"{name}: expected 1 or 0 (true/false, yes/no, on/off), got {value!r}")


LOG_FORMATS = ("text", "json")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _choice(env: dict, name: str, choices: tuple[str, ...], default: str | None) -> str | None:
    value = (env.get(name) or "").strip()
    if not value:
        return default
    for choice in choices:
        if value.lower() == choice.lower():
            return choice
    raise SettingsError(f"{name}: expected one of {', '.join(choices)}, got {value!r}")


def _metrics_token(env: dict) -> str | None:
    token = env.get("PORTAL_METRICS_TOKEN") or None
    if token is not None and (len(token) < 16 or not token.isprintable() or " " in token):
        raise SettingsError(
            "PORTAL_METRICS_TOKEN: use at least 16 printable characters without spaces "
            "(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')"
        )
    return token


def parse_trusted_proxies(value: str | None) -> tuple[str, ...]:
    """`PORTAL_TRUSTED_PROXIES`: comma-separated IP addresses or networks (`10.0.0.0/8`)."""
    found = []
    for item in (value or "").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            found.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise SettingsError(
                f"PORTAL_TRUSTED_PROXIES: {item!r} is not an IP address or network (10.0.0.5, 10.0.0.0/8)"
            ) from None
    return tuple(found)


def _secret_key(var_dir: Path) -> str:
    """A key generated once into `var/secret_key`, so sessions survive restarts."""
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    private_dir(var_dir)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def _number(env: dict, name: str, default: float, kind=float):
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise SettingsError(f"{name}: expected a number, got {raw!r}") from None
    if value < 0:
        raise SettingsError(f"{name}: must not be negative")
    return value


def _seconds_list(env: dict, name: str, default: tuple[float, ...]) -> tuple[float, ...]:
    """A comma list of waits in seconds (`5,300,1800`); at least one, none negative."""
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        values = tuple(float(part) for part in raw.split(","))
    except ValueError:
        raise SettingsError(f"{name}: expected seconds separated by commas, got {raw!r}") from None
    if any(value < 0 or value != value or value == float("inf") for value in values):
        raise SettingsError(f"{name}: every wait must be a number of seconds, 0 or more")
    return values


def load_settings(env: dict | None = None, *, dotenv: bool = True) -> Settings:
    """Read the settings from `env` (default: the process environment and `.env`)."""
    if env is None:
        if dotenv:
            from dotenv import dotenv_values

            env = {**{k: v for k, v in dotenv_values(".env").items() if v is not None}, **os.environ}
        else:
            env = dict(os.environ)
    var_dir = Path(env.get("PORTAL_VAR_DIR") or "var")
    database_url = env.get("PORTAL_DATABASE_URL") or default_database_url(var_dir)
    dialect_of(database_url)
    smtp_url = env.get("PORTAL_SMTP_URL") or None
    if smtp_url:
        parse_smtp_url(smtp_url)
    base_url_configured = bool(env.get("PORTAL_BASE_URL"))
    base_url = (env.get("PORTAL_BASE_URL") or "http://127.0.0.1:8000").rstrip("/")
    if not base_url.startswith(("http://", "https://")):
        raise SettingsError(f"PORTAL_BASE_URL: expected http(s)://..., got {base_url!r}")
    attachment_store = parse_attachment_store(env.get("PORTAL_ATTACHMENT_STORE"), var_dir)
    s3_endpoint_url = (env.get("PORTAL_S3_ENDPOINT_URL") or "").strip() or None
    if s3_endpoint_url and not s3_endpoint_url.startswith(("http://", "https://")):
        raise SettingsError(
            f"PORTAL_S3_ENDPOINT_URL: expected http(s)://host[:port], got {s3_endpoint_url!r}"
        )
    return Settings(
        database_url=database_url,
        smtp_url=smtp_url,
        mail_from=env.get("PORTAL_MAIL_FROM") or "orders@portal.example",
        base_url=base_url,
        base_url_configured=base_url_configured,
        secret_key=env.get("PORTAL_SECRET_KEY") or _secret_key(var_dir),
        debug=_flag(env, "PORTAL_DEBUG", False),
        var_dir=var_dir,
        job_max_attempts=_number(env, "PORTAL_JOB_MAX_ATTEMPTS", 8, int),
        job_backoff_seconds=_number(env, "PORTAL_JOB_BACKOFF_SECONDS", 30.0),
        job_backoff_max_seconds=_number(env, "PORTAL_JOB_BACKOFF_MAX_SECONDS", 3600.0),
        job_lease_seconds=_number(env, "PORTAL_JOB_LEASE_SECONDS", 300.0),
        worker_poll_seconds=_number(env, "PORTAL_WORKER_POLL_SECONDS", 1.0),
        max_body_bytes=_number(env, "PORTAL_MAX_BODY_BYTES", 1024 * 1024, int),
        compiled_execution=_flag(env, "PORTAL_COMPILED_EXECUTION", True),
        session_idle_seconds=_number(env, "PORTAL_SESSION_IDLE_SECONDS", 60 * 60, int),
        session_absolute_seconds=_number(env, "PORTAL_SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60, int),
        trusted_proxies=parse_trusted_proxies(env.get("PORTAL_TRUSTED_PROXIES")),
        audit_retention_days=_number(env, "PORTAL_AUDIT_RETENTION_DAYS", 730, int),
        webhook_retry_seconds=_seconds_list(
            env, "PORTAL_WEBHOOK_RETRY_SECONDS", Settings.webhook_retry_seconds
        ),
        webhooks_allow_private=_flag(env, "PORTAL_WEBHOOKS_ALLOW_PRIVATE", False),
        webhook_timeout_seconds=_number(env, "PORTAL_WEBHOOK_TIMEOUT_SECONDS", 15.0),
        webhook_concurrency=max(1, _number(env, "PORTAL_WEBHOOK_CONCURRENCY", 32, int)),
        log_format=_choice(env, "PORTAL_LOG_FORMAT", LOG_FORMATS, "text"),
        log_level=_choice(env, "PORTAL_LOG_LEVEL", LOG_LEVELS, None),
        metrics_token=_metrics_token(env),
        prune_interval_seconds=_number(env, "PORTAL_PRUNE_INTERVAL_SECONDS", 15 * 60.0),
        keep_finished_jobs_days=_number(env, "PORTAL_KEEP_FINISHED_JOBS_DAYS", 30, int),
        keep_spent_invitations_days=_number(env, "PORTAL_KEEP_SPENT_INVITATIONS_DAYS", 7, int),
        otel={k: v for k, v in env.items() if k.startswith("OTEL_") and v},
        clock=FileClock(env["PORTAL_CLOCK_FILE"]) if env.get("PORTAL_CLOCK_FILE") else SYSTEM_CLOCK,
        attachment_store=attachment_store,
        s3_endpoint_url=s3_endpoint_url,
        s3_presigned_downloads=_flag(env, "PORTAL_S3_PRESIGNED_DOWNLOADS", False),
        s3_environment=tuple((k, env[k]) for k in AWS_VARIABLES if env.get(k)),
    )
