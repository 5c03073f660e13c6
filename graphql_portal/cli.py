"""The `graphql-portal` command line. A user mistake prints one line on stderr, never a traceback."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from . import __version__
from .files import PRIVATE_FILE, private_dir, tighten_var_dir
from .observability import configure_logging
from .settings import Settings, SettingsError, load_settings, redact_url


class CommandError(Exception):
    """A failure to report as one line, with exit status 1."""


def _connection_problem(exc: BaseException) -> str | None:
    """A readable reason when `exc` says the database cannot be reached or opened."""
    from tortoise.exceptions import ConfigurationError, DBConnectionError, OperationalError

    if isinstance(exc, (OSError, ConnectionError, DBConnectionError, ConfigurationError)):
        return str(exc) or exc.__class__.__name__
    if isinstance(exc, OperationalError) and ("does not exist" in str(exc) or "unable to open" in str(exc)):
        return str(exc)
    name = exc.__class__.__name__
    if name in ("InvalidCatalogNameError", "InvalidAuthorizationSpecificationError", "InvalidPasswordError"):
        return str(exc)
    return None


def _run_with_db(settings: Settings, body: Callable[[], Awaitable[int]]) -> int:
    from .db import close_db, init_db
    from .events import COMMAND_LINE, acting_as

    async def run() -> int:
        try:
            await init_db(settings.database_url)
        except Exception as exc:
            reason = _connection_problem(exc)
            if reason is None:
                raise
            raise CommandError(
                f"cannot open the database {redact_url(settings.database_url)}: {reason}"
            ) from None
        try:
            with acting_as(COMMAND_LINE):
                return await body()
        except Exception as exc:
            reason = _connection_problem(exc)
            if reason is not None:
                raise CommandError(
                    f"cannot open the database {redact_url(settings.database_url)}: {reason}"
                ) from None
            from tortoise.exceptions import OperationalError

            if (
                isinstance(exc, OperationalError) and "no such table" in str(exc)
            ) or "UndefinedTable" in repr(exc):
                raise CommandError(
                    "the database has no tables yet: run `graphql-portal migrate` first"
                ) from None
            raise
        finally:
            await close_db()

    return asyncio.run(run())


def cmd_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from .migrate import MigrationError, migrate

    try:
        applied = asyncio.run(migrate(settings.database_url))
    except MigrationError as exc:
        raise CommandError(str(exc)) from None
    except Exception as exc:
        reason = _connection_problem(exc)
        if reason is None:
            raise
        raise CommandError(f"cannot migrate {redact_url(settings.database_url)}: {reason}") from None
    if applied:
        print(f"Applied {len(applied)} migration(s): {', '.join(applied)}", file=sys.stderr)
    else:
        print("The database is up to date.", file=sys.stderr)
    return 0


def _demo_password_file(settings: Settings) -> Path:
    return settings.var_dir / "demo-staff-password"


def cmd_seed_demo(settings: Settings, args: argparse.Namespace) -> int:
    from .demo import STAFF_EMAIL, seed_demo

    async def body() -> int:
        result = await seed_demo()
        if result.created:
            print(f"Loaded the demo data ({result.created} rows).", file=sys.stderr)
        else:
            print("The demo data is already loaded; nothing changed.", file=sys.stderr)
        if result.staff_password:
            path = _demo_password_file(settings)
            private_dir(path.parent)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
            with os.fdopen(fd, "w") as fh:
                fh.write(result.staff_password)
            print(f"Staff sign-in: {STAFF_EMAIL} / {result.staff_password}", file=sys.stderr)
        return 0

    return _run_with_db(settings, body)


def cmd_create_token(settings: Settings, args: argparse.Namespace) -> int:
    from .auth import AuthError, create_reconciliation_token, create_user_token

    async def body() -> int:
        try:
            if args.reconciliation:
                issued = await create_reconciliation_token(args.subject)
            else:
                issued = await create_user_token(args.subject)
        except AuthError as exc:
            raise CommandError(str(exc)) from None
        print(issued.token)
        print(
            f"Token prefix {issued.prefix} (revoke with: graphql-portal revoke-token {issued.prefix})",
            file=sys.stderr,
        )
        return 0

    return _run_with_db(settings, body)


def cmd_revoke_token(settings: Settings, args: argparse.Namespace) -> int:
    from .auth import AuthError, revoke_token

    async def body() -> int:
        try:
            record = await revoke_token(args.prefix)
        except AuthError as exc:
            raise CommandError(str(exc)) from None
        print(f"Revoked token {record.prefix} ({record.name}).", file=sys.stderr)
        return 0

    return _run_with_db(settings, body)


def cmd_create_staff(settings: Settings, args: argparse.Namespace) -> int:
    from .auth import AuthError, create_staff_user

    password = _password_from_stdin("Password for the new staff user: ")
    if not password:
        raise CommandError("no password given on stdin")

    async def body() -> int:
        try:
            user = await create_staff_user(args.email, password)
        except AuthError as exc:
            raise CommandError(str(exc)) from None
        print(f"Created staff user {user.email}.", file=sys.stderr)
        return 0

    return _run_with_db(settings, body)


def _password_from_stdin(prompt: str) -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def cmd_set_password(settings: Settings, args: argparse.Namespace) -> int:
    from .auth import AuthError, set_password

    password = _password_from_stdin(f"New password for {args.email}: ")
    if not password:
        raise CommandError("no password given on stdin")

    async def body() -> int:
        try:
            user = await set_password(args.email, password)
        except AuthError as exc:
            raise CommandError(str(exc)) from None
        print(f"Set the password of {user.email}; the user is ACTIVE.", file=sys.stderr)
        return 0

    return _run_with_db(settings, body)


def cmd_deactivate_staff(settings: Settings, args: argparse.Namespace) -> int:
    from .auth import AuthError, deactivate_staff_user

    async def body() -> int:
        try:
            user = await deactivate_staff_user(args.email)
        except AuthError as exc:
            raise CommandError(str(exc)) from None
        print(f"Deactivated staff user {user.email}; their sessions have ended.", file=sys.stderr)
        return 0

    return _run_with_db(settings, body)


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    from .app import create_app

    settings = settings.served_at(args.host, args.port)
    app = create_app(settings, run_worker=not args.no_worker)
    logging.getLogger("graphql_portal").info(
        "Serving on http://%s:%s (worker %s); links in emails and Attachment.url start with %s",
        args.host,
        args.port,
        "off" if args.no_worker else "on",
        settings.base_url,
    )
    # log_config=None: uvicorn's lines go through the service's own handler (text or JSON).
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=(settings.log_level or "info").lower(),
        log_config=None,
        proxy_headers=False,
    )
    return 0


def cmd_worker(settings: Settings, args: argparse.Namespace) -> int:
    from .db import quiet_outages_in_library_logs
    from .fulfilment.worker import serve

    if args.metrics_port is not None and not settings.metrics_token:
        raise CommandError("--metrics-port needs PORTAL_METRICS_TOKEN (the bearer token a scrape must send)")
    quiet_outages_in_library_logs()
    return asyncio.run(serve(settings, metrics_address=(args.metrics_host, args.metrics_port)))


def cmd_export_schema(settings: Settings, args: argparse.Namespace) -> int:
    from .schema import schema

    text = schema.as_str() + "\n"
    if args.output == "-":
        sys.stdout.write(text)
    else:
        Path(args.output).write_text(text)
        print(f"Wrote {args.output}.", file=sys.stderr)
    return 0


def _human(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{int(value)} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")


def cmd_move_attachments(settings: Settings, args: argparse.Namespace) -> int:
    """Move attachments' bytes to another store, each row switched once its copy is verified."""
    from .settings import parse_attachment_store

    target = parse_attachment_store(args.to, settings.var_dir, "--to")

    async def body() -> int:
        from tqdm import tqdm

        from .fulfilment.attachments import (
            IntegrityFailure,
            attachments_to_move,
            move_attachment,
            move_plan,
            opaque_id,
        )
        from .fulfilment.stores import StoreUnavailable

        plan = await move_plan(target)
        if plan.count == 0:
            print(f"Nothing to move: every attachment is in {target}.")
            return 0
        verb = "Would move" if args.dry_run else "Moving"
        print(f"{verb} {plan.count} attachment(s), {_human(plan.size)}, to {target}:")
        for store, (count, size) in sorted(plan.sources.items()):
            print(f"  {count} ({_human(size)}) from {store}")
        if args.dry_run:
            print("Nothing was changed (--dry-run).")
            return 0
        moved, failed = 0, []
        limit = asyncio.Semaphore(args.jobs)
        progress = tqdm(total=plan.size, unit="B", unit_scale=True, unit_divisor=1024, mininterval=0.5)

        async def one(attachment_id: int, size: int) -> None:
            nonlocal moved
            async with limit:
                try:
                    switched = await move_attachment(attachment_id, target, settings)
                except IntegrityFailure:
                    failed.append(attachment_id)
                else:
                    moved += switched
                progress.update(size)

        try:
            async for batch in attachments_to_move(target):
                await asyncio.gather(*(one(attachment_id, size) for attachment_id, size in batch))
        except StoreUnavailable as exc:
            raise CommandError(
                f"{exc}. {moved} attachment(s) were moved; run the command again when the store is back "
                "to move the rest"
            ) from None
        finally:
            progress.close()
        print(f"Moved {moved} attachment(s) to {target}.")
        if settings.attachment_store != target:
            print(
                f"New attachments still go to {settings.attachment_store}: set "
                f"PORTAL_ATTACHMENT_STORE={target} (and restart) to file them there."
            )
        if failed:
            ids = ", ".join(opaque_id(i) for i in sorted(failed)[:20])
            print(
                f"graphql-portal: error: {len(failed)} attachment(s) not moved: their bytes do not match "
                f"their rows (the log names each; first ids: {ids})",
                file=sys.stderr,
            )
            return 1
        return 0

    return _run_with_db(settings, body)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="graphql-portal", description="Change orders for managed-service-provider partners."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    sub.add_parser("migrate", help="apply the migrations to the configured database").set_defaults(
        func=cmd_migrate
    )
    sub.add_parser("seed-demo", help="load the demo data set (idempotent)").set_defaults(func=cmd_seed_demo)

    serve = sub.add_parser("serve", help="serve the API, the admin and downloads (with the worker)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--no-worker", action="store_true", help="do not run the worker in this process")
    serve.set_defaults(func=cmd_serve)

    worker = sub.add_parser("worker", help="run only the worker")
    worker.add_argument(
        "--metrics-port",
        type=int,
        help="serve this worker's /metrics on this port (needs PORTAL_METRICS_TOKEN)",
    )
    worker.add_argument("--metrics-host", default="127.0.0.1", help="the address for --metrics-port")
    worker.set_defaults(func=cmd_worker)

    token = sub.add_parser("create-token", help="print a new API token for a partner user (by email)")
    token.add_argument(
        "subject", metavar="EMAIL|NAME", help="the user's email, or the job's name with --reconciliation"
    )
    token.add_argument("--reconciliation", action="store_true", help="a read-only token across all partners")
    token.set_defaults(func=cmd_create_token)

    revoke = sub.add_parser("revoke-token", help="revoke a token by its prefix")
    revoke.add_argument("prefix")
    revoke.set_defaults(func=cmd_revoke_token)

    staff = sub.add_parser("create-staff", help="create an admin staff user; the password is read from stdin")
    staff.add_argument("email")
    staff.set_defaults(func=cmd_create_staff)

    deactivate = sub.add_parser(
        "deactivate-staff", help="stop a staff user from signing in and end their sessions"
    )
    deactivate.add_argument("email")
    deactivate.set_defaults(func=cmd_deactivate_staff)

    set_pw = sub.add_parser(
        "set-password",
        help="set a partner user's portal password (read from stdin) and make the user ACTIVE",
    )
    set_pw.add_argument("email")
    set_pw.set_defaults(func=cmd_set_password)

    move = sub.add_parser(
        "move-attachments",
        help="move attachments' bytes to another store (resumable; a row switches once its copy is verified)",
    )
    move.add_argument(
        "--to",
        required=True,
        metavar="STORE",
        help="database, file:///folder, a folder under PORTAL_VAR_DIR, or s3://bucket/prefix",
    )
    move.add_argument("--dry-run", action="store_true", help="say what would move and change nothing")
    move.add_argument(
        "--jobs", type=int, default=4, choices=range(1, 33), metavar="N", help="copies at once (1-32)"
    )
    move.set_defaults(func=cmd_move_attachments)

    export = sub.add_parser("export-schema", help="write the served GraphQL schema (SDL)")
    export.add_argument("output", nargs="?", default="schema.graphql", help="a file, or - for stdout")
    export.set_defaults(func=cmd_export_schema)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # Long-running commands log their work; one-shot commands speak only through their messages.
    # Logs go to stderr: stdout is for what a command prints (a token, a schema).
    level = "INFO" if args.command in ("serve", "worker") else "WARNING"
    configure_logging("text", level)
    # Whatever the service writes (the SQLite file's WAL, mail, keys) is readable by its user only.
    os.umask(0o077)
    try:
        settings = load_settings()
        configure_logging(settings.log_format, settings.log_level or level)
        if args.command in ("serve", "worker", "migrate"):
            tighten_var_dir(settings.var_dir)
        return args.func(settings, args)
    except (SettingsError, CommandError) as exc:
        print(f"graphql-portal: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
