"""Saved assessments: the inventory, the pack versions and the results, so that a later run can
say what changed — the laws, the inventory, or both.

SQLAlchemy Core over SQLite by default, PostgreSQL when POLICYATLAS_DATABASE_URL points at one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from typing import Any

import sqlalchemy as sa

from policyatlas.engine.contract import dumps
from policyatlas.engine.results import Assessment
from policyatlas.facts.inventory import Inventory
from policyatlas.rules.loader import PackSet
from policyatlas.version import __version__

metadata = sa.MetaData()
assessments = sa.Table(
    "policyatlas_assessments", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("as_of", sa.Date, nullable=False),
    sa.Column("organization", sa.String(500), nullable=False),
    sa.Column("inventory", sa.Text, nullable=False),
    sa.Column("inventory_hash", sa.String(64), nullable=False),
    sa.Column("packs", sa.Text, nullable=False),
    sa.Column("result", sa.Text, nullable=False),
    sa.Column("tool_version", sa.String(40), nullable=False),
)


def pack_versions(packs: PackSet) -> dict[str, str]:
    """Law id -> a fingerprint of its pack file and verification date."""
    out = {}
    for law in packs:
        digest = hashlib.sha256(law.path.read_bytes()).hexdigest()[:16]
        out[law.id] = f"{law.meta.verified_as_of}:{digest}"
    return out


def inventory_hash(inv: Inventory) -> str:
    blob = json.dumps(inv.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def duty_keys(result: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Every obligation that applies (any status but undetermined) by a stable key, read from
    a saved result of either contract: v2 (one list with a status each) or v1 (separate lists
    of obligations in force, upcoming and blocked)."""
    out = {}
    v1 = result.get("contract") == "policyatlas.assessment/v1"
    for s in result.get("systems", []):
        if v1:
            items = [(kind, o) for kind, key in (("in_force", "obligations"),
                                                 ("upcoming", "upcoming"), ("blocked", "blocked"))
                     for o in s.get(key) or []]
            items = [("optional" if o.get("optional") and kind == "in_force" else kind, o)
                     for kind, o in items]
        else:  # v2: instances name the obligation, described once in "obligations"
            items = [(i["status"], result["obligations"][i["key"]])
                     for i in s.get("obligations", []) if i["status"] != "undetermined"]
        for kind, o in items:
            out[f"{s['id']}|{o['law_id']}|{o['rule_id']}|{o['obligation_id']}"] = {
                "system": s["id"], "law_id": o["law_id"], "obligation": o["title"],
                "status": kind}
    for i in result.get("organization_obligations", []):
        if i["status"] != "undetermined":
            o = result["obligations"][i["key"]]
            out[f"(organization)|{o['law_id']}|{o['rule_id']}|{o['obligation_id']}"] = {
                "system": "(organization)", "law_id": o["law_id"], "obligation": o["title"],
                "status": i["status"]}
    return out


class SavedAssessments:
    def __init__(self, url: str) -> None:
        self.engine = sa.create_engine(url, future=True, pool_pre_ping=True)
        metadata.create_all(self.engine)

    def save(self, name: str, inv: Inventory, result: Assessment, packs: PackSet) -> dict:
        row = {"id": uuid.uuid4().hex, "created_at": dt.datetime.now(dt.UTC),
               "name": name, "as_of": result.as_of, "organization": result.organization,
               "inventory": json.dumps(inv.model_dump(mode="json"), ensure_ascii=False),
               "inventory_hash": inventory_hash(inv),
               "packs": json.dumps(pack_versions(packs)),
               "result": dumps(result), "tool_version": __version__}
        with self.engine.begin() as conn:
            conn.execute(assessments.insert().values(**row))
        return self._summary(row)

    def list(self) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(assessments.select().order_by(assessments.c.created_at.desc()))
            return [self._summary(r._mapping) for r in rows]

    def get(self, ident: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(assessments.select().where(assessments.c.id == ident)).first()
        if row is None:
            return None
        r = row._mapping
        return {**self._summary(r), "inventory": json.loads(r["inventory"]),
                "packs": json.loads(r["packs"]), "result": json.loads(r["result"])}

    def delete(self, ident: str) -> bool:
        with self.engine.begin() as conn:
            return conn.execute(assessments.delete().where(assessments.c.id == ident)).rowcount > 0

    @staticmethod
    def _summary(r: Any) -> dict:
        created = r["created_at"]
        if created.tzinfo is None:  # SQLite keeps no zone: the value was written in UTC
            created = created.replace(tzinfo=dt.UTC)
        return {"id": r["id"], "name": r["name"], "created_at": created.isoformat(),
                "as_of": str(r["as_of"]), "organization": r["organization"],
                "inventory_hash": r["inventory_hash"], "tool_version": r["tool_version"]}


def compare(saved: dict, inv: Inventory, now: Assessment, packs: PackSet) -> dict:
    """What changed between a saved assessment and a run now: laws, inventory, duties."""
    before_packs: dict[str, str] = saved["packs"]
    after_packs = pack_versions(packs)
    laws = {
        "added": sorted(set(after_packs) - set(before_packs)),
        "removed": sorted(set(before_packs) - set(after_packs)),
        "changed": sorted(k for k in set(before_packs) & set(after_packs)
                          if before_packs[k] != after_packs[k]),
    }
    old_inv = saved["inventory"]
    new_inv = inv.model_dump(mode="json")
    old_sys = {s["id"]: s for s in old_inv.get("systems", [])}
    new_sys = {s["id"]: s for s in new_inv.get("systems", [])}
    inventory = {
        "changed": inventory_hash(inv) != saved["inventory_hash"],
        "systems_added": sorted(set(new_sys) - set(old_sys)),
        "systems_removed": sorted(set(old_sys) - set(new_sys)),
        "systems_changed": sorted(k for k in set(old_sys) & set(new_sys)
                                  if old_sys[k] != new_sys[k]),
    }
    before = duty_keys(saved["result"])
    after = duty_keys(json.loads(dumps(now)))
    duties = {
        "added": [after[k] for k in sorted(set(after) - set(before))],
        "removed": [before[k] for k in sorted(set(before) - set(after))],
        "status_changed": [{**after[k], "before": before[k]["status"]}
                           for k in sorted(set(before) & set(after))
                           if before[k]["status"] != after[k]["status"]],
    }
    why = [w for w, hit in (("laws", any(laws.values())), ("inventory", inventory["changed"]),
                            ("as_of", str(now.as_of) != saved["as_of"])) if hit]
    return {"saved": {k: saved[k] for k in ("id", "name", "created_at", "as_of")},
            "as_of": str(now.as_of), "changed_because": why, "laws": laws,
            "inventory": inventory, "duties": duties}
