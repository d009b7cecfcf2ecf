"""Every worked example in packs/cn/mofcom/tests.yaml, plus the pack's integrity."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ruamel.yaml import YAML

from policyatlas.export import mofcom
from policyatlas.export.packs import CN_DIR, cn_regime
from policyatlas.export.shipment import Shipment

CASES = YAML(typ="safe").load((CN_DIR / "tests.yaml").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_case(case: dict[str, Any]) -> None:
    r = mofcom.check(Shipment.model_validate(case["shipment"]))
    exp = case["expect"]
    if "outcome" in exp:
        assert r["outcome"] == exp["outcome"], f"{case['name']}: {r['outcome']}"
    for item in exp.get("items", []):
        assert item in {i["item"] for i in r["items"]}
    live = {m["measure"] for m in r["measures"] if m["state"] == "in_force"}
    for mid in exp.get("measures", []):
        assert mid in live, f"{case['name']}: {mid} not in {live}"
    for mid in exp.get("suspended", []):
        assert mid in {m["measure"] for m in r["measures"] if m["state"] == "suspended"}
    if "item_state" in exp:
        assert {i["state"] for i in r["items"]} == {exp["item_state"]}
    if "note" in exp:
        assert any(exp["note"] in n for n in r["notes"])
    for m in r["measures"]:  # every answer cites its announcement
        assert m["citation"] and m["url"] and m["number"]["en"]


def test_every_announcement_has_sources_status_and_bilingual_names() -> None:
    reg = cn_regime()
    for a in reg.announcements:
        assert a.url and a.number.zh and a.title.en, a.id
        assert a.status or a.kind == "suspension", a.id
        for it in a.items:
            assert it.citation and it.name.en, (a.id, it.id)


def test_suspensions_match_the_suspended_intervals() -> None:
    reg = cn_regime()
    by_id = {a.id: a for a in reg.announcements}
    for a in reg.announcements:
        for ref in a.suspends:
            target_id, _, measure = ref.partition("#")
            target = by_id[target_id]
            status = (next(m for m in target.measures if m.id == measure).status
                      if measure else target.status) or target.status
            # the target is suspended from (about) the day the suspension was announced
            assert any(s.state == "suspended" and s.start <= a.effective + dt.timedelta(days=2)
                       for s in status), ref
