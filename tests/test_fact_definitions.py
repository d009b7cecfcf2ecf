"""Every fact and value of the inventory is defined in English, Simplified and Traditional
Chinese; nothing is defined that does not exist; every cite names a section its pack cites; and
the published reference (docs/facts.md) and the inventory schema's descriptions are current."""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import pytest

from policyatlas.facts.catalogue import FACTS
from policyatlas.facts.definitions import (
    DefinitionsError,
    all_definitions,
    defined_values,
    definitions_document,
    field_comment,
    parse_definitions,
    question,
)
from policyatlas.facts.inventory import AISystem, Organization
from policyatlas.rules.conditions import Leaf, ParamRef, iter_leaves
from policyatlas.rules.loader import builtin_packs
from policyatlas.sourcefile import read_document
from tests.conftest import ROOT

LANGS = ("en", "zh-Hans", "zh-Hant")
VALUE_OPS = {"eq", "ne", "in", "not_in", "contains", "contains_any", "contains_all", "subset_of"}
DEFS = all_definitions()


# ---------------------------------------------------------------------------- completeness


def missing_fact_texts(defs: Any) -> list[str]:
    """Facts of the catalogue without a label, definition, use in the laws and question in
    every language."""
    out = []
    for name in FACTS:
        found = defs.facts.get(name)
        if found is None:
            out.append(f"{name}: no definition")
            continue
        for lang in LANGS:
            t = found.texts.get(lang)
            for key in ("label", "definition", "how_laws_use_it", "question"):
                if t is None or not (getattr(t, key) or "").strip():
                    out.append(f"{name}.{lang}.{key}")
    return out


def missing_value_texts(defs: Any) -> list[str]:
    out = []
    for name, fact in FACTS.items():
        found = defs.facts.get(name)
        for value in defined_values(fact):
            v = None if found is None else found.values.get(value)
            for lang in LANGS:
                t = None if v is None else v.texts.get(lang)
                if t is None or not t.label.strip() or not t.definition.strip():
                    out.append(f"{name}.values.{value}.{lang}")
    return out


def test_every_fact_is_defined_in_every_language():
    assert missing_fact_texts(DEFS) == []


def test_every_value_is_defined_in_every_language():
    assert missing_value_texts(DEFS) == []


def test_nothing_is_defined_that_does_not_exist():
    extra = []
    for name, found in DEFS.facts.items():
        fact = FACTS.get(name)
        if fact is None:
            extra.append(name)
            continue
        extra += [f"{name}.values.{v}" for v in found.values if v not in defined_values(fact)]
    assert extra == []


def test_definitions_name_the_field_the_fact_is_read_from():
    from policyatlas.facts.fields import model_field

    wrong = []
    for name, found in DEFS.facts.items():
        where = model_field(name)
        if where is None:
            continue
        scope, field = where
        expected = ("organization." if scope == "org" else "systems[].") + field
        if found.field != expected:
            wrong.append(f"{name}: {found.field} (read from {expected})")
    assert wrong == []


def test_every_inventory_field_is_defined_and_no_other():
    fields = {"schema_version", "organization", "systems"}
    fields |= {f"organization.{n}" for n in Organization.model_fields}
    fields |= {f"systems[].{n}" for n in AISystem.model_fields}
    defined = {f.field for f in DEFS.facts.values()} | set(DEFS.fields)
    assert sorted(fields - defined) == [], "fields without a definition"
    assert sorted(defined - fields) == [], "definitions of fields the inventory does not have"


def test_every_field_definition_is_in_every_language():
    missing = [f"{field}.{lang}" for field, d in DEFS.fields.items() for lang in LANGS
               if lang not in d.texts]
    assert missing == []


# ------------------------------------------------------------------- what the packs read


def _condition_values(leaf: Leaf, law: Any) -> list[str]:
    value = leaf.value
    if isinstance(value, ParamRef):
        values: list[Any] = [v.value for v in law.parameter(value.name).values]
    else:
        values = [value]
    flat: list[str] = []
    for v in values:
        flat += [str(x) for x in v] if isinstance(v, (list, tuple)) else [str(v)]
    return flat


@cache
def pack_reads() -> dict[tuple[str, str], set[str]]:
    """(fact, value) -> the laws whose conditions compare the fact with the value."""
    out: dict[tuple[str, str], set[str]] = {}
    for law in builtin_packs():
        nodes = [r.condition for r in law.rules] + list(law.definitions.values())
        for node in nodes:
            for leaf in iter_leaves(node, law.definitions):
                fact = FACTS.get(leaf.fact)
                if fact is None or leaf.op not in VALUE_OPS or not defined_values(fact):
                    continue
                for value in _condition_values(leaf, law):
                    out.setdefault((leaf.fact, value), set()).add(law.id)
    return out


def test_the_packs_read_values_of_enum_and_set_facts():
    # the walk finds what the packs are known to read
    reads = pack_reads()
    assert ("system.roles", "employer_agent") in reads
    assert ("org.entity_types", "hipaa_covered_entity") in reads
    assert ("system.training_status", "in_progress") in reads


def test_every_value_a_pack_reads_is_defined():
    undefined = sorted(f"{fact}: {value} (read by {', '.join(sorted(laws))})"
                       for (fact, value), laws in pack_reads().items()
                       if value not in (DEFS.facts.get(fact).values if fact in DEFS.facts
                                        else {}))
    assert undefined == []


# ------------------------------------------------------------------------------- cites


def _citations(node: Any, out: list[str]) -> list[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("cite", "citation") and isinstance(value, str):
                out.append(" ".join(value.split()))
            else:
                _citations(value, out)
    elif isinstance(node, list):
        for value in node:
            _citations(value, out)
    return out


@cache
def pack_citations() -> dict[str, tuple[str, ...]]:
    """Every citation and cite a pack's law.yaml writes, by law id."""
    return {law.id: tuple(_citations(read_document(law.path).data, []))
            for law in builtin_packs()}


def cited_in(cite: str, citations: tuple[str, ...]) -> bool:
    """The cite is written in one of the citations, as a whole (``§22757.1`` is not
    ``§22757.11``)."""
    pattern = re.compile(re.escape(" ".join(cite.split())) + r"(?![0-9A-Za-z])")
    return any(pattern.search(c) for c in citations)


def bad_cites(defs: Any, citations: dict[str, tuple[str, ...]]) -> list[str]:
    out = []
    for f in defs.facts.values():
        items = [(f.name, c) for c in f.cites]
        items += [(f"{f.name}.values.{v.value}", c) for v in f.values.values() for c in v.cites]
        for where, c in items:
            if c.law not in citations:
                out.append(f"{where}: no law pack {c.law}")
            elif not cited_in(c.cite, citations[c.law]):
                out.append(f"{where}: {c.law} never cites {c.cite!r}")
    return out


def test_every_cite_is_a_section_its_pack_cites():
    assert bad_cites(DEFS, pack_citations()) == []


def test_the_cite_check_can_fail():
    assert cited_in("Bus. & Prof. Code §22757.11(h)", ("Bus. & Prof. Code §22757.11(h)(1)",))
    assert not cited_in("Bus. & Prof. Code §22757.1", ("Bus. & Prof. Code §22757.11(h)",))
    broken = parse_definitions(_MINIMAL.replace("CITE", "Gov. Code §99999"))
    assert bad_cites(broken, pack_citations()) == [
        "system.roles: us-ca/crd-ads-regs never cites 'Gov. Code §99999'"]
    wrong_law = parse_definitions(_MINIMAL.replace("us-ca/crd-ads-regs", "us-xx/none"))
    assert bad_cites(wrong_law, pack_citations()) == ["system.roles: no law pack us-xx/none"]


# ------------------------------------------------------------------------ the loader


_MINIMAL = """
facts:
  system.roles:
    field: systems[].roles
    cites:
      - {law: us-ca/crd-ads-regs, cite: "CITE"}
    en:
      {label: Roles, definition: What it does., how_laws_use_it: Every rule., question: Which?}
    values:
      developer:
        en: {label: Developer, definition: Builds it.}
"""


def test_the_completeness_checks_can_fail():
    partial = parse_definitions(_MINIMAL.replace("CITE", "Gov. Code §12926(d)"))
    missing = missing_fact_texts(partial)
    assert "system.roles.zh-Hans.label" in missing and "system.roles.zh-Hant.question" in missing
    assert "org.employee_count: no definition" in missing
    values = missing_value_texts(partial)
    assert "system.roles.values.deployer.en" in values
    assert "system.roles.values.developer.zh-Hant" in values
    assert "system.roles.values.developer.en" not in values


@pytest.mark.parametrize("text, message", [
    ("facts: {system.roles: {field: \"systems[].roles\", en: {label: Roles}}}",
     "'definition' must be non-empty text"),
    ("facts: {system.roles: {en: {label: R, definition: D, how_laws_use_it: H}}}",
     "needs 'field'"),
    ("facts: {system.roles: {field: f, en: {label: R, definition: D, how_laws_use_it: H, "
     "asked: Q}}}", "unknown key(s) asked"),
    ("facts: {system.roles: {field: f, zh-Hans: {label: R, definition: D, how_laws_use_it: H}}}",
     "no 'en' text"),
    ("facts: {system.roles: {field: f, cites: [{law: x}], en: {label: R, definition: D, "
     "how_laws_use_it: H}}}", "write {law:"),
    ("values: {}", "unknown section(s) values"),
    ("fields: {\"systems[].id\": {en: {label: Id, definition: D, how_laws_use_it: H}}}",
     "unknown key(s) how_laws_use_it"),
])
def test_broken_definitions_are_refused(text, message):
    with pytest.raises(DefinitionsError) as exc:
        parse_definitions(text)
    assert message in str(exc.value)


def test_questions_and_comments():
    assert question("system", "roles") == "Which roles does the organisation play for this system?"
    assert question("system", "roles", "zh-Hans") == "组织对该系统担任哪些角色？"  # noqa: RUF001
    assert question("org", "name", "zh-Hant").endswith("？")  # noqa: RUF001
    with pytest.raises(KeyError):
        question("system", "no_such_field")
    comment = field_comment("system", "training_status")
    assert comment.startswith("Training status: ")
    assert "planned (Planned), in_progress (In progress), completed (Completed)." in comment
    assert "us-ny-nyc (New York City)" in field_comment("org", "offices_in")
    assert field_comment("system", "no_such_field") is None
    assert "\n" not in field_comment("system", "roles")


def test_the_document_in_each_language():
    for lang in LANGS:
        doc = definitions_document(lang)
        assert doc["lang"] == lang and set(doc["facts"]) == set(FACTS)
        roles = doc["facts"]["system.roles"]
        assert roles["field"] == "systems[].roles" and roles["type"] == "set"
        assert set(roles["values"]) == set(FACTS["system.roles"].values)
        assert doc["facts"]["system.jurisdictions"]["jurisdiction_codes"] is True
        assert "values" not in doc["facts"]["system.jurisdictions"]
    zh = definitions_document("zh-Hant")["facts"]["system.roles"]["values"]["employer_agent"]
    assert zh["label"] == "雇主代理人"


# ------------------------------------------------------------- published, kept current


def test_docs_facts_md_is_current():
    from policyatlas.cli.schemas import facts_markdown

    committed = (ROOT / "docs" / "facts.md").read_text("utf-8")
    assert committed == facts_markdown("en"), \
        "regenerate with `policyatlas schema facts --format md -o docs/facts.md`"


def test_the_markdown_reference():
    from policyatlas.cli.schemas import facts_markdown

    md = facts_markdown("en")
    assert md.index("## Organisation facts") < md.index("### Offices in (`org.offices_in`)") \
        < md.index("## System facts") < md.index("### Training status (`system.training_status`)")
    assert "| `employer_agent` | Employer's agent |" in md
    assert "- Inventory field: `systems[].knows_users_are_minors`" in md
    assert "### 職缺所在地 (`system.job_locations`)" in facts_markdown("zh-Hant")


def test_inventory_schema_describes_every_enum_and_field():
    from policyatlas.cli.schemas import inventory_schema

    schema = inventory_schema()
    enums = {n: d for n, d in schema["$defs"].items() if "enum" in d}
    assert enums
    for name, d in enums.items():
        assert len(d.get("enumDescriptions", [])) == len(d["enum"]), name
        assert all(d["enumDescriptions"]), name
        assert len(d["markdownEnumDescriptions"]) == len(d["enum"]), name
    for model in ("Organization", "AISystem"):
        for prop, body in schema["$defs"][model]["properties"].items():
            assert body.get("title") and body.get("description"), f"{model}.{prop}"
    committed = json.loads((ROOT / "docs" / "schemas" / "inventory-v1.json").read_text())
    assert committed["$defs"]["Role"]["enumDescriptions"] == enums["Role"]["enumDescriptions"]


def test_schema_facts_command(cli, tmp_path):
    from policyatlas.cli.schemas import facts_markdown

    target = tmp_path / "facts.zh-Hant.md"
    r = cli("schema", "facts", "--format", "md", "--lang", "zh-Hant", "-o", str(target))
    assert r.returncode == 0, r.stderr
    assert target.read_text("utf-8") == facts_markdown("zh-Hant")
    r = cli("schema", "facts", "--lang", "zh-Hans")
    assert r.returncode == 0 and json.loads(r.stdout) == definitions_document("zh-Hans")
    r = cli("schema", "inventory")
    assert json.loads(r.stdout)["$defs"]["TrainingStatus"]["enumDescriptions"][0].startswith(
        "Planned: ")
    r = cli("schema", "pack", "--format", "md")
    assert r.returncode == 2 and "schema facts" in r.stderr
    r = cli("schema", "facts", "--lang", "fr")
    assert r.returncode == 2
