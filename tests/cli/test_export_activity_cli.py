"""`policyatlas export check` on an activity (§744.6) and on an equipment shipment."""

from __future__ import annotations

import json
from pathlib import Path


def test_check_activity_json_and_table(cli) -> None:
    r = cli("export", "check", "examples/activity-us-engineer-servicing-14nm.yaml", "-f", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["contract"] == "policyatlas.export-activity/v1" and data["kind"] == "activity"
    us = data["regimes"][0]
    assert us["outcome"] == "licence_required"
    assert {q["paragraph"] for q in us["requirements"]} == {"744.6(c)(2)(iii)", "744.6(c)(2)(ix)"}
    assert all(q["rule_version"]["citation"] for q in us["requirements"])
    r = cli("export", "check", "examples/activity-us-engineer-servicing-14nm.yaml")
    assert r.returncode == 0 and "744.6(c)(2)(iii)" in r.stdout


def test_check_equipment_shipment(cli) -> None:
    r = cli("export", "check", "examples/shipment-etch-tool-14nm-fab.yaml", "-f", "json")
    assert r.returncode == 0, r.stderr
    us = next(x for x in json.loads(r.stdout)["regimes"] if x["regime"] == "us/ear")
    assert us["outcome"] == "licence_required"
    ids = {q["id"] for q in us["requirements"]}
    assert {"sme-rs-3b090-china", "eu-advanced-node-2022"} <= ids
    r = cli("export", "check", "examples/shipment-etch-tool-14nm-fab.yaml", "-f", "md")
    assert r.returncode == 0 and "(a)(2)(iii)" in r.stdout


def test_ascend_purchase_shows_guidance(cli) -> None:
    r = cli("export", "check", "examples/activity-ascend-purchase-malaysia.yaml")
    assert r.returncode == 0, r.stderr
    assert "GUIDANCE (not a rule)" in r.stdout and "knowledge.violation" in r.stdout


def test_bad_activity_exits_2_without_traceback(cli, tmp_path: Path) -> None:
    bad = tmp_path / "a.yaml"
    bad.write_text("activity:\n  date: 2023-01-01\n  kind: repairing\n  item: {equipment: {}}\n")
    r = cli("export", "check", str(bad))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "kind" in r.stderr and "servicing" in r.stderr and "Traceback" not in r.stderr
