"""China's export controls (MOFCOM / GAC): which listed items a shipment holds, whether each
announcement and measure is in force on the date, destination and end-user measures, list
screening, and the licence route — all read from ``packs/cn/mofcom``.

HS codes in the announcements are *reference* codes: the technical description decides. A code
match whose entry carries technical criteria is therefore answered "licence required if the goods
meet ..." until the shipment says whether they do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policyatlas.export import model as M
from policyatlas.export.packs import CnRegime, cn_regime
from policyatlas.export.parties import CN_PACK_LIST, RECIPIENT_ROLES, shipment_parties
from policyatlas.export.shipment import Shipment
from policyatlas.names import english_name_key

# Strongest effect first: the answer reports the strongest measure in force.
SEVERITY = ["prohibited", "presumption_of_denial", "enhanced_review", "case_by_case",
            "licence_required", "exempt"]  # fmt: skip


def state_on(status: list[M.StatusInterval], effective: dt.date,
             day: dt.date) -> tuple[str, M.StatusInterval | None]:
    """'not_yet', a status state, or 'no_status' when no interval covers the day."""
    if day < effective and not any(s.on(day) for s in status):
        return "not_yet", None
    for s in status:
        if s.on(day):
            return str(s.state), s
    return "no_status", None


def _hs_match(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)




def _interval(s: M.StatusInterval | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {"state": str(s.state), "from": s.start.isoformat(),
            "to": s.to.isoformat() if s.to else None, "basis": s.basis, "url": s.url}


def match_items(reg: CnRegime, s: Shipment) -> list[tuple[M.Announcement, M.Item]]:
    mat = s.item.material
    if mat is None:
        return []
    out = []
    for a in reg.announcements:
        for it in a.items:
            by_cc = (mat.control_number and it.control_number
                     and (it.control_number.casefold().startswith(mat.control_number.casefold())
                          or mat.control_number.casefold().startswith(
                              it.control_number.casefold())))
            by_hs = mat.hs_code and any(_hs_match(mat.hs_code, h) for h in it.hs_codes)
            if by_cc or (by_hs and not mat.control_number):
                out.append((a, it))
    return out


def _measure_applies(m: M.Measure, s: Shipment, materials: set[str],
                     controlled: bool) -> tuple[bool | None, list[str]]:
    """Whether a measure reaches this shipment; None when a needed fact is missing."""
    why: list[str] = []
    missing = False
    if m.destinations is not None:
        if s.destination not in m.destinations:
            return False, []
        why.append(f"destination {s.destination}")
    if m.exporters is not None and "foreign" in m.exporters:
        if s.ship_from == "CN":
            return False, []
        why.append("exporter outside China")
    if m.materials is not None:
        hit = materials & set(m.materials)
        if not hit:
            return False, []
        why.append("item: " + ", ".join(sorted(hit)))
    elif not controlled:
        return False, []  # measures on "all dual-use items" need a listed item
    # Users and uses are alternatives ("military users or military uses"): either reaches.
    tests = []
    if m.end_users is not None:
        kind = s.end_user.kind
        tests.append(None if kind is None else (kind in m.end_users, f"end user: {kind}"))
    if m.end_uses is not None:
        hit = set(s.end_use) & set(m.end_uses)
        tests.append(None if not s.end_use else
                     (bool(hit), "end use: " + ", ".join(sorted(hit))))
    if tests:
        if any(t is not None and t[0] for t in tests):
            why += [t[1] for t in tests if t is not None and t[0]]
        elif any(t is None for t in tests):
            missing = True
        else:
            return False, []
    if m.value_share_threshold is not None:
        shares = [c.value_share for c in s.item.prc_content
                  if m.materials is None or c.material in m.materials]
        known = [x for x in shares if x is not None]
        if known and max(known) >= m.value_share_threshold:
            why.append(f"PRC-origin content {max(known):.2%} of value >= "
                       f"{m.value_share_threshold:.1%}")
        elif len(known) < len(shares) or not shares:
            missing = True
        else:
            return False, []
    return (None if missing else True), why


def screen_parties(reg: CnRegime, s: Shipment) -> list[dict[str, Any]]:
    """Exact-name hits of the shipment's parties on the designations of the pack itself."""
    names = [p.name for p in shipment_parties(s)]
    if not names:
        return []
    wanted = {english_name_key(n) for n in names} | set(names)
    hits = []
    for d in reg.designations:
        state, interval = state_on(d.status, d.date, s.date)
        for e in d.entities:
            keys = {english_name_key(e.name), *(english_name_key(a) for a in e.aliases)}
            if e.name_zh:
                keys.add(e.name_zh)
            if wanted & keys:
                hits.append({"list": d.list_id, "designation": d.number.en, "id": d.id,
                             "date": d.date.isoformat(), "entity": e.name, "state": state,
                             "status": _interval(interval), "measures": d.measures.en,
                             "url": d.url, "confidence": str(d.confidence), "source": "pack"})
    return hits


_STATE = {"listed": "in_force", "suspended": "suspended", "removed": "lifted",
          "not_yet": "not_yet"}


def screening_parties(screening: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Hits of the restricted-party screening on China's lists, in the shape of ``parties``."""
    out = []
    for h in (screening or {}).get("hits", []):
        if h["list"] not in CN_PACK_LIST:
            continue
        out.append({
            "list": CN_PACK_LIST[h["list"]], "designation": h["announcement"] or h["citation"],
            "id": h["entry_id"], "date": h["listed_on"], "entity": h["entry"],
            "state": _STATE[h["status"]], "status": h["suspension"],
            "measures": "; ".join(h["measures"]) or None, "url": h["url"],
            "confidence": None, "source": "screening", "party": h["party"], "role": h["role"],
            "score": h["score"], "citation": h["citation"], "effect": h["effect"],
            "removed_on": h["removed_on"], "why_not": h["why_not"]})
    return out


def check(s: Shipment, reg: CnRegime | None = None,
          screening: dict[str, Any] | None = None) -> dict[str, Any]:
    """China's answer for a shipment (outcome, items, measures, parties, licence route); with
    ``screening`` (``export.parties.screen_shipment``), the effects of the parties' hits on
    China's lists (control list, watch list, Unreliable Entity List, countermeasures)."""
    reg = reg or cn_regime()
    day = s.date
    notes: list[str] = []
    items = []
    materials: set[str] = {c.material for c in s.item.prc_content}
    controlled_now = False
    conditional = False
    for a, it in match_items(reg, s):
        state, interval = state_on(a.status, a.effective, day)
        entry = {
            "announcement": a.id, "number": a.number.model_dump(), "item": it.id,
            "material": it.material, "control_number": it.control_number,
            "name": it.name.model_dump(), "hs_codes": it.hs_codes, "citation": it.citation,
            "url": a.url, "state": state, "status": _interval(interval),
            "technical_criteria": it.technical_criteria.model_dump()
            if it.technical_criteria else None, "uncertain": it.uncertain,
        }
        items.append(entry)
        materials.add(it.material)
        if state in ("in_force", "suspended_pending_confirmation"):
            meets = s.item.material.meets_technical_criteria if s.item.material else None
            if it.technical_criteria is None or meets is True:
                controlled_now = True
            elif meets is None:
                conditional = True
    from_china = s.ship_from == "CN"
    prc_origin = s.item.origin == "CN"
    measures = []
    for a in reg.announcements:
        for m in a.measures:
            status = m.status or a.status
            state, interval = state_on(status, a.effective, day)
            if state not in ("in_force", "suspended_pending_confirmation", "suspended"):
                continue
            content_only = not (from_china or prc_origin or m.exporters)
            if content_only and not s.item.prc_content:
                continue  # measures reach exports from China or PRC-origin items re-transferred
            applies, why = _measure_applies(m, s, materials, controlled_now or conditional
                                            or bool(s.item.prc_content))
            if applies is False:
                continue
            if content_only and not m.value_share_threshold:
                # Whether a foreign-made item with PRC-origin content is itself a "PRC-origin
                # dual-use item" is not settled by the texts: say so rather than decide.
                applies = None
                why.append("only through PRC-origin content; whether the item counts as a "
                           "PRC-origin dual-use item is not settled")
            basis = (interval.basis or "") if interval else ""
            if state == "in_force" and "uncertain" in basis:
                notes.append(f"{a.number.en} {m.citation}: {basis}")
            measures.append({
                "announcement": a.id, "number": a.number.model_dump(), "measure": m.id,
                "citation": m.citation, "effect": str(m.effect), "text": m.text.model_dump(),
                "state": state, "status": _interval(interval), "applies": applies, "why": why,
                "url": a.url})
    parties = screen_parties(reg, s)
    pack_keys = {(p["list"], english_name_key(p["entity"])) for p in parties}
    parties += [p for p in screening_parties(screening)
                if (p["list"], english_name_key(p["entity"])) not in pack_keys]
    live = [m for m in measures if m["state"] == "in_force" and m["applies"]]
    doubtful = [m for m in measures if m["state"] == "suspended_pending_confirmation"]
    on_list = [p for p in parties if p["state"] == "in_force"]
    china_dual_use = (controlled_now or conditional) and (from_china or prc_origin)
    outcome = "no_licence_required"
    if (controlled_now or conditional) and from_china:
        outcome = "licence_required" if controlled_now else "licence_required_if_criteria_met"
    if live:
        strongest = min(live, key=lambda m: SEVERITY.index(m["effect"]))
        if strongest["effect"] != "exempt":
            outcome = strongest["effect"]
    control = [p for p in on_list if (p["list"] == "control_list"
                                       or (p.get("effect") or {}).get("kind")
                                       == "prohibited_dual_use")
               and p.get("role", "end_user") in RECIPIENT_ROLES]
    if control and china_dual_use:
        outcome = "prohibited"
        notes.append("a party is on China's control list (or a list whose measures ban "
                     "dual-use exports to it): dual-use exports to it are banned (special cases "
                     "by application)")
    elif control:
        notes.append("a party is on a Chinese list that bans exports of dual-use items from "
                     "China to it; this shipment holds no listed dual-use item from China")
    bans = [p for p in on_list if (p.get("effect") or {}).get("kind") == "prohibited"
            and p["list"] in ("unreliable_entity_list", "countermeasure_list")]
    if bans:
        outcome = "prohibited"
        for p in bans:
            notes.append(f"{p['entity']} ({p['list'].replace('_', ' ')}, {p['designation']}, "
                         f"from {p['date']}): {p['effect']['text']}")
    for p in parties:
        if p.get("source") == "screening" and p["state"] != "in_force" and p.get("why_not"):
            notes.append(f"{p['entity']} ({p['list'].replace('_', ' ')}): no effect — "
                         f"{p['why_not']}")
    undetermined = [m for m in measures if m["applies"] is None and m["state"] == "in_force"]
    if undetermined and outcome == "no_licence_required":
        outcome = "undetermined"
    if undetermined:
        notes.append("some measures depend on facts not given: " + ", ".join(
            f"{m['number']['en']} {m['citation']}" for m in undetermined))
    if doubtful:
        notes.append("suspension pending confirmation: " + "; ".join(
            f"{m['number']['en']} {m['citation']} ({(m['status'] or {}).get('basis')})"
            for m in doubtful))
    if any(i["state"] == "suspended_pending_confirmation" for i in items):
        notes.append("an announcement covering this item is suspended only by a reported "
                     "extension that no MOFCOM notice confirms: check mofcom.gov.cn")
    if not s.item.material and not measures:
        notes.append("a foreign-made item is reached by China's rules only where MOFCOM has "
                     "specified it (Decree 792 Art. 49); none in force reaches this item")
    watch = [p for p in on_list if p["list"] == "watch_list"]
    licence = None
    if outcome not in ("no_licence_required", "prohibited"):
        licence = {
            "types": [{"id": t.id, "name": t.name.model_dump(), "citation": t.citation,
                       "max_validity_months": t.max_validity_months}
                      for t in reg.regime.licence_types
                      if not (watch and t.id != "single")],
            "review_working_days": None if watch else reg.regime.review.working_days,
            "review_citation": reg.regime.review.citation,
            "note": ("the end user is on the watch list: no general licence or registration; "
                     "a risk assessment and commitment are required and the review time limit "
                     "does not apply") if watch else None,
        }
    return {
        "regime": reg.id, "as_of": day.isoformat(), "outcome": outcome,
        "applies": bool(items or measures or parties), "items": items, "measures": measures,
        "parties": parties, "licence": licence, "catch_all": reg.regime.catch_all.model_dump(),
        "notes": notes,
    }
