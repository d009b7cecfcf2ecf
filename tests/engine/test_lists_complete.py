"""``lists_complete: true``: the lists an inventory leaves out are read as empty, the rules they
left undetermined are decided, and every trace leaf that relies on it says so."""

from __future__ import annotations

import copy
import datetime as dt
import json

import yaml

from policyatlas.engine.assess import assess
from policyatlas.engine.contract import to_doc
from policyatlas.engine.why import explain_law
from policyatlas.facts.catalogue import COMPLETABLE, STATED, system_facts
from policyatlas.facts.inventory import Inventory
from tests.conftest import EXAMPLE

DAY = dt.date(2026, 12, 1)
LISTS = ("companion_features", "uses", "data_categories", "depicts_people")


def _open_lists() -> dict:
    """The acme-ai example with every completable list left out."""
    d = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del d["organization"]["entity_types"]
    for s in d["systems"]:
        for k in LISTS:
            s.pop(k, None)
    return d


def _stated_leaves(doc: dict) -> list[dict]:
    found: list[dict] = []

    def walk(node: dict) -> None:
        if node.get("stated"):
            found.append(node)
        for c in node.get("children", []):
            walk(c)
        if node.get("body"):
            for c in doc["subtrees"][node["body"]]:
                walk(c)

    for s in doc["systems"]:
        for t in s["traces"].values():
            walk(t["condition"])
    return found


def test_open_lists_leave_rules_undetermined_and_to_decide_names_them():
    a = assess(Inventory.model_validate(_open_lists()), DAY)
    fields = [t.field for t in a.to_decide]
    assert "organization.entity_types" in fields and "systems[*].uses" in fields
    assert sum(len(s.undetermined) for s in a.systems) > 0


def test_lists_complete_decides_them_and_every_relying_leaf_says_so():
    d = _open_lists()
    d["organization"]["lists_complete"] = True
    inv = Inventory.model_validate(d)
    a = assess(inv, DAY)
    assert a.to_decide == [] and all(not s.undetermined for s in a.systems)
    doc = json.loads(json.dumps(to_doc(a)))
    leaves = _stated_leaves(doc)
    assert leaves and {x["stated"] for x in leaves} == {"lists_complete"}
    assert {x["fact"] for x in leaves} <= set(COMPLETABLE)
    # ...and only where the list was left out: the same answer written out is not marked
    written = copy.deepcopy(d)
    written["organization"]["entity_types"] = []
    for s in written["systems"]:
        for k in LISTS:
            s[k] = []
    b = assess(Inventory.model_validate(written), DAY)
    assert b.counts.overall == a.counts.overall
    assert _stated_leaves(json.loads(json.dumps(to_doc(b)))) == []


def test_a_system_may_keep_its_lists_open():
    d = _open_lists()
    d["organization"]["lists_complete"] = True
    d["systems"][1]["lists_complete"] = False  # helpdesk-bot: not sure of its lists
    inv = Inventory.model_validate(d)
    facts = system_facts(inv.organization, inv.systems[1])
    assert facts["system.uses"] is None and facts["org.entity_types"] == []
    assert facts[STATED] == {"org.entity_types"}
    first = system_facts(inv.organization, inv.systems[0])
    assert first["system.uses"] == [] and "system.uses" in first[STATED]
    a = assess(inv, DAY)
    assert {t.field for t in a.to_decide} >= {"systems[helpdesk-bot].uses"}
    assert not a.systems[0].undetermined


def test_explain_shows_the_stated_value():
    d = _open_lists()
    d["organization"]["lists_complete"] = True
    e = explain_law(Inventory.model_validate(d), "helpdesk-bot", "us-ny/gbl-art47", DAY)
    reasons = [r for rule in e.rules for r in rule.reasons]
    assert any(r.stated == "lists_complete" and r.fact == "system.companion_features"
               for r in reasons), reasons
    assert e.verdict == "does_not_apply"
