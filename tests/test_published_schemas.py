"""The JSON Schemas committed under docs/schemas are the ones the code publishes, and the
shipped example and packs validate against them."""

from __future__ import annotations

import json

import jsonschema
import pytest

from policyatlas.cli.schemas import SCHEMAS, version
from policyatlas.rules.loader import builtin_packs
from policyatlas.scenarios.loader import builtin_scenarios
from policyatlas.sourcefile import read_document
from tests.conftest import EXAMPLE, ROOT


@pytest.mark.parametrize("name", ["inventory", "pack", "assessment", "explanation", "laws",
                                  "program", "calendar",
                                  "chip", "shipment", "scenario", "scenario-diff",
                                  "bill-stats", "comparison", "openapi"])
def test_committed_schema_is_current(name):
    committed = json.loads((ROOT / "docs" / "schemas" / f"{name}-{version(name)}.json").read_text())
    assert committed == SCHEMAS[name](), f"regenerate with `policyatlas schema {name}`"


def test_example_and_packs_validate_against_schemas():
    as_json = lambda data: json.loads(json.dumps(data, default=str))  # noqa: E731
    jsonschema.validate(as_json(read_document(EXAMPLE).data), SCHEMAS["inventory"]())
    pack_schema = SCHEMAS["pack"]()
    for law in builtin_packs():
        jsonschema.validate(as_json(read_document(law.path).data), pack_schema)
    for sc in builtin_scenarios().values():
        data = as_json(read_document(sc.path).data)
        jsonschema.validate(data, SCHEMAS["scenario"]())
        if data.get("adds"):
            jsonschema.validate(data["adds"], pack_schema)
