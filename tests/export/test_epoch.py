"""Epoch AI's hardware CSV: TPP agreement with Epoch's own column, and classification per row.

The committed sample (tests/data/epoch, 15 rows, CC BY 4.0) always runs; the full data set in
../shared/data/chips runs when it is present.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policyatlas.export.epoch import classify_epoch

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "epoch" / "epoch_sample.csv"
FULL = (Path(__file__).resolve().parents[3] / "shared" / "data" / "chips"
        / "epoch_ml_hardware.csv")
DAY = dt.date(2026, 11, 23)


def test_sample_rows_classify_and_explain_disagreements() -> None:
    r = classify_epoch(SAMPLE, DAY)
    by_name = {c["name"]: c for c in r["chips"]}
    assert by_name["NVIDIA H100 SXM5 80GB"]["eccn"] == "3A090.a"
    # Epoch gives no die size for the H20: with TPP 2,368 the density tiers decide, so it says so
    assert by_name["NVIDIA HGX H20"]["status"] == "undetermined"
    assert "die_area_mm2" in by_name["NVIDIA HGX H20"]["missing_figures"]
    assert by_name["NVIDIA A800 SXM"]["tpp"] == pytest.approx(4992)  # Epoch: 4,988.8
    assert by_name["NVIDIA A800 SXM"]["tpp_agrees"] is True
    reasons = {d["name"]: d["reason"] for d in r["disagreements"]}
    assert set(reasons) == {"NVIDIA GB300 (Blackwell Ultra)", "AMD Instinct MI355X",
                            "Google TPU v2"}
    assert reasons["AMD Instinct MI355X"].startswith("format choice")
    # rows that need the datacenter flag or a die area say which figure is missing
    for c in r["chips"]:
        if c["status"] == "undetermined":
            assert c["missing_figures"]


@pytest.mark.skipif(not FULL.exists(), reason="full Epoch data set not present "
                    "(../shared/data/chips/epoch_ml_hardware.csv); the sample test covers it")
def test_full_dataset_tpp_agrees_for_95_percent() -> None:
    r = classify_epoch(FULL, DAY)
    s = r["summary"]
    assert s["tpp_compared"] >= 150
    assert s["tpp_agreement_share"] >= 0.95
    assert len(r["disagreements"]) == s["tpp_compared"] - s["tpp_agreeing"] + sum(
        1 for c in r["chips"] if c["epoch_tpp"] and c["tpp"] is None)
    for d in r["disagreements"]:
        assert d["reason"].split(":")[0] in {"bit-length convention", "format choice",
                                             "sparsity", "figure outside the row",
                                             "missing figure"}
