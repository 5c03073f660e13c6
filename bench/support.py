"""What the benchmarks share: the bench database, servers in their own processes, a lean HTTP
client (so the load generator takes little of the CPU the server needs), latency statistics and a
description of the machine the figures came from."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/gp_bench"
SECRET_KEY = "bench-secret-key-" + "x" * 32
HOST = "127.0.0.1"


# -- databases ------------------------------------------------------------------------------------
def asyncpg_dsn(database_url: str) -> str:
    """The Tortoise URL as asyncpg spells it."""
    parts = urlsplit(database_url)
    return urlunsplit(("postgresql", parts.netloc, parts.path, parts.query, ""))


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def maintenance_dsn(database_url: str) -> str:
    """The same server's `postgres` database, to create and drop the bench database from."""
    parts = urlsplit(database_url)
    return urlunsplit(("postgresql", parts.netloc, "/postgres", "", ""))


def is_postgres(database_url: str) -> bool:
    return database_url.split(":", 1)[0] in ("postgres", "postgresql")


def require_postgres(parser: argparse.ArgumentParser, database_url: str) -> None:
    """The benchmarks read and write the bench database with asyncpg, so they need PostgreSQL."""
    if not is_postgres(database_url):
        parser.error(f"{database_url}: the benchmarks run on PostgreSQL (a postgres:// URL)")


def portal_env(database_url: str, var_dir: Path, base_url: str) -> dict[str, str]:
    """The environment a portal process of the benchmarks runs with."""
    return {
        **os.environ,
        "PORTAL_DATABASE_URL": database_url,
        "PORTAL_SECRET_KEY": SECRET_KEY,
        "PORTAL_VAR_DIR": str(var_dir),
        "PORTAL_BASE_URL": base_url,
        "PORTAL_DEBUG": "0",
    }


async def issue_tokens(
    database_url: str, emails: tuple[str, ...] = (), reconciliation: str | None = None
) -> dict[str, str]:
    """Fresh API tokens through the app's own functions: `{email or name: token}`."""
    from graphql_portal.auth import create_reconciliation_token, create_user_token
    from graphql_portal.db import close_db, init_db

    await init_db(database_url, global_fallback=False)
    try:
        tokens = {email: (await create_user_token(email, name="bench")).token for email in emails}
        if reconciliation:
            tokens[reconciliation] = (await create_reconciliation_token(reconciliation)).token
    finally:
        await close_db()
    return tokens


# -- servers --------------------------------------------------------------------------------------
def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """A server in its own process, started and stopped by the benchmark that needs it."""

    name: str
    argv: list[str]
    env: dict[str, str]
    port: int
    log_path: Path
    ready_path: str = "/healthz"
    cwd: Path = REPO_ROOT
    process: subprocess.Popen | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 60.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            self.argv,
            env=self.env,
            cwd=self.cwd,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url + self.ready_path, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"{self.name} did not answer {self.ready_path} within {timeout:.0f} s; see {self.log_path}"
        )

    def stop(self) -> None:
        """Graceful shutdown (uvicorn drains on SIGINT), then a kill if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)

    @contextlib.contextmanager
    def running(self) -> Iterator[Server]:
        self.start()
        try:
            yield self
        finally:
            self.stop()


def portal_server(
    database_url: str, work_dir: Path, base_url: str, *, compiled: bool = True, code_dir: Path | None = None
) -> Server:
    """The app exactly as it ships: `graphql-portal serve --no-worker` under uvicorn; with
    `compiled=False`, with `PORTAL_COMPILED_EXECUTION=0` (graphql-core's executor); with
    `code_dir`, the package as it is in that folder (another commit's `git archive`), run with
    the same environment."""
    port = free_port()
    argv = [
        sys.executable,
        "-m",
        "graphql_portal.cli",
        "serve",
        "--no-worker",
        "--host",
        HOST,
        "--port",
        str(port),
    ]
    env = portal_env(database_url, work_dir / "var", base_url)
    env["PORTAL_COMPILED_EXECUTION"] = "1" if compiled else "0"
    name = "portal" if compiled else "portal-graphql-core"
    if code_dir is not None:
        name += "-" + code_dir.name
        return Server(name, argv, env, port, work_dir / f"{name}.log", cwd=code_dir)
    return Server(name, argv, env, port, work_dir / f"{name}.log")


# -- a lean HTTP/1.1 client -----------------------------------------------------------------------
class HttpConnection:
    """One keep-alive connection; a request costs tens of microseconds of client CPU."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host_header: str) -> None:
        self.reader = reader
        self.writer = writer
        self.host_header = host_header

    @classmethod
    async def open(cls, port: int) -> HttpConnection:
        reader, writer = await asyncio.open_connection(HOST, port, limit=2**24)
        return cls(reader, writer, f"{HOST}:{port}")

    def request_bytes(self, path: str, body: bytes, headers: dict[str, str]) -> bytes:
        lines = [f"POST {path} HTTP/1.1", f"Host: {self.host_header}", f"Content-Length: {len(body)}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        """Send a prepared request; the status and the body of the answer."""
        status, _headers, body = await self.exchange(raw)
        return status, body

    async def exchange(self, raw: bytes) -> tuple[int, dict[str, str], bytes]:
        """Send a prepared request; the status, the headers (lower-case names) and the body."""
        self.writer.write(raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers = {}
        for line in header_lines:
            name, _, value = line.partition(":")
            if name:
                headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            return status, headers, await self.reader.readexactly(int(headers["content-length"]))
        if headers.get("transfer-encoding", "").lower() == "chunked":
            return status, headers, await self._chunks()
        raise RuntimeError(f"an answer with neither Content-Length nor chunks: {head!r}")

    async def _chunks(self) -> bytes:
        body = bytearray()
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
            if size == 0:
                await self.reader.readuntil(b"\r\n")
                return bytes(body)
            body += await self.reader.readexactly(size)
            await self.reader.readexactly(2)

    async def post_json(self, path: str, payload: dict, headers: dict[str, str]) -> tuple[int, dict]:
        body = json.dumps(payload).encode()
        status, raw = await self.send(
            self.request_bytes(path, body, {"Content-Type": "application/json", **headers})
        )
        return status, json.loads(raw)

    async def close(self) -> None:
        self.writer.close()
        with contextlib.suppress(ConnectionError):
            await self.writer.wait_closed()


def graphql_body(query: str, variables: dict | None = None) -> bytes:
    return json.dumps({"query": query, "variables": variables or {}}).encode()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


# -- load and statistics --------------------------------------------------------------------------
def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of unsorted values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (Linux `/proc/<pid>/stat`)."""
    with open(f"/proc/{pid}/stat") as fh:
        fields = fh.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class LoadResult:
    """What one measured round gave. `server_cpu` is the server process's CPU time over it: per
    request, it is what the server's code costs, and it varies far less than throughput when other
    work shares the machine."""

    latencies: list[float]
    errors: int
    elapsed: float
    first_error: str | None = None
    server_cpu: float | None = None

    @property
    def count(self) -> int:
        return len(self.latencies)

    @property
    def rps(self) -> float:
        return self.count / self.elapsed if self.elapsed else 0.0

    @property
    def p50_ms(self) -> float:
        return percentile(self.latencies, 50) * 1000

    @property
    def p99_ms(self) -> float:
        return percentile(self.latencies, 99) * 1000

    @property
    def cpu_ms(self) -> float:
        """Server CPU milliseconds per answered request."""
        if self.server_cpu is None or not self.count:
            return float("nan")
        return self.server_cpu * 1000 / (self.count + self.errors)

    def line(self) -> str:
        return (
            f"{self.rps:8.1f} req/s  p50 {self.p50_ms:7.1f} ms  p99 {self.p99_ms:7.1f} ms  "
            f"server CPU {self.cpu_ms:6.2f} ms/req  "
            f"({self.count} requests, {self.errors} errors, {self.elapsed:.1f} s)"
        )


async def run_load(
    port: int,
    path: str,
    body: bytes,
    headers: dict[str, str],
    *,
    concurrency: int,
    seconds: float,
    check: Callable[[int, bytes], bool],
    server_pid: int | None = None,
) -> LoadResult:
    """`concurrency` clients each sending the same request back to back for `seconds`.

    Every answer is checked (`check(status, body)`); failures count as errors, not latencies.
    """
    connections = [await HttpConnection.open(port) for _ in range(concurrency)]
    raw = connections[0].request_bytes(path, body, headers)
    latencies: list[float] = []
    errors = 0
    first_error: str | None = None
    cpu_before = cpu_seconds(server_pid) if server_pid else None
    start = time.perf_counter()
    deadline = start + seconds

    async def client(conn: HttpConnection) -> None:
        nonlocal errors, first_error
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            status, answer = await conn.send(raw)
            took = time.perf_counter() - t0
            if check(status, answer):
                latencies.append(took)
            else:
                errors += 1
                first_error = first_error or f"HTTP {status}: {answer[:300]!r}"

    try:
        await asyncio.gather(*(client(c) for c in connections))
        elapsed = time.perf_counter() - start
        server_cpu = cpu_seconds(server_pid) - cpu_before if server_pid and cpu_before is not None else None
    finally:
        for conn in connections:
            await conn.close()
    return LoadResult(latencies, errors, elapsed, first_error, server_cpu)


def graphql_ok(status: int, body: bytes) -> bool:
    """HTTP 200 and no top-level `errors` member (checked on the bytes, which is cheap)."""
    return status == 200 and b'"errors"' not in body[:64] and body.startswith(b'{"data"')


# -- the machine ----------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    """What the figures depend on: cores, CPU model, memory, load, versions."""
    cpu = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "unknown"
    with contextlib.suppress(OSError), open("/proc/meminfo") as fh:
        for line in fh:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    return {
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "memory": mem,
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "python": platform.python_version(),
    }


def print_machine() -> None:
    info = machine()
    print("machine: " + ", ".join(f"{k} {v}" for k, v in info.items()))
