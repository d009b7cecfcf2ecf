"""Is-informed letters as dated data (packs/us/ear/is-informed.yaml): the 2022 NVIDIA and AMD
letters, the 2023 acceleration notice and the 2025 H20 / MI308 letters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from policyatlas.export import ear
from policyatlas.export.packs import EAR_DIR, check_ear, ear_regime
from policyatlas.export.shipment import Shipment
from policyatlas.sourcefile import read_document

A100 = {"name": "NVIDIA A100 SXM4 80GB", "vendor": "NVIDIA", "datacenter": True,
        "dense": {"fp16": 312, "int8": 624}, "die_area_mm2": 826, "io_bandwidth_gbps": 600}
H100 = {"name": "NVIDIA H100 SXM5 80GB", "vendor": "NVIDIA", "datacenter": True,
        "dense": {"fp16": 989, "fp8": 1979}, "die_area_mm2": 814, "io_bandwidth_gbps": 900}
MI250X = {"name": "AMD Instinct MI250X", "vendor": "AMD", "datacenter": True,
          "dense": {"fp16": 383, "int8": 383}, "die_area_mm2": 724, "io_bandwidth_gbps": 800}
MI100 = {"name": "AMD Instinct MI100", "vendor": "AMD", "datacenter": True,
         "dense": {"fp16": 184.6}, "die_area_mm2": 750, "io_bandwidth_gbps": 276}
NVIDIA_2022 = "is-informed-nvidia-2022-08-26"


def licence(day: str, chip: dict[str, Any], dest: str = "CN", **extra: Any) -> dict[str, Any]:
    return ear.licence(Shipment.model_validate({
        "date": day, "item": {"origin": "US", "chip": chip}, "ship_from": "US",
        "destination": dest, **extra}))


def ids(r: dict[str, Any]) -> set[str]:
    return {q["id"] for q in r["requirements"] if q["enforcement"] == "enforced"}


@pytest.mark.parametrize("day", ["2022-08-26", "2022-09-01", "2022-10-06"])
@pytest.mark.parametrize("chip", [A100, H100], ids=["A100", "H100"])
def test_nvidia_2022_letter_requires_a_licence_before_the_rule(day: str, chip) -> None:
    r = licence(day, chip, exporter={"name": "NVIDIA Corporation"})
    assert r["classification"]["status"] == "not_controlled"  # no 3A090 before 2022-10-07
    assert r["outcome"] == "licence_required"
    assert ids(r) == {NVIDIA_2022}
    req = next(q for q in r["requirements"] if q["id"] == NVIDIA_2022)
    assert "8-K" in req["citation"] and req["url"].startswith("https://")
    assert req["letter"]["from"] == "2022-08-26" and req["letter"]["exporter"] == "NVIDIA"
    assert req["exceptions_allowed"] is False
    leaf = req["condition"]["children"][1]
    assert leaf["fact"] == "item.named_in" and "8-K" in leaf["cite"]


def test_nvidia_2022_letter_dates_destinations_and_addressee() -> None:
    assert licence("2022-08-25", A100)["outcome"] == "no_licence_required"
    assert NVIDIA_2022 in ids(licence("2022-09-15", A100, "HK"))  # Hong Kong is China
    assert NVIDIA_2022 in ids(licence("2022-09-15", H100, "RU"))
    assert licence("2022-09-15", A100, "DE")["outcome"] == "no_licence_required"
    other = licence("2022-09-15", A100, exporter={"name": "Example Distribution LLC"})
    assert other["outcome"] == "no_licence_required"
    assert any("binds its addressee" in n for n in other["notes"])
    # from 2022-10-07 the rule applies as well
    both = ids(licence("2022-10-07", A100, exporter={"name": "NVIDIA"}))
    assert {NVIDIA_2022, "rs-china-2022"} <= both


def test_dgx_systems_are_covered() -> None:
    dgx = {**H100, "name": "NVIDIA DGX H100", "form": "computer"}
    assert NVIDIA_2022 in ids(licence("2022-09-15", dgx))


def test_the_september_2022_authorisations_and_their_end_dates() -> None:
    def activities(day: str) -> list[str]:
        r = licence(day, A100)
        req = next(q for q in r["requirements"] if q["id"] == NVIDIA_2022)
        return [a["activity"] for a in req["letter"]["authorisations"]]

    assert activities("2022-08-30") == []
    assert len(activities("2022-12-01")) == 3
    later = activities("2023-06-01")
    assert len(later) == 2 and not any("U.S. customers" in a for a in later)
    assert any("Hong Kong" in a for a in later)
    assert not any("Hong Kong" in a for a in activities("2023-09-02"))


def test_amd_mi250_letter_of_2022() -> None:
    r = licence("2022-09-15", MI250X, exporter={"name": "Advanced Micro Devices, Inc."})
    assert ids(r) == {"is-informed-amd-2022-08-31"}
    assert licence("2022-08-30", MI250X)["outcome"] == "no_licence_required"
    assert licence("2022-09-15", MI100)["outcome"] == "no_licence_required"  # not named
    assert licence("2022-09-15", MI250X, "RU")["outcome"] == "no_licence_required"


def test_2023_acceleration_notice_reaches_the_a800() -> None:
    a800 = {**A100, "name": "NVIDIA A800 SXM 80GB", "io_bandwidth_gbps": 400}
    assert licence("2023-10-22", a800)["outcome"] == "no_licence_required"
    assert ids(licence("2023-10-23", a800)) == {"is-informed-nvidia-2023-10-23"}
    assert "is-informed-nvidia-2023-10-23" not in ids(licence("2023-11-17", a800))


def test_2025_letters_are_in_the_same_data() -> None:
    h20 = {"name": "NVIDIA H20", "vendor": "NVIDIA", "datacenter": True,
           "dense": {"fp16": 148}, "die_area_mm2": 814}
    r = licence("2025-06-01", h20, "MY", end_user={"hq_country": "CN"})
    assert ids(r) == {"is-informed-nvidia-h20-2025-04-09"}
    mi308 = {"name": "AMD Instinct MI308X", "vendor": "AMD", "datacenter": True,
             "dense": {"fp16": 654}, "die_area_mm2": 1017}
    assert "is-informed-amd-mi308-2025-04" in ids(licence("2025-06-01", mi308))


def test_every_letter_is_sourced_and_becomes_a_requirement() -> None:
    data = read_document(EAR_DIR / "is-informed.yaml").data
    reg = ear_regime()
    for letter in data["letters"]:
        assert letter["sources"] and letter["terms"] and letter["citation"]
        assert f"is-informed-{letter['id']}" in reg.letters
    regime = read_document(EAR_DIR / "regime.yaml").data
    assert "named_items" not in regime  # the letters live in one place


def test_a_broken_letter_is_reported_with_its_line(tmp_path) -> None:
    for name in ("regime.yaml", "country-groups.yaml"):
        (tmp_path / name).write_text((EAR_DIR / name).read_text(encoding="utf-8"))
    text = (EAR_DIR / "is-informed.yaml").read_text(encoding="utf-8")
    (tmp_path / "is-informed.yaml").write_text(
        text.replace("definitions: [hq_d5_or_macau]", "definitions: [hq_d5_or_macao]", 1))
    regime, problems = check_ear(tmp_path)
    assert regime is None
    p = problems[0]
    assert p.file.endswith("is-informed.yaml") and p.line and "hq_d5_or_macau" in (p.fix or "")
    assert dt.date  # the module keeps its imports honest
