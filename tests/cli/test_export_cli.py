"""`policyatlas export classify` and `export check` through the real command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLE = ROOT / "tests" / "data" / "epoch" / "epoch_sample.csv"
H100 = """chips:
  - name: NVIDIA H100 SXM5 80GB
    datacenter: true
    dense: {fp16: 989, fp8: 1979}
    die_area_mm2: 814
"""


def test_classify_epoch_csv_json(cli) -> None:
    r = cli("export", "classify", "--epoch-csv", str(SAMPLE), "--as-of", "2026-11-23",
            "--format", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["contract"] == "policyatlas.export-epoch/v1" and data["rows"] == 15
    chip = next(c for c in data["chips"] if c["name"] == "NVIDIA H100 SXM5 80GB")
    assert {"name", "tpp", "performance_density", "eccn", "rule_version", "trace"} <= set(chip)
    assert chip["eccn"] == "3A090.a" and chip["trace"][0]["condition"]


def test_classify_epoch_csv_table_and_csv(cli, tmp_path: Path) -> None:
    r = cli("export", "classify", "--epoch-csv", str(SAMPLE), "--as-of", "2026-11-23")
    assert r.returncode == 0 and "3A090.a.1" in r.stdout and "Epoch AI" in r.stdout
    out = tmp_path / "chips.csv"
    r = cli("export", "classify", "--epoch-csv", str(SAMPLE), "-f", "csv", "-o", str(out))
    assert r.returncode == 0 and out.read_text().startswith("name,vendor,form")


def test_classify_spec_by_date(cli, tmp_path: Path) -> None:
    spec = tmp_path / "chips.yaml"
    spec.write_text(H100)
    r = cli("export", "classify", str(spec), "--as-of", "2022-09-01", "-f", "json")
    assert json.loads(r.stdout)["chips"][0]["eccn"] is None
    r = cli("export", "classify", str(spec), "--as-of", "2024-01-01", "-f", "json")
    assert json.loads(r.stdout)["chips"][0]["paragraph"] == "3A090.a.1"


@pytest.mark.parametrize(("text", "needle"), [
    ("chips:\n  - name: X\n    dense: {fp16: -5}\n", "chips[0].dense.fp16"),
    ("chips:\n  - name: X\n    dense: {fp12: 5}\n", "fp12"),
    ("chips:\n  - name: X\n    datacenter: true\n    dense: {int8: 242}\n", "die_area_mm2"),
    ("chips:\n  - name: X\n    dense: {fp16: lots}\n", "chips[0].dense.fp16"),
    ("chips: [\n", "chips.yaml"),
])  # fmt: skip
def test_bad_specs_exit_2_naming_the_field(cli, tmp_path: Path, text: str, needle: str) -> None:
    spec = tmp_path / "chips.yaml"
    spec.write_text(text)
    out = tmp_path / "out.json"
    r = cli("export", "classify", str(spec), "--as-of", "2025-01-01", "-f", "json",
            "-o", str(out))
    assert r.returncode == 2, r.stdout + r.stderr
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_epoch_csv_of_the_wrong_shape(cli, tmp_path: Path) -> None:
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n")
    r = cli("export", "classify", "--epoch-csv", str(bad))
    assert r.returncode == 2 and "Hardware name" in r.stderr and "Traceback" not in r.stderr


def test_check_example_shipment(cli) -> None:
    r = cli("export", "check", "examples/shipment-h20-china.yaml", "-f", "json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["contract"] == "policyatlas.export-check/v1"
    us = next(x for x in data["regimes"] if x["regime"] == "us/ear")
    assert us["outcome"] == "licence_required"
    r = cli("export", "check", "examples/shipment-h20-china.yaml")
    assert r.returncode == 0 and "744.23(b)" in r.stdout


def test_check_bad_shipment(cli, tmp_path: Path) -> None:
    s = tmp_path / "s.yaml"
    s.write_text("date: 2025-06-01\nitem: {origin: US, material: {hs_code: '81129290'}}\n"
                 "ship_from: US\ndestination: Chinaa\n")
    r = cli("export", "check", str(s))
    assert r.returncode == 2 and "destination" in r.stderr and "China" in r.stderr
