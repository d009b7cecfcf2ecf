"""Classify an equipment, software or technology item by date against ``equipment.yaml``.

The ECCN paragraphs are pack data; this module only orders the steps: a paragraph the shipment
names (``equipment.eccn``, with ``for_eccn`` for 3D / 3E items) counts when it is in force on
the date; a paragraph with parameters (``when``) counts when its condition is true. A
paragraph whose condition is unknown makes the classification undetermined, naming the
parameters that would decide it. Parents of a matched paragraph (3B001.c for 3B001.c.1.a)
count too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policyatlas.engine.compiled import compile_node
from policyatlas.engine.contract import node_json
from policyatlas.engine.evaluate import explain
from policyatlas.export import model as M
from policyatlas.export.packs import EarRegime
from policyatlas.export.shipment import Equipment

EQUIPMENT_FIELDS = ("function", "euv", "light_source_nm", "epi_material", "preclean_chamber",
                    "epi_temperature_c", "etch_mode", "sige_si_selectivity", "aspect_ratio",
                    "top_lateral_nm")  # fmt: skip


def equipment_facts(e: Equipment) -> dict[str, Any]:
    return {f"equipment.{k}": getattr(e, k) for k in EQUIPMENT_FIELDS}


def declared_eccn(e: Equipment) -> str | None:
    """The ECCN the shipment names, in the pack's spelling ('3D001-3B090' for software)."""
    if e.eccn is None:
        return None
    if e.kind in ("software", "technology") and e.for_eccn:
        return f"{e.eccn}-{e.for_eccn}"
    return e.eccn


def category3_bcde(eccn: str) -> bool:
    return eccn[:1] == "3" and eccn[1:2] in "BCDE"


def _version(regime: EarRegime, vid: str) -> dict[str, Any]:
    v = regime.versions[vid]
    return {"id": v.id, "title": v.title, "citation": v.citation, "url": v.url}


def _entry(regime: EarRegime, e: M.EccnEntry, how: str) -> dict[str, Any]:
    return {"eccn": e.eccn, "title": e.title, "citation": e.citation, "url": e.url,
            "how": how, "rule_version": _version(regime, e.version), "note": e.note,
            "uncertain": e.uncertain}


def classify_equipment(regime: EarRegime, e: Equipment, day: dt.date) -> dict[str, Any]:
    """The paragraphs of ``equipment.yaml`` the item is in on ``day``, with the trace."""
    facts = equipment_facts(e)
    named = declared_eccn(e)
    in_force = [x for x in regime.eccns if x.on(day)]
    matched: list[dict[str, Any]] = []
    steps: list[dict[str, Any]] = []
    missing: list[str] = []
    notes: list[str] = []
    for x in in_force:
        if named and x.eccn == named:
            matched.append(_entry(regime, x, f"named by the shipment ({named})"))
            continue
        if x.when is None:
            continue
        node = compile_node(regime.conditions[("eccns", x.id)], regime, day)  # type: ignore[arg-type]
        trace = explain(node, facts)
        steps.append({"eccn": x.eccn, "citation": x.citation, "result": trace.result,
                      "condition": node_json(trace)})
        if trace.result is True:
            matched.append(_entry(regime, x, "reached by its parameters"))
        elif trace.result is None and named is None:
            missing += [f for f in trace.missing_facts() if f not in missing]
    if named and not any(m["eccn"] == named for m in matched):
        known = [x for x in regime.eccns if x.eccn == named]
        if known:
            spans = ", ".join(f"{x.start} to {x.to or 'today'}" for x in known)
            notes.append(f"ECCN {named} is not in force on {day} (it exists {spans}); give the "
                         "tool's parameters or the ECCN in force on the date")
        elif category3_bcde(named):
            notes.append(f"ECCN {named} is not one of the paragraphs this pack models; only "
                         "the Category 3 product group is used")
    eccns = [m["eccn"] for m in matched]
    for x in in_force:  # a parent paragraph of a matched one
        if x.eccn not in eccns and any(c.startswith(x.eccn + ".") for c in eccns):
            matched.append(_entry(regime, x, "parent of a matched paragraph"))
            eccns.append(x.eccn)
    status = "undetermined" if missing and not matched else "classified"
    if status == "undetermined":
        value: list[str] | None = None
    else:
        value = [c for c in eccns if c in {x.eccn for x in regime.eccns}]
    cat3: bool | None
    if named:
        cat3 = category3_bcde(named)
    elif eccns:
        cat3 = any(category3_bcde(c) for c in eccns)
    else:
        cat3 = None  # an unclassified tool: its ECCN (and product group) is unknown
    if not named and not matched and not missing:
        notes.append("no paragraph of equipment.yaml reaches the item's parameters on this date; "
                     "it may still be in another ECCN (give `eccn:` if known)")
    return {"status": status, "eccns": value, "category3_bcde": cat3,
            "on_ccl": True if (named or matched) else None, "matched": matched,
            "missing": [f.removeprefix("equipment.") for f in missing] if status ==
            "undetermined" else [], "trace": steps, "notes": notes,
            "declared": named}
