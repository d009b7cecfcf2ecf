"""Read Epoch AI's machine-learning hardware CSV and classify every row it can.

Epoch AI, "Data on Machine Learning Hardware" (CC BY 4.0, credit "Epoch AI"). Throughput columns
are FLOP/s or OP/s (divided by 1e12 for TOPS); "Total processing performance (bit-OP/s)" is
Epoch's own TPP, compared with ours. Epoch lists performance without sparsity, so figures are
taken as dense. Empty cells mean "not reported".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from policyatlas.errors import Problem, UserError
from policyatlas.export.chips import ChipSpec, Throughput
from policyatlas.export.ear import classify
from policyatlas.export.packs import EarRegime, ear_regime

NAME, VENDOR, EPOCH_TPP = "Hardware name", "Manufacturer", "Total processing performance (bit-OP/s)"
FORMAT_COLUMNS: dict[str, str] = {
    "FP64 (double precision) performance (FLOP/s)": "fp64",
    "FP32 (single precision) performance (FLOP/s)": "fp32",
    "TF32 (TensorFloat-32) performance (FLOP/s)": "tf32",
    "Tensor-FP16/BF16 performance (FLOP/s)": "fp16",
    "FP16 (half precision) performance (FLOP/s)": "fp16",
    "FP8 performance (FLOP/s)": "fp8",
    "FP4 performance (FLOP/s)": "fp4",
    "INT16 performance (OP/s)": "int16",
    "INT8 performance (OP/s)": "int8",
    "INT4 performance (OP/s)": "int4",
}
DIE, INTRANODE, MEMORY_BW = ("Die Size (mm^2)", "Intranode bandwidth (byte/s)",
                             "Memory bandwidth (byte/s)")
REQUIRED = (NAME, *FORMAT_COLUMNS)
AGREEMENT = 0.01  # the acceptance tolerance for TPP agreement with Epoch's column


def _num(row: dict[str, str], col: str) -> float | None:
    raw = (row.get(col) or "").strip()
    if not raw:
        return None
    try:
        v = float(raw)
    except ValueError:
        return None
    return v if v >= 0 else None


def read_rows(path: Path) -> list[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read {path}", [Problem(str(exc), file=str(path))]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise UserError(f"{path} is not an Epoch AI hardware CSV", [Problem(
            f"missing column '{c}'", file=str(path), line=1,
            fix="export the 'ML hardware' table from epoch.ai/data unchanged") for c in missing])
    return list(reader)


def spec_of(row: dict[str, str]) -> ChipSpec:
    dense: dict[str, float] = {}
    for col, fmt in FORMAT_COLUMNS.items():
        v = _num(row, col)
        if v is not None:  # tensor and vector FP16 columns: the higher one is the peak
            dense[fmt] = max(dense.get(fmt, 0.0), v / 1e12)
    die = _num(row, DIE)
    io_bw, mem = _num(row, INTRANODE), _num(row, MEMORY_BW)
    return ChipSpec(name=row[NAME].strip() or "(unnamed)", vendor=(row.get(VENDOR) or None),
                    dense=Throughput(**dense), die_area_mm2=die or None,
                    io_bandwidth_gbps=io_bw / 1e9 if io_bw is not None else None,
                    memory_bandwidth_gbps=mem / 1e9 if mem is not None else None)


def disagreement(row: dict[str, str], ours: float | None, epoch: float,
                 best: str | None, bits: dict[str, int]) -> str:
    """Why our TPP and Epoch's differ: bit-length convention, format choice, sparsity, figures."""
    if ours is None:
        return "missing figure: the row has Epoch's total but no per-format throughput"
    for col, fmt in FORMAT_COLUMNS.items():
        v = _num(row, col)
        if not v:
            continue
        for b in (4, 6, 8, 16, 19, 32, 64):
            if abs(v / 1e12 * b - epoch) <= AGREEMENT * epoch:
                if b != bits[fmt]:
                    return (f"bit-length convention: Epoch's total is '{col}' x {b} bits; "
                            f"this tool counts {fmt} as {bits[fmt]} bits")
                return (f"format choice: Epoch's total is '{col}' x {b} bits = {epoch:,.1f}; "
                        f"the highest-TPP figure in the row is {best} ({ours:,.1f}), "
                        "which the TPP definition requires")
    ratio = ours / epoch
    if abs(ratio - 2) < 0.04 or abs(ratio - 0.5) < 0.01:
        return f"sparsity: the totals differ by a factor of two ({ratio:.3f})"
    return (f"figure outside the row: Epoch's total ({epoch:,.1f}) equals none of the row's "
            f"per-format figures x a bit length; ours uses {best} ({ours:,.1f}, ratio "
            f"{ratio:.3f})")


def classify_epoch(path: Path, day: dt.date, regime: EarRegime | None = None,
                   on_start: Callable[[int], None] | None = None,
                   on_row: Callable[[], None] | None = None) -> dict[str, Any]:
    """Classify every row; ``on_start(total)`` and ``on_row()`` drive a progress bar."""
    regime = regime or ear_regime()
    rows = read_rows(path)
    if on_start is not None:
        on_start(len(rows))
    bits = {k: v.bits for k, v in regime.file.conventions.bit_lengths.items()}
    out, compared, agreeing, disagreements = [], 0, 0, []
    for i, row in enumerate(rows):
        spec = spec_of(row)
        c = classify(spec, day, regime)
        epoch = _num(row, EPOCH_TPP)
        epoch_tpp = epoch / 1e12 if epoch else None
        agrees = None
        if epoch_tpp and c["tpp"] is not None:
            compared += 1
            agrees = abs(c["tpp"] - epoch_tpp) <= AGREEMENT * epoch_tpp
            agreeing += agrees
        if epoch_tpp and not agrees:
            disagreements.append({
                "row": i + 1, "name": spec.name, "tpp": c["tpp"], "epoch_tpp": epoch_tpp,
                "reason": disagreement(row, c["tpp"], epoch_tpp,
                                       c["metrics"]["deciding_format"], bits)})
        out.append({**c, "row": i + 1, "epoch_tpp": epoch_tpp, "tpp_agrees": agrees,
                    "missing_figures": c["metrics"]["missing"] if c["tpp"] is None
                    else c["missing"]})
        if on_row is not None:
            on_row()
    counts: dict[str, int] = {}
    for r in out:
        key = r["eccn"] or r["status"]
        counts[key] = counts.get(key, 0) + 1
    return {
        "contract": "policyatlas.export-epoch/v1", "source": str(path),
        "attribution": "Epoch AI, Data on Machine Learning Hardware (CC BY 4.0)",
        "as_of": day.isoformat(), "rows": len(rows),
        "summary": {"classified": sum(r["status"] != "undetermined" for r in out),
                    "undetermined": sum(r["status"] == "undetermined" for r in out),
                    "by_result": dict(sorted(counts.items())),
                    "tpp_compared": compared, "tpp_agreeing": agreeing,
                    "tpp_agreement_share": agreeing / compared if compared else None,
                    "tolerance": AGREEMENT},
        "disagreements": disagreements, "chips": out,
    }
