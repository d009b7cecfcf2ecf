"""Published JSON Schemas (docs/schemas/<name>-<version>.json): inventory, pack file, assessment
(v2 contract), programme (v2), and the other contracts; and the definitions of the facts (JSON,
or the Markdown reference docs/facts.md)."""

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
    """The inventory's JSON Schema, with every field's label, definition and values described
    (``title``, ``description``, ``enumDescriptions``) for editors."""
    from policyatlas.facts.definitions import annotate_inventory_schema

    s = annotate_inventory_schema(Inventory.model_json_schema())
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


def facts_schema(lang: str = "en") -> dict[str, Any]:
    """Every fact conditions may use, with its definition, values and cites in one language."""
    from policyatlas.facts.definitions import definitions_document

    return definitions_document(lang)


# Headings of the Markdown reference, per language.
_MD = {
    "en": {"title": "Inventory facts", "org": "Organisation facts (`organization`)",
           "system": "System facts (`systems[]`)", "fields": "Other inventory fields",
           "field": "Inventory field", "type": "Type", "how": "How laws use it",
           "question": "Question", "value": "Value", "label": "Label",
           "definition": "Definition", "cites": "Cites", "examples": "Examples",
           "jurisdictions": "Values",
           "intro": "What each fact of an inventory means, how the laws use it, the values it "
                    "takes and the statutory definitions it follows. Generated from "
                    "`src/policyatlas/facts/definitions.yaml` by `policyatlas schema facts "
                    "--format md -o docs/facts.md` (also in zh-Hans and zh-Hant with `--lang`); "
                    "a test keeps it current."},
    "zh-Hans": {"title": "清单事实", "org": "组织事实 `organization`",
                "system": "系统事实 `systems[]`", "fields": "其他清单字段",
                "field": "清单字段", "type": "类型", "how": "法律如何使用", "question": "问题",
                "value": "取值", "label": "名称", "definition": "定义", "cites": "引注",
                "examples": "示例", "jurisdictions": "取值",
                "intro": "清单中每项事实的含义、法律如何使用它、它的取值以及它所遵循的法定定义。由"
                         "`policyatlas schema facts --format md --lang zh-Hans`根据"
                         "`src/policyatlas/facts/definitions.yaml`生成。"},
    "zh-Hant": {"title": "清冊事實", "org": "組織事實 `organization`",
                "system": "系統事實 `systems[]`", "fields": "其他清冊欄位",
                "field": "清冊欄位", "type": "類型", "how": "法律如何使用", "question": "問題",
                "value": "值", "label": "名稱", "definition": "定義", "cites": "引註",
                "examples": "範例", "jurisdictions": "值",
                "intro": "清冊中每項事實之意義、法律如何使用之、其值及其所依循之法定定義。由"
                         "`policyatlas schema facts --format md --lang zh-Hant`依"
                         "`src/policyatlas/facts/definitions.yaml`產生。"},
}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _cite_text(cites: list[dict[str, str]]) -> str:
    return "; ".join(f"{c['law']}: {c['cite']}" + (f" (“{c['term']}”)" if c.get("term") else "")
                     for c in cites)


def facts_markdown(lang: str = "en") -> str:
    """The facts reference (docs/facts.md): organisation facts, then system facts, each with its
    inventory field, type, definition, how the laws use it, its values and its cites; then the
    inventory fields that are not facts."""
    doc = facts_schema(lang)
    h = _MD.get(lang, _MD["en"])
    out = [f"# {h['title']}", "", h["intro"], ""]
    for scope, prefix in (("org", "org."), ("system", "system.")):
        out += [f"## {h[scope]}", ""]
        for name, f in doc["facts"].items():
            if not name.startswith(prefix):
                continue
            out += [f"### {f['label']} (`{name}`)", "",
                    f"- {h['field']}: `{f['field']}`", f"- {h['type']}: {f['type']}"]
            if f.get("question"):
                out.append(f"- {h['question']}: {' '.join(f['question'].split())}")
            out += ["", " ".join(f["definition"].split()), ""]
            if f.get("how_laws_use_it"):
                out += [f"**{h['how']}.** {' '.join(f['how_laws_use_it'].split())}", ""]
            if f.get("jurisdiction_codes") and "jurisdiction_codes" in doc["notes"]:
                out += [f"**{h['jurisdictions']}.** {doc['notes']['jurisdiction_codes']}", ""]
            if f.get("values"):
                out += [f"| {h['value']} | {h['label']} | {h['definition']} |", "|---|---|---|"]
                for value, v in f["values"].items():
                    text = _cell(v["definition"])
                    if v.get("examples"):
                        text += f" *{h['examples']}:* {_cell(v['examples'])}"
                    if v.get("cites"):
                        text += f" *{h['cites']}:* {_cell(_cite_text(v['cites']))}"
                    out.append(f"| `{value}` | {_cell(v['label'])} | {text} |")
                out.append("")
            if f.get("cites"):
                out += [f"**{h['cites']}.**", ""]
                out += [f"- {c['law']}: {c['cite']}" + (f" (“{c['term']}”)" if c.get("term")
                                                         else "") for c in f["cites"]]
                out.append("")
    out += [f"## {h['fields']}", "", f"| {h['field']} | {h['label']} | {h['definition']} |",
            "|---|---|---|"]
    out += [f"| `{field}` | {_cell(d['label'])} | {_cell(d['definition'])} |"
            for field, d in doc["fields"].items()]
    return "\n".join(out) + "\n"


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
           "explanation": _lazy("policyatlas.engine.why", "Explanation", "explanation"),
           "program": _lazy("policyatlas.compliance.program", "Program", "program"),
           "calendar": _lazy("policyatlas.compliance.calendar", "ComplianceCalendar",
                             "calendar"),
           "chip": _lazy("policyatlas.export.check", "ChipFile", "chip"),
           "shipment": _lazy("policyatlas.export.shipment", "Shipment", "shipment"),
           "scenario": scenario_schema,
           "scenario-diff": _lazy("policyatlas.scenarios.diff", "ScenarioDiff",
                                  "scenario-diff"),
           "bill-stats": _lazy("policyatlas.bills.stats", "BillStats", "bill-stats"),
           "comparison": _lazy("policyatlas.compliance.compare", "Comparison", "comparison"),
           "openapi": lambda: openapi_document()}  # fmt: skip


def openapi_document() -> dict[str, Any]:
    """The service's OpenAPI 3 document (also served at /api/v1/openapi.json)."""
    from policyatlas.api.app import create_app
    from policyatlas.api.settings import Settings

    return create_app(Settings()).openapi()
