"""How fast one answer is, end to end: every figure of the "fast answers" targets in one run.

    python benchmarks/bench_answers.py [--quick]

Prints medians (the machine is shared and noisy: quote medians, and compare in one run):
* whole processes: `policyatlas --version`, `policyatlas assess examples/acme-ai.yaml -f json`
  (warm: the validated pack set is in the user's cache; and cold, with the cache off), and a
  bill re-ingest that changes nothing (`policyatlas bills ingest` of the full data set again);
* in process: `assess()` p50 for both examples and the size of their JSON documents;
* over HTTP (`policyatlas serve` in its own process): POST /assess p50 and p99 over 200
  sequential requests each, and GET /health while 16 clients post assessments;
* bill ingest of the 1,318-bill data set into a fresh store, and again (no changes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BILLS = ROOT.parent / "shared" / "data" / "bills" / "openstates_ai_bills_2019_2024.json.gz"
SAMPLE = ROOT / "tests" / "data" / "bills" / "sample.json.gz"
EXAMPLES = {n: ROOT / "examples" / f"{n}.yaml" for n in ("acme-ai", "frontier-companion")}
CLI = [sys.executable, "-m", "policyatlas"]


def _process(args: list[str], runs: int, env: dict[str, str] | None = None) -> float:
    """Median wall seconds of a whole process, after one warm-up run."""
    env = {**os.environ, **(env or {})}
    times = []
    for i in range(runs + 1):
        t0 = time.perf_counter()
        subprocess.run(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=True, cwd=ROOT)
        if i:
            times.append(time.perf_counter() - t0)
    return statistics.median(times)


def processes(runs: int) -> None:
    print(f"whole processes (median of {runs})")
    print(f"  policyatlas --version                         "
          f"{_process([*CLI, '--version'], runs):6.3f} s")
    assess = [*CLI, "assess", str(EXAMPLES["acme-ai"]), "-f", "json"]
    print(f"  assess acme-ai -f json (packs cached)         {_process(assess, runs):6.3f} s")
    with tempfile.TemporaryDirectory() as tmp:
        cold = _process(assess, max(3, runs // 2), {"POLICYATLAS_CACHE_DIR": tmp,
                                                    "POLICYATLAS_CACHE": "off"})
    print(f"  assess acme-ai -f json (no pack cache)        {cold:6.3f} s")
    data = BILLS if BILLS.exists() else SAMPLE
    with tempfile.TemporaryDirectory() as tmp:
        env = {"POLICYATLAS_BILLS_DB": f"{tmp}/bills.sqlite"}
        subprocess.run([*CLI, "bills", "ingest", str(data)], env={**os.environ, **env},
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        again = _process([*CLI, "bills", "ingest", str(data)], runs, env)
    print(f"  bills ingest, nothing changed ({data.name})   {again:6.3f} s")


def in_process() -> None:
    from policyatlas.engine.assess import assess
    from policyatlas.engine.contract import dumps
    from policyatlas.facts.load import load_inventory

    day = dt.date(2026, 11, 23)
    print("in process: assess() p50 of 300 warm calls, and the JSON document")
    for name, path in EXAMPLES.items():
        inv = load_inventory(path)
        assess(inv, day)
        times = []
        for _ in range(300):
            t0 = time.perf_counter()
            a = assess(inv, day)
            times.append(time.perf_counter() - t0)
        size = len(dumps(a).encode("utf-8"))
        print(f"  {name:20} assess p50 {statistics.median(times) * 1000:5.2f} ms   "
              f"JSON {size / 1000:6.1f} KB")


def http() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_api

    sys.argv = [sys.argv[0], "--runs", "200", "--clients", "16"]
    bench_api.main()


def ingest(runs: int) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_bills

    sys.argv = [sys.argv[0], "--runs", str(runs)]
    bench_bills.main()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    args = parser.parse_args()
    runs = 3 if args.quick else 7
    processes(runs)
    in_process()
    http()
    ingest(1 if args.quick else 3)


if __name__ == "__main__":
    main()
