"""Serving an app over real HTTP on a loopback port, in the test's own event loop."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import uvicorn

from .ports import free_port


@contextlib.asynccontextmanager
async def served(app, *, lifespan: str = "off") -> AsyncIterator[str]:
    """Serve `app` with uvicorn on a free port and yield its base URL; stop it on exit.

    With `lifespan="off"` the test keeps the ORM it initialised (the `db` fixture's).
    """
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan=lifespan, log_level="warning")
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    try:
        while not server.started:
            if task.done():
                task.result()  # raises what stopped it
            await asyncio.sleep(0.01)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task
