"""Published JSON Schemas (docs/schemas/<name>-<version>.json): inventory, pack file, assessment
(v2 contract), programme (v2), and the other contracts; and the list of facts."""

from __future__ import annotations

from typing import Any

from policyatlas.facts.catalogue import FACTS
from policyatlas.facts.inventory import Inventory
from policyatlas.rules.conditions import OPERATORS
from policyatlas.rules.model import CONDITION_MARKER, PackFile

_VALUE = {"oneOf": [
    {"type": ["number", "boolean", "string"]},
    {"type": "array", "items": {"type": ["number", "string"]}, "minItems": 1},
    {"type": "object", "properties": {"param": {"type": "string"}}, "required": ["param"],
     "additionalProperties": False},
]}  # fmt: skip
_META = {"cite": {"type": "string"}, "label": {"type": "string"}, "note": {"type": "string"}}


def _condition_schema(facts: Any = None) -> dict[str, Any]:
    leaf = {
        "type": "object",
        "properties": {"fact": {"enum": sorted(facts if facts is not None else FACTS)},
                       "key": {"type": "string"},
                       **{op: _VALUE for op in OPERATORS}, **_META},
        "required": ["fact"],
        "additionalProperties": False,
        "oneOf": [{"required": [op]} for op in OPERATORS],
    }
    ref = {"$ref": "#/$defs/Condition"}
    groups = [
        {"type": "object", "properties": {"all": {"type": "array", "items": ref, "minItems": 1},
                                          **_META},
         "required": ["all"], "additionalProperties": False},
        {"type": "object", "properties": {"any": {"type": "array", "items": ref, "minItems": 1},
                                          **_META},
         "required": ["any"], "additionalProperties": False},
        {"type": "object", "properties": {"not": ref, **_META}, "required": ["not"],
         "additionalProperties": False},
        {"type": "object", "properties": {"ref": {"type": "string"}, **_META},
         "required": ["ref"], "additionalProperties": False},
    ]
    return {"description": "A declarative condition: all/any/not/ref or a fact leaf.",
            "oneOf": [leaf, *groups]}


def inventory_schema() -> dict[str, Any]:
    s = Inventory.model_json_schema()
    s["$id"] = "urn:policyatlas:schema:inventory:v1"
    s["title"] = "policyatlas inventory (schema_version 1)"
    return s


def _link_conditions(node: Any) -> Any:
    if isinstance(node, dict):
        if node.get(CONDITION_MARKER):
            return {"$ref": "#/$defs/Condition"}
        return {k: _link_conditions(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_link_conditions(v) for v in node]
    return node


def pack_schema() -> dict[str, Any]:
    s = _link_conditions(PackFile.model_json_schema(by_alias=True))
    s.setdefault("$defs", {})["Condition"] = _condition_schema()
    s["$id"] = "urn:policyatlas:schema:pack:v1"
    s["title"] = "policyatlas law pack (schema_version 1)"
    return s


def scenario_schema() -> dict[str, Any]:
    from policyatlas.rules.loader import builtin_packs
    from policyatlas.scenarios.loader import _facts_for
    from policyatlas.scenarios.model import ScenarioFile

    s = _link_conditions(ScenarioFile.model_json_schema(by_alias=True))
    s.setdefault("$defs", {})["Condition"] = _condition_schema(_facts_for(builtin_packs()))
    s["properties"]["adds"] = {"type": ["object", "null"], "default": None,
                               "description": "Federal obligations added: a law pack document "
                               "(urn:policyatlas:schema:pack:v1)."}
    s["$id"] = "urn:policyatlas:schema:scenario:v1"
    s["title"] = "policyatlas preemption scenario (schema_version 1)"
    return s


def assessment_schema() -> dict[str, Any]:
    from policyatlas.engine.contract import schema

    s = schema()
    s["$id"] = "urn:policyatlas:schema:assessment:v2"
    s["title"] = "policyatlas assessment (contract policyatlas.assessment/v2)"
    return s


def facts_schema() -> dict[str, Any]:
    return {name: {"type": f.type, "description": f.description,
                   **({"values": list(f.values)} if f.values and f.type != "map" else {})}
            for name, f in FACTS.items()}


# The version of each published schema (the file is docs/schemas/<name>-<version>.json).
VERSIONS = {"assessment": "v2", "program": "v2"}


def version(name: str) -> str:
    return VERSIONS.get(name, "v1")


def _model_schema(model: Any, name: str) -> Any:
    def build() -> dict[str, Any]:
        s = model.model_json_schema()
        s["$id"] = f"urn:policyatlas:schema:{name}:{version(name)}"
        return s

    return build


def _lazy(module: str, attr: str, name: str) -> Any:
    def build() -> dict[str, Any]:
        import importlib

        return _model_schema(getattr(importlib.import_module(module), attr), name)()

    return build


SCHEMAS = {"inventory": inventory_schema, "pack": pack_schema,
           "assessment": assessment_schema, "facts": facts_schema,
           "laws": _lazy("policyatlas.engine.laws", "LawList", "laws"),
           "program": _lazy("policyatlas.compliance.program", "Program", "program"),
           "calendar": _lazy("policyatlas.compliance.calendar", "ComplianceCalendar",
                             "calendar"),
           "chip": _lazy("policyatlas.export.check", "ChipFile", "chip"),
           "shipment": _lazy("policyatlas.export.shipment", "Shipment", "shipment"),
           "scenario": scenario_schema,
           "scenario-diff": _lazy("policyatlas.scenarios.diff", "ScenarioDiff",
                                  "scenario-diff"),
           "bill-stats": _lazy("policyatlas.bills.stats", "BillStats", "bill-stats"),
           "openapi": lambda: openapi_document()}  # fmt: skip


def openapi_document() -> dict[str, Any]:
    """The service's OpenAPI 3 document (also served at /api/v1/openapi.json)."""
    from policyatlas.api.app import create_app
    from policyatlas.api.settings import Settings

    return create_app(Settings()).openapi()
