"""US EAR answers: classify a chip by date (3A090 / 4A090) and decide the licence question.

Every rule is pack data (``packs/us/ear/regime.yaml``): this module only orders the steps —
compute the metrics, evaluate the classification paragraphs in force on the date (first true
wins; an unknown one before it makes the answer undetermined unless every possible answer is
"not controlled"), then the licence requirements, the exceptions that cover them and the review
policy (first true wins) — and records the trace of each condition.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict
from typing import Any

from policyatlas.engine.compiled import CNode, compile_node, leaves
from policyatlas.engine.contract import node_json
from policyatlas.engine.evaluate import TraceNode, explain
from policyatlas.export import affiliates as aff
from policyatlas.export import model as M
from policyatlas.export.chips import ChipSpec, Form, Metrics, compute_metrics
from policyatlas.export.enduse import facility_facts
from policyatlas.export.equipment import category3_bcde, classify_equipment, equipment_facts
from policyatlas.export.fdp import derive_subject
from policyatlas.export.guidance import guidance_for
from policyatlas.export.packs import EarRegime, ear_regime
from policyatlas.export.parties import hit_label
from policyatlas.export.shipment import Shipment
from policyatlas.names import english_name_key

CLASSIFICATION_CONTRACT = "policyatlas.export-classification/v1"

# Which facts come from which chip-spec field, to name the field when a figure is missing.
SPEC_FIELD = {
    "item.tpp": "dense", "item.performance_density": "die_area_mm2",
    "item.datacenter": "datacenter", "item.io_bandwidth_gbps": "io_bandwidth_gbps",
    "item.memory_bandwidth_gbps": "memory_bandwidth_gbps",
    "item.hbm_bandwidth_density": "hbm_package_area_mm2",
    "item.commercially_available_us": "commercially_available_us",
}  # fmt: skip


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", name.casefold())


def _contains(words: list[str], pattern: str) -> bool:
    p = _words(pattern)
    return bool(p) and any(words[i:i + len(p)] == p for i in range(len(words) - len(p) + 1))


def _is_addressee(letter: M.IsInformedLetter, name: str) -> bool:
    key = english_name_key(name)
    return any(key == english_name_key(n) or key.startswith(english_name_key(n) + " ")
               for n in letter.exporter_names)


def named_in(regime: EarRegime, spec: ChipSpec, exporter: str | None, day: dt.date,
             notes: list[str] | None = None) -> list[str]:
    """Ids of the is-informed letters in force on ``day`` that name this chip (whole words of
    its name) and bind this exporter (the addressee, or any exporter when none is named)."""
    words = _words(f"{spec.vendor or ''} {spec.name}")
    hits = []
    for letter in regime.letters.values():
        if not letter.on(day):
            continue
        if spec.form in (Form.board, Form.computer) and not letter.systems:
            continue
        if spec.vendor and not _is_addressee(letter, spec.vendor):
            continue
        product = next((p for p in letter.products if _contains(words, p)), None)
        if product is None:
            continue
        if exporter and not _is_addressee(letter, exporter):
            if notes is not None:
                notes.append(f"{letter.title} binds its addressee, {letter.exporter}; the "
                             f"exporter '{exporter}' is not named in it (a licence may still be "
                             "needed if it knows of a prohibited end use)")
            continue
        if not exporter and notes is not None:
            notes.append(f"the exporter is not named: the {product} is taken to be exported by "
                         f"{letter.exporter}, the addressee of {letter.citation}")
        hits.append(letter.id)
    return hits


# --- the chip catalogue ---------------------------------------------------------------------


def catalogue_entry(regime: EarRegime, spec: ChipSpec) -> M.CatalogueEntry | None:
    """The catalogue's product for this chip: the entry whose name matches the most words."""
    if regime.catalogue is None:
        return None
    words = _words(f"{spec.vendor or ''} {spec.name}")
    best: tuple[int, M.CatalogueEntry] | None = None
    for e in regime.catalogue.products:
        if spec.vendor and english_name_key(spec.vendor).split()[:1] != \
                english_name_key(e.vendor).split()[:1]:
            continue
        if any(_contains(words, x) for x in e.exclude):
            continue
        for n in e.names:
            if _contains(words, n) and (best is None or len(_words(n)) > best[0]):
                best = (len(_words(n)), e)
    return best[1] if best else None


def _source_text(e: M.CatalogueEntry) -> str:
    return "; ".join(f"{s.title}, {s.url}" for s in e.sources)


def from_catalogue(regime: EarRegime, spec: ChipSpec) -> tuple[ChipSpec, dict[str, Any] | None]:
    """``spec`` with the facts it omits filled from the catalogue, and what was used (or None)."""
    e = catalogue_entry(regime, spec)
    if e is None:
        return spec, None
    used: dict[str, Any] = {}
    if spec.datacenter is None and e.datacenter is not None:
        used["datacenter"] = e.datacenter
    info = {
        "id": e.id, "product": e.product, "market": e.market, "variant_of": e.variant_of,
        "announced": e.announced.isoformat() if e.announced else None,
        "announced_note": e.announced_note, "note": e.note, "confidence": str(e.confidence),
        "uncertain": e.uncertain,
        "sources": [{"title": s.title, "url": s.url} for s in e.sources],
        "used": [{"field": k, "value": v,
                  "source": f"from the catalogue ({_source_text(e)})"} for k, v in used.items()],
    }
    return (spec.model_copy(update=used) if used else spec), info


def _mark_catalogue(tree: dict[str, Any], facts: dict[str, str]) -> dict[str, Any]:
    """Label the trace leaves whose fact came from the catalogue with that source."""
    if tree.get("fact") in facts:
        tree["source"] = facts[tree["fact"]]
    for c in tree.get("children", []):
        _mark_catalogue(c, facts)
    return tree


def metrics_for(regime: EarRegime, spec: ChipSpec) -> Metrics:
    conv = regime.file.conventions.bit_lengths
    return compute_metrics(spec, {k: v.bits for k, v in conv.items()},
                           {k: v.uncertain for k, v in conv.items() if v.uncertain})


def chip_facts(spec: ChipSpec, m: Metrics) -> dict[str, Any]:
    return {
        "item.form": str(spec.form), "item.tpp": m.tpp,
        "item.performance_density": m.performance_density, "item.datacenter": spec.datacenter,
        "item.io_bandwidth_gbps": spec.io_bandwidth_gbps,
        "item.memory_bandwidth_gbps": spec.memory_bandwidth_gbps,
        "item.hbm_bandwidth_density": m.hbm_bandwidth_density,
        "item.commercially_available_us": spec.commercially_available_us,
    }  # fmt: skip


_COMPILED: dict[tuple[int, str, str, dt.date], CNode] = {}


def _compiled(regime: EarRegime, section: str, rid: str, day: dt.date) -> CNode:
    """Compile a condition once per regime and day (an Epoch run evaluates it per row)."""
    key = (id(regime), section, rid, day)
    node = _COMPILED.get(key)
    if node is None:
        if len(_COMPILED) > 4096:
            _COMPILED.clear()
        node = _COMPILED[key] = compile_node(regime.conditions[(section, rid)], regime,  # type: ignore[arg-type]
                                             day)
    return node


def _evaluate(regime: EarRegime, section: str, rule: Any, facts: dict[str, Any],
              day: dt.date) -> tuple[bool | None, TraceNode, list[dict[str, Any]]]:
    node = _compiled(regime, section, rule.id, day)
    trace = explain(node, facts)
    params = [{k: v for k, v in asdict(lf.param).items() if k != "law_id"}
              for lf in leaves(node) if lf.param is not None]
    return trace.result, trace, params


def _version(regime: EarRegime, vid: str) -> M.RuleVersion:
    return next(v for v in regime.file.versions if v.id == vid)


def eccn_base(form: str) -> str:
    """3A090 for ICs and HBM, 4A090 for the boards and computers that contain them."""
    return "4A090" if form in ("board", "computer") else "3A090"


def classify(spec: ChipSpec, day: dt.date, regime: EarRegime | None = None,
             m: Metrics | None = None) -> dict[str, Any]:
    """The ECCN of ``spec`` on ``day`` with the rule version applied and the full trace."""
    regime = regime or ear_regime()
    spec, cat = from_catalogue(regime, spec)
    m = m or metrics_for(regime, spec)
    facts = chip_facts(spec, m)
    marks = {"item." + u["field"]: u["source"] for u in (cat or {}).get("used", [])}
    rules = [c for c in regime.file.classification if c.on(day) and str(spec.form) in c.forms]
    steps: list[dict[str, Any]] = []
    decided: M.ClassificationRule | None = None
    possible: list[M.ClassificationRule] = []
    missing: list[str] = []
    for rule in rules:
        result, trace, params = _evaluate(regime, "classification", rule, facts, day)
        steps.append({"rule": rule.id, "paragraph": rule.paragraph, "tier": str(rule.tier),
                      "citation": rule.citation, "label": rule.label, "result": result,
                      "condition": _mark_catalogue(node_json(trace), marks),
                      "parameters": params})
        if result is True:
            decided = rule
            break
        if result is None:
            possible.append(rule)
            missing += [f for f in trace.missing_facts() if f not in missing]
    controlled = [r for r in possible if r.tier not in (M.Tier.excluded,)]
    if decided is not None and decided.tier != M.Tier.excluded:
        controlled.append(decided)
    versions = [v for v in regime.file.versions if v.on(day)]
    if not versions:
        status, tier = "not_controlled", None
        why = f"no advanced-computing rule was in force on {day} (3A090 dates from 2022-10-07)"
    elif possible and controlled:
        status, tier = "undetermined", None
        why = "needs " + ", ".join(SPEC_FIELD.get(f, f) for f in missing)
    elif decided is not None and decided.tier != M.Tier.excluded:
        status, tier = "controlled", str(decided.tier)
        why = decided.label
    else:
        status, tier = "not_controlled", None
        why = (decided.label if decided is not None
               else "below every 3A090 threshold in force on the date")
    version = _version(regime, decided.version) if decided else (versions[-1] if versions else None)
    base = eccn_base(str(spec.form))
    eccn = f"{base}.{tier}" if tier else None
    notes = list(m.notes)
    if decided is not None and decided.uncertain:
        notes.append(decided.uncertain)
    for u in (cat or {}).get("used", []):
        notes.append(f"{u['field']}: {str(u['value']).lower()} — {u['source']}")
    return {
        "name": spec.name, "vendor": spec.vendor, "form": str(spec.form),
        "as_of": day.isoformat(), "status": status, "eccn": eccn,
        "paragraph": (f"{base}.{decided.paragraph}"
                      if decided is not None and decided.tier != M.Tier.excluded
                      else (decided.paragraph if decided is not None else None)),
        "tier": tier, "why": why,
        "tpp": m.tpp, "performance_density": m.performance_density,
        "rule_version": ({"id": version.id, "title": version.title,
                          "citation": version.citation, "url": version.url}
                         if version else None),
        "missing": [SPEC_FIELD.get(f, f) for f in missing] if status == "undetermined" else [],
        "metrics": m.as_dict(), "notes": notes, "trace": steps, "catalogue": cat,
    }


# --- licence determination ------------------------------------------------------------------


def item_facts(regime: EarRegime, item: Any, equipment: dict[str, Any] | None,
               guidance: list[dict[str, Any]]) -> dict[str, Any]:
    """Facts of the item that equipment.yaml, end-uses.yaml, fdp.yaml and us-person.yaml test."""
    if item.equipment is not None:
        kind = item.equipment.kind
        eq = equipment or {}
        eccns, cat3, on_ccl = eq.get("eccns"), eq.get("category3_bcde"), eq.get("on_ccl")
    else:
        kind = "chip" if item.chip is not None else "material"
        eccns = []  # chips and materials are in none of the SME paragraphs
        cn = item.material.control_number if item.material is not None else None
        cat3 = False if item.chip is not None else (category3_bcde(cn) if cn else None)
        on_ccl = None  # chips and materials: the CCL entry is not tested here
    facts: dict[str, Any] = {
        "item.kind": kind, "item.eccns": eccns, "item.category3_bcde": cat3,
        "item.on_ccl": on_ccl,
        "item.foreign_equivalent_available": item.foreign_equivalent_available,
        "item.us_content_pct": item.us_content_pct,
        "item.us_direct_product": item.us_direct_product,
        "item.us_plant_product": item.us_plant_product,
        "item.guidance": [g["id"] for g in guidance],
    }
    if item.equipment is not None:
        facts.update(equipment_facts(item.equipment))
    return facts


def derive_subject_to_ear(regime: EarRegime, facts: dict[str, Any], stated: bool | None,
                          origin: str | None, in_us: bool, day: dt.date
                          ) -> tuple[bool | None, dict[str, Any]]:
    """Subject to the EAR: as stated; US-origin or in the United States (§734.3(a)(1)-(2));
    else de minimis / FDP (fdp.yaml), true, false or undetermined naming the facts."""
    if stated is not None:
        return stated, {"value": stated, "basis": "stated by the user"}
    if origin == "US":
        return True, {"value": True, "basis": "US-origin item (15 CFR 734.3(a)(2))"}
    if in_us:
        return True, {"value": True, "basis": "item in the United States (15 CFR 734.3(a)(1))"}
    if origin is None:
        return None, {"value": None, "basis": "the item's origin is not given",
                      "missing": ["item.origin"]}
    d = derive_subject(regime, facts, day)
    basis = (f"{d['decided_by']['title']} [{d['decided_by']['citation']}]" if d["value"]
             else "no de minimis or FDP rule reaches this foreign-made item" if d["value"]
             is False else "a de minimis or FDP rule may reach it; needs "
             + ", ".join(d["missing"]))
    return d["value"], {**d, "basis": basis}


def shipment_facts(regime: EarRegime, s: Shipment, classification: dict[str, Any] | None,
                   spec: ChipSpec | None, m: Metrics | None,
                   equipment: dict[str, Any] | None = None,
                   guidance: list[dict[str, Any]] | None = None,
                   ) -> tuple[dict[str, Any], list[str]]:
    day = s.date
    notes: list[str] = []

    def resolve(code: str | None) -> str | None:
        if code is None:
            return None
        alias = regime.alias(code, day)
        if alias:
            notes.append(f"{code} is treated as {alias.treated_as} ({alias.citation})")
            return alias.treated_as
        return code

    def groups(code: str | None) -> list[str]:
        return sorted({mb.group for mb in regime.groups_of(code, day)}) if code else []

    dest = resolve(s.destination)
    hq = [c for c in (s.end_user.hq_country, s.end_user.parent_hq_country) if c]
    hq_known = bool(hq)
    hq_codes = sorted({resolve(c) or c for c in hq})
    tier = None
    if classification is not None:
        st = classification["status"]
        tier = classification["tier"] if st == "controlled" else ("none" if st ==
                                                                   "not_controlled" else None)
    facts: dict[str, Any] = {
        **(chip_facts(spec, m) if spec is not None and m is not None else {}),
        "item.tier": tier,
        "item.named_in": (named_in(regime, spec, s.exporter.name, day, notes) if spec else []),
        "destination.country": dest, "destination.groups": groups(dest),
        "end_user.hq_countries": hq_codes if hq_known else None,
        "end_user.hq_groups": sorted({g for c in hq_codes for g in groups(c)})
        if hq_known else None,
        "end_user.kind": s.end_user.kind, "end_use": list(s.end_use),
        "exporter.role": s.exporter.role, "transaction.kind": str(s.transaction),
        "transaction.ship_from": s.ship_from,
        "transaction.certifications_2026": s.certifications_2026,
        "end_user.majority_owned_d5_macau": s.end_user.majority_owned_d5_macau,
        "end_user.entity_list_footnotes": (list(s.end_user.entity_list_footnotes)
                                           if s.end_user.entity_list_footnotes is not None
                                           else None),
        "knowledge.violation": s.knows_violation,
    }
    if spec is None:
        facts["item.form"] = "material" if s.item.equipment is None else "other"
        facts["item.tier"] = "none"  # not an advanced computing item (3A090 / 4A090)
    facts.update(item_facts(regime, s.item, equipment, guidance or []))
    facts.update(facility_facts(regime, s.facility, dest, day))
    subject, derivation = derive_subject_to_ear(regime, facts, s.item.subject_to_ear,
                                                s.item.origin, s.ship_from == "US", day)
    facts["item.subject_to_ear"] = subject
    facts["_subject_to_ear"] = derivation
    return facts, notes


def _enforcement(req: M.Requirement, day: dt.date) -> M.Enforcement | None:
    return next((e for e in req.enforcement if e.on(day)), None)


def _party_leaf(h: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "leaf", "label": hit_label(h), "cite": h["citation"] or h["announcement"],
            "fact": "party.screening", "operator": "listed_on_date",
            "expected": h["list"], "actual": {"entry": h["entry"], "entry_id": h["entry_id"],
                                              "status": h["status"], "score": h["score"],
                                              "url": h["url"]},
            "result": True}


def party_requirements(hits: list[dict[str, Any]], facts: dict[str, Any]
                       ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Licence requirements from list hits (Entity List, MEU): (binding, possible)."""
    binding, possible = [], []
    subject = facts.get("item.subject_to_ear")
    seen: set[str] = set()
    for h in hits:
        eff = h["effect"]
        if not h["applies"] or eff["kind"] not in ("licence_required",
                                                   "licence_required_if_supp2"):
            continue
        if f"{h['list']}:{h['entry_id']}" in seen:
            continue  # the same entry, matched by another name or alias of a party
        seen.add(f"{h['list']}:{h['entry_id']}")
        if subject is False:
            continue
        subject_leaf = {"kind": "leaf", "label": "the item is subject to the EAR",
                        "fact": "item.subject_to_ear", "operator": "eq", "expected": True,
                        "actual": subject, "result": subject}
        children = [_party_leaf(h), subject_leaf]
        missing = [] if subject is True else ["item.subject_to_ear"]
        if eff["kind"] == "licence_required_if_supp2":
            children.append({"kind": "leaf", "label": "the item is listed in Supplement No. 2 "
                             "to part 744", "fact": "item.in_744_supp2", "operator": "eq",
                             "expected": True, "cite": "Supp. No. 2 to 15 CFR part 744"})
            missing.append("item.in_744_supp2")
        result = True if not missing else None
        listed = f", listed {h['listed_on']}" if h["listed_on"] else ""
        entry = {
            "id": f"{h['list']}:{h['entry_id']}",
            "title": f"{h['list_name']}: {h['entry']} ({h['role'].replace('_', ' ')}{listed})",
            "reason": "End user (listed party)",
            "citation": "; ".join(x for x in (eff["citation"], h["citation"]) if x),
            "url": h["url"] or "https://www.ecfr.gov/current/title-15/part-744",
            "result": result, "enforcement": "enforced", "enforcement_basis": None,
            "exceptions_allowed": False,
            "note": (f"Licence requirement of the entry: {eff['licence_requirement']}"
                     if eff.get("licence_requirement") else eff["text"]),
            "uncertain": None,
            "condition": {"kind": "all", "result": result, "children": children},
            "parameters": [], "missing": missing, "screening": h,
            "review_policy": eff.get("review_policy"),
        }
        (binding if result else possible).append(entry)
    return binding, possible


def affiliate_requirements(rule: M.AffiliatesRule | None, results: list[dict[str, Any]],
                           facts: dict[str, Any], parties_listed: set[tuple[str, str]],
                           ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """The affiliates rule's effect per recipient: (binding, possible, notes)."""
    binding: list[dict[str, Any]] = []
    possible: list[dict[str, Any]] = []
    notes: list[str] = []
    if rule is None:
        return binding, possible, notes
    subject = facts.get("item.subject_to_ear")
    cite = f"{rule.citation}; {rule.paragraph}"
    for a in results:
        who = f"{a['role'].replace('_', ' ')} '{a['party'] or '(unnamed)'}'"
        period = a["period"]
        span = (f"{period['from']} to {period['to'] or 'further notice'}" if period else "")
        if a["outcome"] == "not_declared":
            if a["party"] and a["state"] in ("in_force", "uncertain") and (
                    a["role"], a["party"]) not in parties_listed:
                notes.append(
                    f"Affiliates rule ({cite}) "
                    + ("is in force" if a["state"] == "in_force" else
                       "may be in force (its status on the date is uncertain)")
                    + f": the ownership of {who} was not given, so whether it is 50 % or more "
                    "owned by Entity List or MEU parties was not checked — declare `owners:` "
                    "(name, country, share 0 to 1) to check it.")
            continue
        if a["outcome"] == "below_threshold" and a["state"] in ("in_force", "uncertain"):
            notes.append(f"Affiliates rule ({rule.citation}): listed owners of {who} hold "
                         f"{a['share'] * 100:g} %, below {rule.threshold * 100:g} % — the rule "
                         f"does not reach it ({aff.entries_text(a['entries'])}). Significant "
                         "minority ownership by a listed party is a due-diligence red flag "
                         "(not evaluated).")
            continue
        if a["outcome"] == "not_yet":
            notes.append(f"Affiliates rule ({rule.citation}) takes effect only on "
                         f"{rule.status[0].start}: {who} is {a['share'] * 100:g} % owned by "
                         f"listed parties ({aff.entries_text(a['entries'])}).")
            continue
        if a["outcome"] == "suspended":
            notes.append(f"Affiliates rule ({cite}) would apply but for the suspension: {who} "
                         f"is {a['share'] * 100:g} % owned by listed parties "
                         f"({aff.entries_text(a['entries'])}); the rule is suspended {span} "
                         f"({period['citation'] or period['basis']}).")
            continue
        if a["outcome"] not in ("applies", "uncertain"):
            continue
        if subject is False:
            continue
        owners_leaf = {"kind": "leaf", "cite": rule.citation, "fact": "party.owners",
                       "label": f"{who} is owned {a['share'] * 100:g} % (at least "
                                f"{rule.threshold * 100:g} %) by listed parties: "
                                + aff.entries_text(a["entries"]),
                       "operator": "ge", "expected": rule.threshold, "actual": a["share"],
                       "result": True}
        state_leaf = {"kind": "leaf", "cite": period["citation"] or period["basis"],
                      "label": f"the affiliates rule is in force on the date ({span})",
                      "fact": "affiliates_rule.in_force", "operator": "eq", "expected": True,
                      "actual": True if a["outcome"] == "applies" else None,
                      "result": True if a["outcome"] == "applies" else None}
        subject_leaf = {"kind": "leaf", "label": "the item is subject to the EAR",
                        "fact": "item.subject_to_ear", "operator": "eq", "expected": True,
                        "actual": subject, "result": subject}
        children = [owners_leaf, state_leaf, subject_leaf]
        missing = [] if a["outcome"] == "applies" else ["affiliates_rule.in_force"]
        if subject is not True:
            missing.append("item.subject_to_ear")
        supp2 = a["kind"] == "licence_required_if_supp2"
        if supp2:
            children.append({"kind": "leaf", "label": "the item is listed in Supplement No. 2 "
                             "to part 744", "fact": "item.in_744_supp2", "operator": "eq",
                             "expected": True, "cite": "Supp. No. 2 to 15 CFR part 744"})
            missing.append("item.in_744_supp2")
        result = True if not missing else None
        scope = ("items listed in Supplement No. 2 to part 744 (the MEU requirement: no "
                 "owner is on the Entity List)" if supp2 else "all items subject to the EAR")
        entry_cites = "; ".join(dict.fromkeys(e["citation"] for e in a["entries"]
                                               if e["citation"]))
        uncertain = None
        if a["outcome"] == "uncertain":
            uncertain = (f"The affiliates rule's status from {period['from']} is uncertain: "
                         f"{period['basis']} " + aff.readings_text(period)
                         + f" — under the first reading a licence is required for {scope}; "
                         "under the second, none is required by this rule until the "
                         "suspension ends. Check the Federal Register before relying on "
                         "either.")
        elif rule.uncertain:
            uncertain = rule.uncertain
        entry = {
            "id": f"{rule.id}:{a['role']}:{a['party'] or ''}",
            "title": f"Affiliates rule: {who} is {a['share'] * 100:g} % owned by listed "
                     "parties",
            "reason": "End user (affiliate of listed parties)",
            "citation": "; ".join(x for x in (cite, entry_cites) if x),
            "url": rule.url, "result": result, "enforcement": "enforced",
            "enforcement_basis": None, "exceptions_allowed": False,
            "note": (f"A licence is required for {scope} to this party, to the same degree as "
                     "if the export were to the listed owner(s), the most restrictive owner "
                     f"deciding (Supp. No. 8 to part 744 (b)). Owners: "
                     + aff.entries_text(a["entries"])),
            "uncertain": uncertain,
            "condition": {"kind": "all", "result": result, "children": children},
            "parameters": [], "missing": missing, "affiliates": a,
            "review_policy": a.get("review_policy"),
        }
        (binding if result else possible).append(entry)
    return binding, possible, notes


def licence(s: Shipment, regime: EarRegime | None = None,
            screening: dict[str, Any] | None = None) -> dict[str, Any]:
    """The EAR answer for a shipment: classification, requirements, exceptions, review policy,
    and — when ``screening`` (``export.parties.screen_shipment``) is given — the effects of the
    parties' list hits (Entity List, MEU, DPL, SDN)."""
    regime = regime or ear_regime()
    day = s.date
    spec = s.item.chip
    cls = classify(spec, day, regime) if spec is not None else None
    if spec is not None:
        spec, _ = from_catalogue(regime, spec)
    m = metrics_for(regime, spec) if spec is not None else None
    equipment = (classify_equipment(regime, s.item.equipment, day)
                 if s.item.equipment is not None else None)
    guidance = (guidance_for(regime, spec.name, spec.vendor, day) if spec is not None
                else guidance_for(regime, s.item.equipment.description,
                                  s.item.equipment.vendor, day)
                if s.item.equipment is not None else [])
    facts, notes = shipment_facts(regime, s, cls, spec, m, equipment, guidance)
    subject_derivation = facts.pop("_subject_to_ear")
    if equipment is not None:
        notes += equipment["notes"]
    marks = {"item." + u["field"]: u["source"]
             for u in ((cls or {}).get("catalogue") or {}).get("used", [])}
    if spec is not None and spec.form != Form.hbm and s.exporter.role in (
            "front_end_fabricator", "osat") and day >= dt.date(2025, 1, 16):
        notes.append("Note 1 to 3A090.a (foundry / OSAT presumption, from 2025-01-16) is not "
                     "evaluated: the IC may be presumed 3A090.a unless a designer attestation or "
                     "transistor-count safe harbour applies")
    requirements, unknown = [], []
    for req in regime.file.requirements:
        if not req.on(day):
            continue
        result, trace, params = _evaluate(regime, "requirements", req, facts, day)
        if result is False:
            continue
        enf = _enforcement(req, day)
        entry = {
            "id": req.id, "title": req.title, "reason": req.reason, "citation": req.citation,
            "url": req.url, "result": result,
            "enforcement": (str(enf.state) if enf else "enforced"),
            "enforcement_basis": enf.basis if enf else None,
            "exceptions_allowed": req.exceptions_allowed, "note": req.note,
            "uncertain": req.uncertain,
            "condition": _mark_catalogue(node_json(trace), marks),
            "parameters": params, "missing": trace.missing_facts() if result is None else [],
            "rule_version": version_json(regime, req.version),
        }
        letter = regime.letters.get(req.id)
        if letter is not None:
            entry["letter"] = letter_json(letter, day)
        (requirements if result else unknown).append(entry)
    hits = [h for h in (screening or {}).get("hits", [])
            if (h["effect"] or {}).get("regime") == "us/ear"]
    pack_binding = [r for r in requirements if r["enforcement"] == "enforced"]
    party_binding, party_possible = party_requirements(hits, facts)
    rule = regime.guidance.affiliates if regime.guidance else None
    affiliates = aff.evaluate(rule, screening, day)
    listed_parties = {(h["role"], h["party"]) for h in hits
                      if h["applies"] and h["list"] in ("us-entity-list", "us-meu")}
    aff_binding, aff_possible, aff_notes = affiliate_requirements(rule, affiliates, facts,
                                                                  listed_parties)
    party_binding += aff_binding
    notes += aff_notes
    requirements += party_binding
    unknown += party_possible + aff_possible
    binding = pack_binding + party_binding
    exceptions = _exceptions(regime, facts, day, binding)
    review = _review(regime, facts, day, pack_binding)
    party_reviews = [{"requirement": r["id"], **r["review_policy"]} for r in party_binding
                     if r.get("review_policy")]
    if party_reviews:
        if review is None or review.get("id") is None:
            first = party_reviews[0]
            review = {"id": None, "policy": first["policy"],
                      "title": f"Entity List review policy: {first['text']}",
                      "citation": first["citation"], "requires": [], "if_instead": [],
                      "basis": first["basis"]}
        review = {**review, "parties": party_reviews}
    live = [h for h in hits if h["applies"]]
    blocked = [h for h in live if h["effect"]["kind"] == "blocked"]
    prohibited = [h for h in live if h["effect"]["kind"] == "prohibited"]
    for h in live:
        if h["effect"]["kind"] == "no_licence_exception":
            notes.append(f"{hit_label(h)}: {h['effect']['text']}")
    for h in hits:
        if not h["applies"] and h["why_not"]:
            notes.append(f"{hit_label(h)} — no effect: {h['why_not']}")
    if blocked or prohibited:
        for e in exceptions:
            e["eligible"] = False
            e["unavailable_because"] = [*(e["unavailable_because"] or []),
                                        "a party is blocked or denied"]
    if blocked:
        outcome = "blocked"
    elif prohibited:
        outcome = "prohibited"
    elif binding:
        if exceptions and all(any(r["id"] in e["covers_here"] for e in exceptions
                                  if e["eligible"] is True) for r in binding):
            outcome = "licence_exception_available"
        else:
            outcome = "licence_required"
    elif unknown:
        outcome = "undetermined"
    else:
        outcome = "no_licence_required"
    return {
        "regime": regime.id, "as_of": day.isoformat(), "outcome": outcome,
        "classification": cls, "equipment": equipment, "subject_to_ear": subject_derivation,
        "guidance": guidance,
        "requirements": requirements, "possible_requirements": unknown,
        "exceptions": exceptions, "review_policy": review,
        "prohibitions": [{"kind": h["effect"]["kind"], "text": h["effect"]["text"],
                          "citation": h["effect"]["citation"], "hit": h}
                         for h in blocked + prohibited],
        "parties": hits,
        "affiliates": ({"rule": aff.rule_json(rule, day), "parties": affiliates}
                       if rule is not None else None),
        "facts": {k: v for k, v in facts.items() if v is not None}, "notes": notes,
    }


def version_json(regime: EarRegime, vid: str | None) -> dict[str, Any] | None:
    """The rule version a requirement or policy comes from (the version that decided)."""
    v = regime.versions.get(vid) if vid else None
    return ({"id": v.id, "title": v.title, "citation": v.citation, "url": v.url}
            if v else None)


def letter_json(letter: M.IsInformedLetter, day: dt.date) -> dict[str, Any]:
    """An is-informed letter as answers show it, with the authorisations in force on ``day``."""
    return {
        "id": letter.id, "exporter": letter.exporter, "products": letter.products,
        "systems": letter.systems, "destinations": letter.destinations,
        "destination_groups": letter.destination_groups, "definitions": letter.definitions,
        "from": letter.start.isoformat(), "to": letter.to.isoformat() if letter.to else None,
        "citation": letter.citation, "url": letter.url, "terms": letter.terms,
        "sources": [{"title": x.title, "url": x.url} for x in letter.sources],
        "authorisations": [{"activity": a.activity, "from": a.start.isoformat(),
                            "to": a.to.isoformat() if a.to else None, "source": a.source}
                           for a in letter.authorisations if a.on(day)],
    }


def _exceptions(regime: EarRegime, facts: dict[str, Any], day: dt.date,
                binding: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = {r["id"] for r in binding if r["exceptions_allowed"]}
    blocked = [r["id"] for r in binding if not r["exceptions_allowed"]]
    out = []
    for ex in regime.file.exceptions:
        here = [c for c in ex.covers if c in ids]
        if not ex.on(day) or not here:
            continue
        result, trace, _ = _evaluate(regime, "exceptions", ex, facts, day)
        if result is False:
            continue
        out.append({
            "id": ex.id, "code": ex.code, "name": ex.name, "citation": ex.citation,
            "url": ex.url, "eligible": result if not blocked else False,
            "covers_here": here, "notice_days": ex.notice_days, "conditions": ex.conditions,
            "unavailable_because": ([f"requirement '{b}' allows no licence exception"
                                     for b in blocked] or None),
            "missing": trace.missing_facts() if result is None else [],
            "condition": node_json(trace),
        })
    return out


def _review(regime: EarRegime, facts: dict[str, Any], day: dt.date,
            binding: list[dict[str, Any]]) -> dict[str, Any] | None:
    ids = {r["id"] for r in binding}
    if not ids:
        return None
    possible = []
    for pol in regime.file.review_policies:
        if not pol.on(day) or not ids & set(pol.applies_to):
            continue
        result, trace, params = _evaluate(regime, "review_policies", pol, facts, day)
        entry = {"id": pol.id, "policy": str(pol.policy), "title": pol.title,
                 "citation": pol.citation, "url": pol.url, "requires": pol.requires,
                 "rule_version": version_json(regime, pol.version),
                 "uncertain": pol.uncertain, "parameters": params,
                 "condition": node_json(trace)}
        if result is True:
            return {**entry, "if_instead": possible}
        if result is None:
            possible.append({**entry, "missing": trace.missing_facts()})
    return {"id": None, "policy": "not_stated", "title": "No review policy in the pack covers "
            "this requirement", "citation": None, "if_instead": possible}
