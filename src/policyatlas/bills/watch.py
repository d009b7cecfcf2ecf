"""What pending bills mean for an inventory's systems (``policyatlas bills watch``).

The inventory is read as the engine reads it: each system's facts (``facts.catalogue``:
where it operates, its kinds, uses, decision domains and data) decide which bills touch it —
no obligation status is derived here. A bill is listed when it is still pending (introduced,
passed one chamber, passed both, or of unknown status in a session that is not over) in a
jurisdiction where a system operates, and one of its topics (or AI-adjacent kinds) is one the
system's facts point to (``watch.yaml``). Each listing says why: which system, which fact, which
topic, and the passages behind the topic. ``since`` keeps the bills that moved on or after a date
(a newer action, or a change recorded by an ingest), with what changed.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from importlib import resources
from typing import Any

from ruamel.yaml import YAML

from policyatlas.bills.classify import rules
from policyatlas.bills.sessions import session_end
from policyatlas.bills.status import PENDING, STATUSES
from policyatlas.bills.store import BillStore
from policyatlas.facts.inventory import Inventory

CONTRACT = "policyatlas.bill-watch/v1"
FACTS = ("system.kinds", "system.uses", "system.decision_domains", "system.data_categories")


@cache
def mapping() -> dict[str, Any]:
    text = resources.files("policyatlas.bills").joinpath("watch.yaml").read_text("utf-8")
    return YAML(typ="safe").load(text)


def _states(codes: list[str]) -> set[str]:
    from policyatlas.facts.jurisdictions import JURISDICTIONS, state_abbr

    return {state_abbr(c) for c in codes
            if c in JURISDICTIONS and (c == "us" or c.startswith("us-"))}


def interests(inventory: Inventory) -> list[dict[str, Any]]:
    """Per system: the states it operates in and topic -> [(fact, value, weight)]."""
    from policyatlas.facts.catalogue import system_facts

    table = mapping()
    out = []
    for system in inventory.systems:
        facts = system_facts(inventory.organization, system)
        topics: dict[str, list[tuple[str, str, float]]] = {}
        for fact in FACTS:
            for value in facts.get(fact) or ():
                for topic, weight in (table.get(fact, {}).get(value) or {}).items():
                    topics.setdefault(topic, []).append((fact, value, float(weight)))
        out.append({"id": system.id, "name": system.name,
                    "states": _states(list(facts.get("system.jurisdictions") or [])),
                    "topics": topics})
    return out


def _pending(row, today: dt.date) -> bool:
    """Still able to move on ``today``: pending when the data was taken (or of unknown status),
    and its session not over by today (data older than the session's end says nothing of the
    bill's fate, so a bill whose session has ended is not listed as pending)."""
    if row["status"] not in (*PENDING, "unknown"):
        return False
    end = session_end(row["jurisdiction"], row["session"])
    return end is None or today < end


def watch(store: BillStore, inventory: Inventory, *, since: dt.date | None = None,
          today: dt.date | None = None, limit: int | None = None) -> dict[str, Any]:
    today = today or dt.date.today()
    systems = interests(inventory)
    states = sorted(set().union(*(s["states"] for s in systems))) if systems else []
    factor = {k: float(v) for k, v in mapping()["status_factor"].items()}
    changes: dict[str, list[dict]] = {}
    if since is not None:
        for c in store.changes(since):
            changes.setdefault(c["uid"], []).append(
                {"recorded_at": c["recorded_at"], "kind": c["kind"], "summary": c["summary"]})
    rows = store.rows(f"jurisdiction IN ({','.join('?' * len(states))})", states) \
        if states else []
    listed = []
    for row in rows:
        if not _pending(row, today):
            continue
        evidence = json.loads(row["evidence"])
        topics = list(json.loads(row["topics"])) if row["ai_relevant"] else \
            list(evidence.get("adjacent", {}))
        if not topics:
            continue
        moved = since is None or row["uid"] in changes or \
            (row["latest_action_date"] or "") >= since.isoformat()
        if not moved:
            continue
        reasons, score = [], 0.0
        for system in systems:
            if row["jurisdiction"] not in system["states"]:
                continue
            for topic in topics:
                for fact, value, weight in system["topics"].get(topic, ()):
                    score += weight
                    proof = (evidence.get("topics", {}).get(topic) or
                             evidence.get("adjacent", {}).get(topic) or {}).get("evidence", [])
                    reasons.append({
                        "system": system["id"], "system_name": system["name"],
                        "jurisdiction": row["jurisdiction"], "topic": topic,
                        "topic_label": rules().topic_label(topic),
                        "fact": fact, "value": value, "weight": weight,
                        "evidence": [{"field": f, "term": t, "snippet": s}
                                     for f, t, s in proof[:2]],
                        "why": f"{system['name']} operates in {row['jurisdiction']}; the bill's "
                               f"topic '{rules().topic_label(topic)}' concerns its {fact} "
                               f"'{value}'"})
        if not reasons:
            continue
        score *= factor.get(row["status"], 1.0)
        listed.append({
            "id": row["uid"], "bill": f"{row['jurisdiction']} {row['session']} "
            f"{row['identifier']}", "jurisdiction": row["jurisdiction"], "title": row["title"],
            "status": row["status"], "status_label": STATUSES[row["status"]],
            "status_date": row["status_date"], "status_reason": row["status_reason"],
            "latest_action_date": row["latest_action_date"],
            "relevance": "ai" if row["ai_relevant"] else "adjacent",
            "topics": topics, "score": round(score, 2),
            "systems": sorted({r["system"] for r in reasons}), "reasons": reasons,
            "changes": changes.get(row["uid"], [])})
    listed.sort(key=lambda b: b["bill"])
    listed.sort(key=lambda b: b["latest_action_date"] or "", reverse=True)  # newer first
    listed.sort(key=lambda b: (-b["score"], -len(b["systems"])))
    total = len(listed)
    return {"contract": CONTRACT, "organization": inventory.organization.name,
            "as_of": today.isoformat(), "since": since.isoformat() if since else None,
            "jurisdictions": states,
            "systems": [{"id": s["id"], "name": s["name"], "jurisdictions": sorted(s["states"]),
                         "topics": sorted(s["topics"])} for s in systems],
            "total": total, "shown": min(total, limit) if limit else total,
            "bills": listed[:limit] if limit else listed}
