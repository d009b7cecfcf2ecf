"""The BIS affiliates ("50 %") rule over a shipment's declared owners (guidance.yaml).

An entity owned, directly or indirectly, individually or in aggregate, 50 % or more by one or
more parties on the Entity List or the MEU List — or by entities themselves restricted by such
ownership — needs a licence as if it were listed (90 FR 47201; 15 CFR 744.11(a), 744.21;
Supp. No. 8 to part 744). The rule's status is data, dated: in force, suspended, or uncertain
(with every reading and its sources). For each recipient of the shipment this module says
whether the owners declared under ``owners:`` reach the threshold on the date, naming each
owner's list entry; ``ear.licence`` turns that into a requirement, a possible requirement (an
uncertain period: never a silent guess) or a note.

Outcomes per party: ``applies`` (in force, threshold met), ``suspended`` (would apply but for
the suspension), ``uncertain`` (would apply if the rule is in force on the date; the sources
disagree), ``not_yet`` (before the rule), ``below_threshold``, ``not_declared`` (no owners
given) and ``no_listed_owner``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from policyatlas.export import model as M
from policyatlas.export.parties import LIST_NAMES

STRICTNESS = {"us-entity-list": 2, "us-meu": 1}  # the most restrictive owner decides
KIND = {"us-entity-list": "licence_required", "us-meu": "licence_required_if_supp2"}
_POLICY_ORDER = ("presumption_of_denial", "not_stated", "case_by_case", "presumption_of_approval")


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None


def period_json(p: M.AffiliatesInterval | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {"state": str(p.state), "from": _iso(p.start), "to": _iso(p.to),
            "citation": p.citation, "basis": p.basis, "url": p.url, "note": p.note,
            "readings": [{"state": str(r.state), "until": _iso(r.until), "basis": r.basis,
                          "sources": [{"title": x.title, "url": str(x.url)} for x in r.sources]}
                         for r in p.readings]}


def rule_json(rule: M.AffiliatesRule, day: dt.date) -> dict[str, Any]:
    return {"id": rule.id, "title": rule.title, "citation": rule.citation,
            "paragraph": rule.paragraph, "url": rule.url, "threshold": rule.threshold,
            "lists": list(rule.lists), "text": rule.text, "uncertain": rule.uncertain,
            "on_date": period_json(rule.state_on(day)),
            "periods": [period_json(p) for p in rule.status],
            "sources": [{"title": x.title, "url": str(x.url)} for x in rule.sources]}


def _listing(node: dict[str, Any], lists: list[str]) -> list[dict[str, Any]]:
    """The node's listed entries on the rule's lists: per list, the closest match decides."""
    out: dict[str, dict[str, Any]] = {}
    for h in node["hits"]:  # sorted by score
        if h["list"] in lists and h["status"] == "listed" and h["list"] not in out:
            out[h["list"]] = h
    return list(out.values())


def _entry(h: dict[str, Any], owner: str) -> dict[str, Any]:
    return {"owner": owner, "list": h["list"],
            "list_name": LIST_NAMES.get(h["list"], h["list_name"]), "entry": h["entry"],
            "entry_id": h["entry_id"], "listed_on": h["listed_on"], "citation": h["citation"],
            "url": h["url"], "score": h["score"], "matched_name": h["matched_name"],
            "licence_requirement": h["licence_requirement"],
            "review_policy": h["review_policy"]}


def restricted(node: dict[str, Any], rule: M.AffiliatesRule) -> list[dict[str, Any]]:
    """The list entries that make an owner restricted: its own, or (when its owners reach the
    threshold) those of its restricted owners; empty when it is not restricted."""
    own = _listing(node, list(rule.lists))
    if own:
        return [_entry(h, node["name"]) for h in own]
    share, entries = aggregate(node.get("owners") or [], rule)
    return entries if share >= rule.threshold - 1e-9 else []


def aggregate(owners: list[dict[str, Any]], rule: M.AffiliatesRule
              ) -> tuple[float, list[dict[str, Any]]]:
    """The share held by restricted owners together, and their entries."""
    share, entries = 0.0, []
    for o in owners:
        e = restricted(o, rule)
        if e:
            share += o["share"]
            entries += [{**x, "share": o["share"], "via": o["name"]} for x in e]
    return round(share, 9), entries


def _policy(entries: list[dict[str, Any]]) -> dict[str, Any] | None:
    pols = [e["review_policy"] for e in entries if e.get("review_policy")]
    return min(pols, key=lambda p: _POLICY_ORDER.index(p["policy"])
               if p["policy"] in _POLICY_ORDER else 1, default=None)


def evaluate(rule: M.AffiliatesRule | None, screening: dict[str, Any] | None,
             day: dt.date) -> list[dict[str, Any]]:
    """Per recipient: the owners' restricted share, the rule's status on ``day``, the outcome."""
    if rule is None or not screening:
        return []
    period = rule.state_on(day)
    state = str(period.state) if period else ("not_yet" if day < rule.status[0].start
                                              else "ended")
    out = []
    for p in screening.get("ownership", []):
        base = {"role": p["role"], "party": p["party"], "state": state,
                "period": period_json(period), "threshold": rule.threshold}
        if not p["declared"]:
            out.append({**base, "outcome": "not_declared", "share": None, "entries": []})
            continue
        share, entries = aggregate(p["owners"] or [], rule)
        if not entries:
            outcome = "no_listed_owner"
        elif share < rule.threshold - 1e-9:
            outcome = "below_threshold"
        else:
            outcome = {"in_force": "applies", "suspended": "suspended",
                       "uncertain": "uncertain"}.get(state, state)
        strictest = max((e["list"] for e in entries), key=lambda x: STRICTNESS.get(x, 0),
                        default=None)
        out.append({**base, "outcome": outcome, "share": share, "entries": entries,
                    "kind": KIND.get(strictest) if strictest else None,
                    "review_policy": _policy(entries)})
    return out


def entries_text(entries: list[dict[str, Any]]) -> str:
    """'Owner (60 %): Entity List entry 'X', listed 2019-05-21, 84 FR 22963; ...'."""
    bits = []
    for e in entries:
        via = f" through '{e['via']}'" if e["via"] != e["owner"] else ""
        bits.append(f"'{e['owner']}'{via} ({e['share'] * 100:g} %): {e['list_name']} entry "
                    f"'{e['entry']}'" + (f", listed {e['listed_on']}" if e["listed_on"] else "")
                    + (f", {e['citation']}" if e["citation"] else ""))
    return "; ".join(bits)


def readings_text(period: dict[str, Any] | None) -> str:
    if not period or not period["readings"]:
        return ""
    return " | ".join(
        f"reading {i}: {r['state'].replace('_', ' ')}"
        + (f" until {r['until']}" if r["until"] else "") + f" — {r['basis']} (sources: "
        + "; ".join(f"{x['title']} {x['url']}" for x in r["sources"]) + ")"
        for i, r in enumerate(period["readings"], 1))
