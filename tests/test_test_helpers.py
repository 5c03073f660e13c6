"""Test helpers live in tests/support/: conftest.py files hold fixtures, and no test imports from one."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _imported_modules(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_test_module_imports_from_a_conftest():
    offenders = [
        str(path.relative_to(TESTS))
        for path in sorted(TESTS.rglob("*.py"))
        if any(module.rsplit(".", 1)[-1] == "conftest" for module in _imported_modules(path))
    ]
    assert offenders == []


def test_shared_helpers_are_in_tests_support_not_beside_the_tests():
    strays = [
        str(path.relative_to(TESTS))
        for path in sorted(TESTS.rglob("*support*.py"))
        if path.parent.name != "support"
    ]
    assert strays == []
