"""§744.6(c)(2) for an activity: does this U.S. person's shipping, transmitting, transferring,
facilitating, servicing or authorising need a licence? And GP10 for items BIS guidance names.

The restrictions, exclusions and review policies are pack data (``us-person.yaml``); this
module builds the activity's facts, evaluates the restrictions in force on the date (three
valued: an unknown fact makes the answer undetermined and is named), takes out those an
exclusion covers, and picks the review policy (first true wins).
"""

from __future__ import annotations

from typing import Any

from policyatlas.engine.contract import node_json
from policyatlas.export import ear
from policyatlas.export.activity import Activity
from policyatlas.export.enduse import facility_facts
from policyatlas.export.equipment import classify_equipment
from policyatlas.export.guidance import guidance_for
from policyatlas.export.packs import EarRegime, ear_regime

ACTIVITY_CONTRACT = "policyatlas.export-activity/v1"


def activity_facts(regime: EarRegime, a: Activity) -> tuple[dict[str, Any], dict[str, Any]]:
    day = a.date
    equipment = (classify_equipment(regime, a.item.equipment, day)
                 if a.item.equipment is not None else None)
    spec = a.item.chip
    guidance = (guidance_for(regime, spec.name, spec.vendor, day) if spec is not None
                else guidance_for(regime, a.item.equipment.description,
                                  a.item.equipment.vendor, day)
                if a.item.equipment is not None else [])
    where = a.location or (a.facility.country if a.facility else None)
    hq = [c for c in (a.end_user.hq_country, a.end_user.parent_hq_country) if c]
    facts: dict[str, Any] = {
        "activity.kind": a.kind, "activity.us_person": a.person.us_person,
        "activity.us_government_duty": a.person.us_government_duty,
        "end_use": list(a.end_use), "knowledge.violation": a.knows_violation,
        "end_user.hq_countries": hq or None,
        "end_user.hq_groups": (sorted({m.group for c in hq for m in regime.groups_of(c, day)})
                               if hq else None),
        "end_user.majority_owned_d5_macau": a.end_user.majority_owned_d5_macau,
        "end_user.entity_list_footnotes": (list(a.end_user.entity_list_footnotes)
                                           if a.end_user.entity_list_footnotes is not None
                                           else None),
        "destination.country": where,
        "destination.groups": (sorted({m.group for m in regime.groups_of(where, day)})
                               if where else None),
        "item.tier": "none",
    }
    if spec is not None:
        cls = ear.classify(spec, day, regime)
        facts["item.tier"] = (cls["tier"] if cls["status"] == "controlled" else
                              "none" if cls["status"] == "not_controlled" else None)
        facts["item.form"] = str(spec.form)
    facts.update(ear.item_facts(regime, a.item, equipment, guidance))
    facts.update(facility_facts(regime, a.facility, where, day))
    subject, derivation = ear.derive_subject_to_ear(regime, facts, a.item.subject_to_ear,
                                                    a.item.origin, where == "US", day)
    facts["item.subject_to_ear"] = subject
    return facts, {"equipment": equipment, "guidance": guidance, "subject_to_ear": derivation}


def _eval(regime: EarRegime, section: str, rule: Any, facts: dict[str, Any],
          a: Activity) -> tuple[bool | None, Any, list[Any]]:
    return ear._evaluate(regime, section, rule, facts, a.date)


def check_activity(a: Activity, regime: EarRegime | None = None) -> dict[str, Any]:
    """The EAR answer for an activity: §744.6(c)(2) restrictions, exclusions, GP10."""
    regime = regime or ear_regime()
    facts, extra = activity_facts(regime, a)
    day = a.date
    found, possible, excluded, notes = [], [], [], []
    usp = regime.us_person
    rules = [r for r in (usp.restrictions if usp else []) if r.on(day)]
    for r in rules:
        result, trace, _ = _eval(regime, "us_person", r, facts, a)
        if result is False:
            continue
        entry = {"id": r.id, "title": r.title, "reason": r.reason, "citation": r.citation,
                 "paragraph": r.paragraphs.get(a.kind or "", None), "url": r.url,
                 "result": result, "exceptions_allowed": r.exceptions_allowed,
                 "uncertain": r.uncertain, "condition": node_json(trace),
                 "missing": trace.missing_facts() if result is None else [],
                 "rule_version": ear.version_json(regime, r.version), "enforcement": "enforced"}
        (found if result else possible).append(entry)
    for ex in (usp.exclusions if usp else []):
        if not ex.on(day):
            continue
        hit = [q for q in found + possible if q["id"] in ex.covers]
        if not hit:
            continue
        result, trace, _ = _eval(regime, "us_person_exclusions", ex, facts, a)
        entry = {"id": ex.id, "title": ex.title, "citation": ex.citation, "result": result,
                 "covers": [q["id"] for q in hit], "condition": node_json(trace)}
        excluded.append(entry)
        if result is True:
            found = [q for q in found if q["id"] not in ex.covers]
            possible = [q for q in possible if q["id"] not in ex.covers]
        elif result is None:  # the exclusion may apply: the restriction is undetermined
            for q in [q for q in found if q["id"] in ex.covers]:
                found.remove(q)
                possible.append({**q, "result": None, "missing": trace.missing_facts()})
    gp10 = [r for r in regime.file.requirements if r.id.startswith("gp10") and r.on(day)]
    for r in gp10:
        result, trace, _ = _eval(regime, "requirements", r, facts, a)
        if result is False:
            continue
        entry = {"id": r.id, "title": r.title, "reason": r.reason, "citation": r.citation,
                 "paragraph": "736.2(b)(10)", "url": r.url, "result": result,
                 "exceptions_allowed": False, "uncertain": r.uncertain, "note": r.note,
                 "condition": node_json(trace), "enforcement": "enforced",
                 "missing": trace.missing_facts() if result is None else [],
                 "rule_version": ear.version_json(regime, r.version)}
        (found if result else possible).append(entry)
    if facts["item.subject_to_ear"] is True and a.item.equipment is not None:
        notes.append("the item is subject to the EAR, so §744.6(c)(2) (items not subject to the "
                     "EAR) does not reach it: its export, reexport or transfer is governed by "
                     "the CCL and §744.23 — check it as a shipment")
    if facts["activity.us_person"] is False:
        notes.append("the person is not a 'U.S. person': §744.6 does not restrict the activity")
    if day < min((r.start for r in (usp.restrictions if usp else [])), default=day):
        notes.append("no §744.6(c)(2) restriction was in force on this date (from 2022-10-12)")
    review = None
    if found:
        ids = {q["id"] for q in found}
        for pol in (usp.review_policies if usp else []):
            if pol.on(day) and ids & set(pol.applies_to):
                result, trace, _ = _eval(regime, "us_person_review", pol, facts, a)
                if result is True:
                    review = {"id": pol.id, "policy": str(pol.policy), "title": pol.title,
                              "citation": pol.citation, "condition": node_json(trace)}
                    break
    outcome = ("licence_required" if found else "undetermined" if possible
               else "no_licence_required")
    missing = sorted({f for q in possible for f in q["missing"]})
    return {
        "regime": regime.id, "as_of": day.isoformat(), "outcome": outcome,
        "requirements": found, "possible_requirements": possible, "exclusions": excluded,
        "review_policy": review, "missing": missing if outcome == "undetermined" else [],
        "facts": {k: v for k, v in facts.items() if v is not None}, "notes": notes, **extra,
    }
