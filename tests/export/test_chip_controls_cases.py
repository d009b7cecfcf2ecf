"""Every worked example in packs/us/ear/chip-controls-tests.yaml (equipment, end
uses, US-person activities, FDP / de minimis, guidance), through the public library calls."""

from __future__ import annotations

from typing import Any

import pytest
from ruamel.yaml import YAML

from policyatlas.export import ear
from policyatlas.export.activity import Activity
from policyatlas.export.packs import EAR_DIR
from policyatlas.export.shipment import Shipment
from policyatlas.export.usperson import check_activity

CASES = YAML(typ="safe").load((EAR_DIR / "chip-controls-tests.yaml").read_text(encoding="utf-8"))


def _common(r: dict[str, Any], exp: dict[str, Any], name: str) -> None:
    assert r["outcome"] == exp["outcome"], f"{name}: {r['outcome']} {r['possible_requirements']}"
    got = {q["id"] for q in r["requirements"]}
    for rid in exp.get("requirements", []):
        assert rid in got, f"{name}: {rid} not among {got}"
    for rid in exp.get("absent", []):
        assert rid not in got, f"{name}: {rid} should not apply"
    possible = {q["id"] for q in r["possible_requirements"]}
    for rid in exp.get("possible", []):
        assert rid in possible, f"{name}: {rid} not among possible {possible}"
    missing = {f for q in r["possible_requirements"] for f in q["missing"]}
    for f in exp.get("missing", []):
        assert f in missing, f"{name}: {f} not among missing {missing}"
    if "review" in exp:
        assert r["review_policy"]["policy"] == exp["review"], name
    if "guidance" in exp:
        assert [g["id"] for g in r["guidance"]] == exp["guidance"], name
        for g in r["guidance"]:
            assert g["kind"] == "guidance" and g["sources"]
    for q in r["requirements"]:
        assert q["citation"] and q["url"], name
        assert q["rule_version"] is None or q["rule_version"]["citation"], name


@pytest.mark.parametrize("case", CASES["shipments"], ids=lambda c: c["name"])
def test_shipment(case: dict[str, Any]) -> None:
    r = ear.licence(Shipment.model_validate(case["shipment"]))
    exp = case["expect"]
    if "subject_to_ear" in exp:
        assert r["subject_to_ear"]["value"] is exp["subject_to_ear"], case["name"]
    if "decided_by" in exp:
        assert r["subject_to_ear"]["decided_by"]["id"] == exp["decided_by"], case["name"]
    for f in exp.get("subject_missing", []):
        assert f in r["subject_to_ear"]["missing"], case["name"]
    if "eccns" in exp:
        assert sorted(r["equipment"]["eccns"]) == sorted(exp["eccns"]), case["name"]
    if "outcome" in exp:
        _common(r, exp, case["name"])
    if exp.get("no_exception"):
        assert not any(e["eligible"] for e in r["exceptions"])


@pytest.mark.parametrize("case", CASES["activities"], ids=lambda c: c["name"])
def test_activity(case: dict[str, Any]) -> None:
    r = check_activity(Activity.model_validate(case["activity"]))
    exp = case["expect"]
    _common(r, exp, case["name"])
    paras = {q["paragraph"] for q in r["requirements"]}
    for p in exp.get("paragraphs", []):
        assert p in paras, f"{case['name']}: {p} not among {paras}"


def test_every_case_cites_cfr_and_fr() -> None:
    cases = CASES["shipments"] + CASES["activities"]
    assert len(cases) >= 25
    for c in cases:
        assert c.get("cite") and c.get("fr"), c["name"]


def test_rule_version_decides_across_dates() -> None:
    """The same tool on two days: the trace names the rule version that decided."""
    by = {c["name"]: c for c in CASES["shipments"]}
    old = ear.licence(Shipment.model_validate(
        by["3B090 etch tool to a 14 nm FinFET fab in China under the October 2022 rule"]
        ["shipment"]))
    new = ear.licence(Shipment.model_validate(
        by["The etch tool to a 14 nm fab after 3B090 moved to 3B001.c.1.a"]["shipment"]))
    versions = lambda r: {q["rule_version"]["id"] for q in r["requirements"]}  # noqa: E731
    assert "sme-oct-2022" in versions(old) and "sme-oct-2023" in versions(new)
