"""Bill ingest speed: the 1,318-bill Open States AI-bill data set into a new SQLite store, then
the same data again (which must change nothing).

    python benchmarks/bench_bills.py [PATH] [--runs N]

PATH defaults to ../shared/data/bills/openstates_ai_bills_2019_2024.json.gz, falling back to the
240-bill sample in tests/data/bills. Prints the median of N runs (default 3) for reading and
validating, the first ingest (status, topics, full-text index) and the re-ingest.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from policyatlas.bills.readers import read_path
from policyatlas.bills.store import BillStore

ROOT = Path(__file__).resolve().parents[1]
FULL = ROOT.parent / "shared" / "data" / "bills" / "openstates_ai_bills_2019_2024.json.gz"
SAMPLE = ROOT / "tests" / "data" / "bills" / "sample.json.gz"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=FULL if FULL.exists() else SAMPLE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    reads, firsts, agains = [], [], []
    for _ in range(args.runs):
        t0 = time.perf_counter()
        records = [r for _, batch in read_path(args.path) for r in batch]
        t1 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp, BillStore(Path(tmp) / "b.sqlite") as store:
            first = store.ingest(records, path=str(args.path))
            t2 = time.perf_counter()
            again = store.ingest(records, path=str(args.path))
            t3 = time.perf_counter()
        assert first.new == len(records) and again.unchanged == len(records)
        reads.append(t1 - t0)
        firsts.append(t2 - t1)
        agains.append(t3 - t2)
    n = len(records)
    print(f"{args.path.name}: {n} bills, median of {args.runs} runs")
    print(f"  read + validate   {statistics.median(reads):6.2f} s")
    first = statistics.median(firsts)
    print(f"  first ingest      {first:6.2f} s  ({n / first:,.0f} bills/s)")
    print(f"  re-ingest         {statistics.median(agains):6.2f} s  (0 changes)")


if __name__ == "__main__":
    main()
