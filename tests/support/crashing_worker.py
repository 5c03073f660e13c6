"""A worker process that dies (SIGKILL, no clean-up) right after it wrote an attachment's object
and before the row naming it commits: `python -m tests.support.crashing_worker`, with the
settings in the environment, as `graphql-portal worker` takes them."""

from __future__ import annotations

import os
import signal
import sys

from graphql_portal.fulfilment import attachments
from graphql_portal.fulfilment.worker import main

_write_object = attachments.write_object


async def _write_then_die(*args, **kwargs):
    await _write_object(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)


if __name__ == "__main__":
    attachments.write_object = _write_then_die
    sys.exit(main(["--worker-id", "crashing"]))
