"""`/metrics` for a process that serves nothing else (`graphql-portal worker --metrics-port P`).

A few lines of HTTP/1.1 on asyncio's own server, in the worker's event loop: the figures read
from the database at scrape time need that loop, and a second web server would bring its own
signal handling. Answers `GET /metrics` with the bearer token (401 without it), 404 otherwise.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable

from .metrics import CONTENT_TYPE

log = logging.getLogger("graphql_portal.metrics")
MAX_HEAD_BYTES = 8192
READ_TIMEOUT_SECONDS = 10.0


def _answer(
    status: str, body: bytes, content_type: str = "text/plain; charset=utf-8", extra: str = ""
) -> bytes:
    head = (
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        f"Cache-Control: no-store\r\nConnection: close\r\n{extra}\r\n"
    )
    return head.encode("ascii") + body


async def serve_metrics(
    host: str, port: int, token: str, body: Callable[[], Awaitable[bytes]]
) -> asyncio.Server:
    """Listen on `host:port`; each authorised `GET /metrics` answers `await body()`."""
    expected = f"Bearer {token}".encode()

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), READ_TIMEOUT_SECONDS)
            request_line, *header_lines = head[:-4].split(b"\r\n")
            method, target, *_ = [*request_line.split(b" "), b"", b""]
            headers = {}
            for line in header_lines:
                name, _, value = line.partition(b":")
                headers[name.strip().lower()] = value.strip()
            if method != b"GET" or target.split(b"?")[0] != b"/metrics":
                writer.write(_answer("404 Not Found", b"Not Found\n"))
            elif not hmac.compare_digest(headers.get(b"authorization", b""), expected):
                writer.write(
                    _answer(
                        "401 Unauthorized",
                        b"Send `Authorization: Bearer <PORTAL_METRICS_TOKEN>`.\n",
                        extra="WWW-Authenticate: Bearer\r\n",
                    )
                )
            else:
                writer.write(_answer("200 OK", await body(), CONTENT_TYPE))
            await writer.drain()
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
            pass
        except Exception:
            log.exception("metrics: could not answer a scrape")
        finally:
            writer.close()

    server = await asyncio.start_server(handle, host, port, limit=MAX_HEAD_BYTES)
    log.info("metrics on http://%s:%s/metrics", host, port)
    return server
