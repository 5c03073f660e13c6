"""schema.graphql is the served schema, and the served schema keeps the public contract."""

import os
from pathlib import Path

import pytest
from graphql import build_schema, find_breaking_changes

from graphql_portal.schema import schema

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "spec"
CONTRACT = SPEC / "api-contract.graphql"
# Additions to the contract, written as `extend` statements of it: read together with it.
ADDITIONS = [
    SPEC / "api-contract-billing.graphql",
    SPEC / "api-contract-portal.graphql",
    SPEC / "api-contract-events.graphql",
    SPEC / "api-contract-experience.graphql",
]


def test_schema_file_is_up_to_date():
    committed = (ROOT / "schema.graphql").read_text()
    assert committed == schema.as_str() + "\n", "schema.graphql is out of date: run `make schema`"


def test_served_schema_keeps_the_contract():
    missing = [path for path in (CONTRACT, *ADDITIONS) if not path.exists()]
    if missing:
        reason = f"the contract is not beside the checkout ({missing[0]})"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason)
        pytest.skip(reason)
    contract = build_schema("\n".join(path.read_text() for path in (CONTRACT, *ADDITIONS)))
    served = build_schema(schema.as_str())
    breaking = [change.description for change in find_breaking_changes(contract, served)]
    assert breaking == []
