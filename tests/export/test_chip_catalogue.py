"""The chip catalogue (packs/us/ear/chip-catalogue.yaml): sourced product facts used where a
spec omits them, and shown as "from the catalogue (source)"."""

from __future__ import annotations

import datetime as dt
from typing import Any

from policyatlas.export import ear
from policyatlas.export.chips import ChipSpec
from policyatlas.export.packs import ear_regime
from policyatlas.export.shipment import Shipment

DAY = dt.date(2024, 1, 1)
L20 = {"name": "NVIDIA L20", "vendor": "NVIDIA", "dense": {"fp16": 119.5, "int8": 239},
       "die_area_mm2": 609}
RTX4090D = {"name": "NVIDIA GeForce RTX 4090 D", "vendor": "NVIDIA", "dense": {"int8": 588},
            "die_area_mm2": 608}


def leaves(tree: dict[str, Any]) -> list[dict[str, Any]]:
    kids = tree.get("children", [])
    return [tree] if not kids else [x for k in kids for x in leaves(k)]


def test_datacenter_flag_from_the_catalogue_is_cited_in_the_trace() -> None:
    r = ear.classify(ChipSpec.model_validate(L20), DAY)
    assert r["catalogue"]["id"] == "nvidia-l20"
    assert r["catalogue"]["variant_of"] == "NVIDIA L40"
    used = r["catalogue"]["used"]
    assert used == [{"field": "datacenter", "value": True, "source": used[0]["source"]}]
    assert used[0]["source"].startswith("from the catalogue (") and "epoch.ai" in used[0]["source"]
    assert any("from the catalogue" in n for n in r["notes"])
    dc = [lf for step in r["trace"] for lf in leaves(step["condition"])
          if lf.get("fact") == "item.datacenter"]
    assert dc and all(lf["source"].startswith("from the catalogue") for lf in dc)
    assert r["status"] == "not_controlled"  # decided, not "needs datacenter"


def test_without_the_catalogue_the_same_figures_are_undetermined() -> None:
    # TPP 4,704 and density 7.7: the Note to 3A090 (not datacenter, TPP < 4800) decides
    r = ear.classify(ChipSpec.model_validate({**RTX4090D, "name": "Example consumer card",
                                              "vendor": "Example"}), DAY)
    assert r["catalogue"] is None
    assert r["status"] == "undetermined" and r["missing"] == ["datacenter"]


def test_longest_name_wins_and_consumer_parts_fall_under_the_note() -> None:
    r = ear.classify(ChipSpec.model_validate(RTX4090D), DAY)
    assert r["catalogue"]["id"] == "nvidia-rtx-4090-d"
    assert r["catalogue"]["announced"] == "2023-12-28"
    assert r["paragraph"] == "Note to 3A090" and r["status"] == "not_controlled"
    rtx = {"name": "NVIDIA GeForce RTX 4090", "vendor": "NVIDIA", "dense": {"int8": 661},
           "die_area_mm2": 608}
    assert ear.classify(ChipSpec.model_validate(rtx), DAY)["catalogue"]["id"] == "nvidia-rtx-4090"


def test_a_stated_fact_wins_over_the_catalogue() -> None:
    r = ear.classify(ChipSpec.model_validate({**L20, "datacenter": False}), DAY)
    assert r["catalogue"]["id"] == "nvidia-l20" and r["catalogue"]["used"] == []
    assert not any("from the catalogue" in n for n in r["notes"])


def test_excluded_names_and_other_vendors_do_not_match() -> None:
    reg = ear_regime()
    active = ChipSpec.model_validate({"name": "NVIDIA A800 40GB Active", "vendor": "NVIDIA",
                                      "dense": {"fp16": 312}})
    assert ear.catalogue_entry(reg, active) is None
    other = ChipSpec.model_validate({"name": "H100 clone", "vendor": "Example Corp",
                                     "dense": {"fp16": 1}})
    assert ear.catalogue_entry(reg, other) is None


def test_variants_announced_for_china_are_catalogued() -> None:
    reg = ear_regime()
    by_id = {e.id: e for e in reg.catalogue.products}
    assert by_id["nvidia-a800"].variant_of == "NVIDIA A100"
    assert by_id["nvidia-h800"].variant_of == "NVIDIA H100"
    assert by_id["nvidia-h800"].announced == dt.date(2023, 3, 21)
    assert by_id["nvidia-h20"].variant_of == "NVIDIA H100"
    for e in reg.catalogue.products:
        assert e.sources and all(s.url.startswith("https://") for s in e.sources), e.id


def test_the_catalogue_fact_reaches_the_licence_answer() -> None:
    # An A800 spec without the datacenter flag, to China in 2024: NAC excludes datacenter .a
    # items, so the catalogue's "datacenter" decides that no exception is available.
    a800 = {"name": "NVIDIA A800 SXM 80GB", "vendor": "NVIDIA", "dense": {"fp16": 312},
            "die_area_mm2": 826}
    r = ear.licence(Shipment.model_validate({
        "date": "2024-06-01", "item": {"origin": "US", "chip": a800}, "ship_from": "US",
        "destination": "CN", "end_user": {"hq_country": "CN"}}))
    assert r["outcome"] == "licence_required"
    assert not any(e["eligible"] for e in r["exceptions"])
    assert r["facts"]["item.datacenter"] is True
