"""Chip specifications as users give them (datasheet figures) and the EAR metrics they yield.

TPP is 2 x MacTOPS x bit length, aggregated over the processing units: datasheet TOPS/TFLOPS
already count a multiply-accumulate as two operations, so TPP = dense peak (tera-ops/s) x bits,
taken at the number format that gives the highest value. Performance density is TPP divided by
the applicable die area (all logic dies on non-planar nodes, in mm^2). Bit lengths per format are
pack data (``packs/us/ear/regime.yaml``: ``conventions.bit_lengths``), not code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# Datasheet figures are bounded far above any real chip (the fastest accelerators reach about
# 10^4 TFLOPS, 10^3 mm^2 of die): a figure beyond the bound is a typo, and the bound keeps every
# product finite (a TPP that overflows to infinity is never computed).
LIMIT = 1e12
NonNeg = Annotated[float, Field(ge=0, le=LIMIT, allow_inf_nan=False)]
Positive = Annotated[float, Field(ge=1e-6, le=LIMIT, allow_inf_nan=False)]


class Form(StrEnum):
    ic = "ic"  # an integrated circuit (3A090)
    board = "board"  # an electronic assembly / card containing such ICs (4A090)
    computer = "computer"  # a computer or server containing such ICs (4A090)
    hbm = "hbm"  # a stand-alone high-bandwidth-memory stack (3A090.c)


class Throughput(BaseModel):
    """Peak throughput per number format, in tera-operations per second (TFLOPS / TOPS)."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False,
                              str_max_length=2_000)

    fp64: NonNeg | None = None
    fp32: NonNeg | None = None
    tf32: NonNeg | None = None
    fp16: NonNeg | None = None
    bf16: NonNeg | None = None
    fp8: NonNeg | None = None
    fp6: NonNeg | None = None
    fp4: NonNeg | None = None
    int16: NonNeg | None = None
    int8: NonNeg | None = None
    int4: NonNeg | None = None

    def figures(self) -> dict[str, float]:
        return {k: float(v) for k, v in self.model_dump().items() if v is not None}


class ChipSpec(BaseModel):
    """One accelerator, board, computer or HBM stack, as a datasheet describes it."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False,
                              str_max_length=2_000)

    name: str = Field(min_length=1, max_length=300,
                      description="Model name, e.g. 'NVIDIA H100 SXM5 80GB'.")
    vendor: str | None = None
    form: Form = Field(default=Form.ic, strict=False, description="ic, board, computer or hbm.")
    datacenter: bool | None = Field(
        default=None, description="Designed or marketed for use in datacenters (Note to 3A090).")
    dense: Throughput = Field(default_factory=Throughput,
                              description="Dense peak throughput per format (TFLOPS / TOPS).")
    sparse: Throughput = Field(
        default_factory=Throughput,
        description="Figures published only with structured sparsity; halved to dense, flagged.")
    processing_units: int = Field(default=1, ge=1, le=1_000_000, description=(
        "Identical processing units (dies or ICs) the figures are for; the figures are summed. "
        "For a board or computer give the figures of one IC and the IC count here only when "
        "you want the aggregate; ECCN 4A090 follows from the IC's own parameters."))
    die_area_mm2: Positive | None = Field(default=None, description=(
        "Applicable die area: all logic dies on a non-planar-transistor node, summed (mm^2)."))
    io_bandwidth_gbps: NonNeg | None = Field(default=None, description=(
        "Aggregate bidirectional I/O to ICs other than volatile memory (GB/s), for the 2022 "
        "rule."))
    memory_bandwidth_gbps: NonNeg | None = Field(
        default=None, description="Total DRAM bandwidth (GB/s), for the 2026 review policy.")
    hbm_package_area_mm2: NonNeg | None = Field(
        default=None, description="HBM only: area of the package or stack (mm^2).")
    commercially_available_us: bool | None = Field(
        default=None, description="Commercially available in the United States (2026 policy).")


@dataclass(frozen=True, slots=True)
class FormatTPP:
    format: str
    tera_ops: float
    bits: int
    tpp: float
    from_sparse: bool


@dataclass(slots=True)
class Metrics:
    """TPP and performance density with every figure that went into them."""

    tpp: float | None
    performance_density: float | None
    deciding_format: str | None
    per_format: list[FormatTPP] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    hbm_bandwidth_density: float | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "tpp": self.tpp, "performance_density": self.performance_density,
            "deciding_format": self.deciding_format,
            "per_format": [{"format": f.format, "tera_ops": f.tera_ops, "bits": f.bits,
                            "tpp": f.tpp, "from_sparse": f.from_sparse}
                           for f in self.per_format],
            "hbm_bandwidth_density": self.hbm_bandwidth_density,
            "notes": self.notes, "missing": self.missing,
        }  # fmt: skip


def compute_metrics(spec: ChipSpec, bit_lengths: dict[str, int],
                    uncertain_formats: dict[str, str] | None = None) -> Metrics:
    """TPP (highest over formats, dense), performance density and the HBM density of ``spec``."""
    uncertain_formats = uncertain_formats or {}
    rows: list[FormatTPP] = []
    dense = spec.dense.figures()
    for fmt, v in dense.items():
        rows.append(FormatTPP(fmt, v * spec.processing_units, bit_lengths[fmt],
                              v * spec.processing_units * bit_lengths[fmt], False))
    for fmt, v in spec.sparse.figures().items():
        if fmt in dense:
            continue  # a dense figure for the same format is authoritative
        half = v / 2 * spec.processing_units
        rows.append(FormatTPP(fmt, half, bit_lengths[fmt], half * bit_lengths[fmt], True))
    m = Metrics(None, None, None, sorted(rows, key=lambda r: -r.tpp))
    if spec.form == Form.hbm:
        bw, area = spec.memory_bandwidth_gbps, spec.hbm_package_area_mm2
        if bw is None:
            m.missing.append("memory_bandwidth_gbps")
        if area is None:
            m.missing.append("hbm_package_area_mm2")
        if bw is not None and area:
            m.hbm_bandwidth_density = bw / area
        return m
    if not rows:
        m.missing.append("dense")
        return m
    best = m.per_format[0]
    m.tpp, m.deciding_format = best.tpp, best.format
    if best.from_sparse:
        m.notes.append(f"TPP uses the {best.format} sparse figure halved; the EAR counts dense "
                       "throughput, so confirm the dense figure")
    if best.format in uncertain_formats:
        m.notes.append(uncertain_formats[best.format])
    if spec.die_area_mm2:
        m.performance_density = best.tpp / spec.die_area_mm2
    else:
        m.missing.append("die_area_mm2")
    return m
