"""Every worked example in packs/us/ear/tests.yaml, through the public library calls."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ruamel.yaml import YAML

from policyatlas.export import ear
from policyatlas.export.chips import ChipSpec
from policyatlas.export.packs import EAR_DIR
from policyatlas.export.shipment import Shipment

CASES = YAML(typ="safe").load((EAR_DIR / "tests.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["classification"], ids=lambda c: c["name"])
def test_classification(case: dict[str, Any]) -> None:
    r = ear.classify(ChipSpec.model_validate(case["chip"]), case["as_of"])
    for key, want in case["expect"].items():
        got = r[key]
        if key == "tpp":
            assert got == pytest.approx(want, rel=1e-3), case["name"]
        else:
            assert got == want, f"{case['name']}: {key} = {got!r}, expected {want!r}"
    assert r["rule_version"] is None or r["rule_version"]["citation"]


@pytest.mark.parametrize("case", CASES["licence"], ids=lambda c: c["name"])
def test_licence(case: dict[str, Any]) -> None:
    r = ear.licence(Shipment.model_validate(case["shipment"]))
    exp = case["expect"]
    assert r["outcome"] == exp["outcome"], case["name"]
    enforced = {q["id"] for q in r["requirements"] if q["enforcement"] == "enforced"}
    for rid in exp.get("requirements", []):
        assert rid in enforced, f"{case['name']}: {rid} not among {enforced}"
    for rid in exp.get("shown", []):
        shown = {q["id"]: q for q in r["requirements"]}
        assert rid in shown and shown[rid]["enforcement"] != "enforced"
    if "review" in exp:
        assert r["review_policy"]["policy"] == exp["review"], case["name"]
    for code in exp.get("exceptions", []):
        assert any(e["code"] == code and e["eligible"] is True for e in r["exceptions"])
    if exp.get("no_exception"):
        assert not any(e["eligible"] for e in r["exceptions"])
    for q in r["requirements"]:
        assert q["citation"] and q["url"]


def test_every_case_cites_a_source() -> None:
    for case in CASES["classification"] + CASES["licence"]:
        assert case.get("source"), case["name"]


def test_dates_matter() -> None:
    """The same chip on two days gets two answers: the rule version is part of the answer."""
    spec = ChipSpec.model_validate(CASES["chips"]["a800"])
    before, after = (ear.classify(spec, dt.date(2023, 11, 16)),
                     ear.classify(spec, dt.date(2023, 11, 17)))
    assert before["eccn"] is None and after["eccn"] == "3A090.a"
    assert after["rule_version"]["citation"].startswith("88 FR 73458")
