"""Whether a foreign-made item is subject to the EAR: de minimis and the FDP rules (fdp.yaml).

US-origin items and items in the United States are subject to the EAR (15 CFR 734.3(a)); a
stated ``subject_to_ear`` wins. Otherwise the rules of ``fdp.yaml`` in force on the date are
evaluated over the shipment facts: one true makes the item subject (that rule decides); all
false means it is not; an unknown one leaves the answer undetermined, naming the facts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policyatlas.engine.compiled import compile_node
from policyatlas.engine.contract import node_json
from policyatlas.engine.evaluate import explain
from policyatlas.export.packs import EarRegime


def derive_subject(regime: EarRegime, facts: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """{value: True | False | None, decided_by, rules: [...], missing: [...]}."""
    rules = [r for r in (regime.fdp.rules if regime.fdp else []) if r.on(day)]
    out: list[dict[str, Any]] = []
    missing: list[str] = []
    decided: dict[str, Any] | None = None
    for r in rules:
        node = compile_node(regime.conditions[("fdp", r.id)], regime, day)  # type: ignore[arg-type]
        trace = explain(node, facts)
        v = regime.versions[r.version]
        entry = {"id": r.id, "kind": r.kind, "title": r.title, "citation": r.citation,
                 "url": r.url, "result": trace.result, "uncertain": r.uncertain,
                 "rule_version": {"id": v.id, "citation": v.citation, "url": v.url},
                 "condition": node_json(trace),
                 "missing": trace.missing_facts() if trace.result is None else []}
        out.append(entry)
        if trace.result is True and decided is None:
            decided = entry
        if trace.result is None:
            missing += [f for f in trace.missing_facts() if f not in missing]
    value = True if decided else (None if missing else False)
    return {"value": value, "decided_by": decided, "rules": out,
            "missing": missing if value is None else []}
