"""Sample a running server with py-spy while a benchmark loads it, and summarise where CPU went.

The benchmarks pass `--profile DIR`: py-spy records the server process for the measured round
(raw collapsed stacks, idle samples excluded) and the summary attributes every sample's leaf
frame to a library, so "GraphQL execution" and "the ORM" read as shares of the server's CPU.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

LIBRARIES = (
    ("<compiled query", "compiled query plans"),
    ("graphql_portal/schema/compiled/", "compiled execution (runtime)"),
    ("graphql_portal/", "graphql_portal (our code)"),
    ("graphql/", "graphql-core"),
    ("strawberry/", "strawberry"),
    ("tortoise/", "tortoise-orm"),
    ("pypika", "pypika (tortoise's SQL builder)"),
    ("asyncpg/", "asyncpg"),
    ("uvicorn/", "uvicorn + h11 (HTTP)"),
    ("h11/", "uvicorn + h11 (HTTP)"),
    ("starlette/", "starlette"),
    ("json/", "json"),
    ("asyncio/", "asyncio (event loop, tasks)"),
    ("logging/", "logging (access log)"),
    ("decimal", "decimal"),
    ("dataloader", "strawberry"),
)


class PySpy:
    """`py-spy record` attached to `pid` until stopped (SIGINT makes it write the profile)."""

    def __init__(self, pid: int, out: Path, rate: int = 200) -> None:
        executable = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        out.parent.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.process = subprocess.Popen(
            [
                executable,
                "record",
                "--pid",
                str(pid),
                "--rate",
                str(rate),
                "--format",
                "raw",
                "--output",
                str(out),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def stop(self) -> str:
        """Stop recording; the summary of what was recorded."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if not self.out.exists():
            problem = (self.process.stderr.read() if self.process.stderr else b"").decode(errors="replace")
            return f"py-spy wrote no profile: {problem.strip()[:300]}"
        return summarise(self.out)


def _library(frame: str) -> str:
    location = frame[frame.rfind("(") + 1 :] if "(" in frame else frame
    for marker, name in LIBRARIES:
        if marker in location:
            return name
    return "other: " + location.split(":")[0].rsplit("/", 1)[-1]


def summarise(path: Path, top: int = 25) -> str:
    """CPU samples per library (by leaf frame), the busiest functions, and our code inclusive."""
    leaves: Counter[str] = Counter()
    functions: Counter[str] = Counter()
    inclusive: Counter[str] = Counter()
    total = 0
    for line in path.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        frames = stack.split(";")
        total += n
        leaves[_library(frames[-1])] += n
        functions[frames[-1]] += n
        for frame in set(frames):
            if "graphql_portal/" in frame:
                inclusive[frame] += n
    if not total:
        return "py-spy recorded no samples"
    lines = [f"py-spy: {total} samples of the server's CPU; share by library (leaf frame):"]
    lines += [f"  {share / total:6.1%}  {name}" for name, share in leaves.most_common()]
    lines.append(f"functions with the most samples (self), top {top}:")
    lines += [f"  {share / total:6.1%}  {frame}" for frame, share in functions.most_common(top)]
    lines.append(f"our functions with the most samples (inclusive: with what they call), top {top}:")
    lines += [f"  {share / total:6.1%}  {frame}" for frame, share in inclusive.most_common(top)]
    return "\n".join(lines)
