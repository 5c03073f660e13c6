"""Every operation the portal runs is a named operation of its `.graphql` files and valid against
the committed schema: the portal reads and writes only through the public API."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import OperationDefinitionNode, build_schema, parse, validate

from graphql_portal.portal.operations import PAGES_DIR, errors_by_field, load_operations

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = load_operations()


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_operation_is_valid_against_schema_graphql(name):
    schema = build_schema((ROOT / "schema.graphql").read_text())
    document = parse(OPERATIONS[name].document)
    assert [error.message for error in validate(schema, document)] == []
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    assert [op.name.value for op in operations] == [name]


def test_pages_run_operations_that_exist_and_every_operation_is_run():
    sources = [module.read_text() for module in PAGES_DIR.parent.glob("**/*.py")]
    executed = {
        part.split('"')[1]
        for text in sources
        for part in text.split("execute(request, ")[1:]
        if part[0] == '"'
    }
    assert executed - set(OPERATIONS) == set()
    named = set(re.findall(r'"([A-Z][A-Za-z]+)"', "\n".join(sources)))
    assert set(OPERATIONS) - named == set(), "operations no page runs"


def test_a_broken_operation_file_is_refused(tmp_path):
    (tmp_path / "a.graphql").write_text("query { viewer { kind } }")
    with pytest.raises(ValueError, match="every operation needs a name"):
        load_operations(tmp_path)
    (tmp_path / "a.graphql").write_text("query Twice { viewer { kind } }\nquery Twice { viewer { kind } }")
    with pytest.raises(ValueError, match="Twice is defined twice"):
        load_operations(tmp_path)


def test_errors_go_beside_the_field_they_name():
    errors = [
        {"code": "INVALID_SEAT_COUNT", "message": "a", "field": ["input", "seatAdjustment"]},
        {"code": "ADDON_NOT_ENABLED", "message": "b", "field": ["input", "primaryProduct", "addonSkus", "1"]},
        {"code": "NOTHING_TO_CHANGE", "message": "c", "field": None},
        {"code": "FORBIDDEN", "message": "d", "field": ["input"]},
    ]
    assert errors_by_field(errors) == {"seatAdjustment": ["a"], "addonSkus": ["b"], "": ["c", "d"]}
