"""The app as `graphql-portal serve --no-worker` runs it, with each answer timed by the server.

    .venv/bin/python -m bench.timed_server --port 8123 [--reuse-port]

The benchmark's own entry point: the shipped app (`create_app`, settings from the environment)
under uvicorn, wrapped so every HTTP answer carries `Server-Timing: app;dur=<ms>`, the time
from the app receiving the request to the start of its answer (for the API's JSON answers, all
the work). It is the server's time as the server sees it, queueing behind the requests it serves
meanwhile included; what it leaves out is the client's side and the wait before the process reads
the request at all. `--reuse-port` binds with SO_REUSEPORT, so several of these processes share
one port and the kernel spreads the connections over them.
"""

from __future__ import annotations

import argparse
import socket
import sys
import time

import uvicorn

from graphql_portal.app import create_app
from graphql_portal.settings import load_settings


class ServerTiming:
    """Adds `Server-Timing: app;dur=<ms>` to every HTTP answer."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed(message) -> None:
            if message["type"] == "http.response.start":
                took = (time.perf_counter() - started) * 1000
                message = {
                    **message,
                    "headers": [
                        *message.get("headers", []),
                        (b"server-timing", f"app;dur={took:.3f}".encode()),
                    ],
                }
            await send(message)

        await self.app(scope, receive, timed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--reuse-port", action="store_true")
    args = parser.parse_args(argv)
    settings = load_settings().served_at(args.host, args.port)
    app = ServerTiming(create_app(settings, run_worker=False))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if args.reuse_port:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((args.host, args.port))
    # As `graphql-portal serve` runs uvicorn (log level info: an access line per request).
    config = uvicorn.Config(app, fd=sock.fileno(), log_level="info", proxy_headers=False)
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
