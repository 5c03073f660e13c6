"""The package keeps its layers: no import cycle, and every import follows ARCHITECTURE.md's table."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK = ROOT.parent / "shared" / "tools" / "import-graph.py"


def test_imports_follow_the_layers_without_cycles():
    if not CHECK.exists():
        reason = f"the import check is not beside the checkout ({CHECK})"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason)
        pytest.skip(reason)
    result = subprocess.run(
        [sys.executable, str(CHECK), "graphql_portal", "--layers"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("0 import problem(s) in "), result.stdout
