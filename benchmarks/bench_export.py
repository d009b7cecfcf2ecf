"""Export-control speed: classify every row of Epoch AI's hardware CSV (medians of 5 runs).

    python benchmarks/bench_export.py [CSV]

Uses ../shared/data/chips/epoch_ml_hardware.csv when present, else the committed sample.
Prints rows, median seconds per full pass, and rows per second; packs are loaded once before
timing (as in a long-running service); the first, cold pass is reported separately.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from policyatlas.export.epoch import classify_epoch
from policyatlas.export.packs import ear_regime

ROOT = Path(__file__).resolve().parents[1]
FULL = ROOT.parent / "shared" / "data" / "chips" / "epoch_ml_hardware.csv"
SAMPLE = ROOT / "tests" / "data" / "epoch" / "epoch_sample.csv"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else (FULL if FULL.exists() else SAMPLE)
    day = dt.date(2026, 11, 23)
    t0 = time.perf_counter()
    ear_regime()
    rows = classify_epoch(path, day)["rows"]
    cold = time.perf_counter() - t0
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        classify_epoch(path, day)
        runs.append(time.perf_counter() - t)
    med = statistics.median(runs)
    print(f"{path.name}: {rows} rows; cold pass (pack load + classify) {cold:.3f} s; "
          f"warm median {med:.3f} s ({rows / med:,.0f} rows/s)")


if __name__ == "__main__":
    main()
