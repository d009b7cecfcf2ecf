"""TPP and performance density: the definition, the bit-length convention and its edges."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from policyatlas.export.chips import ChipSpec
from policyatlas.export.ear import metrics_for
from policyatlas.export.packs import ear_regime


def tpp(**kw: object) -> float | None:
    return metrics_for(ear_regime(), ChipSpec.model_validate({"name": "x", **kw})).tpp


@pytest.mark.parametrize(("dense", "expected"), [
    ({"fp16": 312, "int8": 624}, 4992),  # A100: Epoch and analysts give 4,992
    ({"fp16": 989, "fp8": 1979}, 15832),  # H100 SXM: 15,832
    ({"fp8": 4500, "fp4": 9000}, 36000),  # B200: 36,000
    ({"int8": 600}, 4800),  # BIS: 600 tera integer ops at 8 bits = 4800
    ({"fp16": 300}, 4800),  # BIS: 300 TFLOPS at 16 bits = 4800
    ({"fp64": 47.9, "fp16": 383, "int8": 383}, 6128),  # MI250X: 6,128
])  # fmt: skip
def test_tpp_is_highest_dense_figure_times_bits(dense: dict, expected: float) -> None:
    assert tpp(dense=dense) == pytest.approx(expected)


def test_tf32_counts_19_bits_and_says_it_is_uncertain() -> None:
    m = metrics_for(ear_regime(), ChipSpec(name="Inferentia2", dense={"tf32": 190.0,
                                                                      "fp16": 190.0}))
    assert m.tpp == pytest.approx(3610)  # Epoch: 190 TFLOPS x 19 = 3,610
    assert m.deciding_format == "tf32"
    assert any("TF32" in n for n in m.notes)


def test_sparse_only_figure_is_halved_and_flagged() -> None:
    m = metrics_for(ear_regime(), ChipSpec(name="x", sparse={"int8": 1248.0}))
    assert m.tpp == pytest.approx(4992)
    assert m.per_format[0].from_sparse and "sparse" in m.notes[0]


def test_dense_figure_wins_over_sparse_for_the_same_format() -> None:
    assert tpp(dense={"int8": 624}, sparse={"int8": 1248}) == pytest.approx(4992)


def test_processing_units_are_summed() -> None:
    assert tpp(dense={"fp16": 100}, processing_units=2) == pytest.approx(3200)


def test_performance_density_uses_the_applicable_die_area() -> None:
    m = metrics_for(ear_regime(), ChipSpec(name="L4", dense={"int8": 242.0},
                                           die_area_mm2=294.0))
    assert m.performance_density == pytest.approx(1936 / 294)


@pytest.mark.parametrize(("spec", "field"), [
    ({"dense": {"fp16": -1}}, "dense.fp16"),
    ({"dense": {"fp12": 10}}, "dense.fp12"),
    ({"die_area_mm2": 0}, "die_area_mm2"),
    ({"form": "wafer"}, "form"),
])  # fmt: skip
def test_bad_specs_name_the_field(spec: dict, field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        ChipSpec.model_validate({"name": "x", **spec})
    assert field in str(exc.value)
