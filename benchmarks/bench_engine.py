"""Engine benchmark: batch throughput and memory, and single-inventory latency.

Prints, for 10^4, 10^5 and 10^6 synthetic systems (seeded, see policyatlas.facts.synthetic):
system-law evaluations per second on one DuckDB thread (median of repeated runs, data already
in Arrow) and the peak resident memory of a process that builds and evaluates that batch; then
the warm latency of one ``assess`` library call on the example inventory (median of 300).

    python benchmarks/bench_engine.py            # all sizes
    python benchmarks/bench_engine.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from peak import peak_rss_mib

AS_OF = dt.date(2026, 11, 23)
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "acme-ai.yaml"


def one_size(n: int, repeats: int) -> dict[str, float]:
    """Run in a fresh process so that peak RSS belongs to this size alone."""
    import duckdb

    from policyatlas.engine.batch import evaluate_batch
    from policyatlas.engine.compiled import compile_rules
    from policyatlas.facts.synthetic import facts_table
    from policyatlas.rules.loader import builtin_packs

    packs = builtin_packs()
    ruleset = compile_rules(packs, AS_OF)
    table = facts_table(n, ruleset.columns(), seed=42)
    con = duckdb.connect()  # one connection reused, as a batch job would
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = evaluate_batch(table, AS_OF, packs, threads=1, connection=con)
        times.append(time.perf_counter() - t0)
        assert out.num_rows == n
    median = statistics.median(times)
    return {"systems": n, "laws": len(packs), "rules": len(ruleset.rules),
            "median_s": median, "evals_per_s": n * len(packs) / median,
            "peak_rss_mib": peak_rss_mib()}


def single_latency(runs: int = 300) -> float:
    from policyatlas import assess, load_inventory

    inv = load_inventory(EXAMPLE)
    assess(inv, AS_OF)  # warm: packs loaded and compiled once
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        assess(inv, AS_OF)
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(one_size(args.child, args.repeats)))
        return
    print(f"{'systems':>10} {'laws':>5} {'rules':>6} {'median s':>10} {'system-law evals/s':>20}"
          f" {'peak RSS MiB':>13}")
    for n in args.sizes:
        res = subprocess.run([sys.executable, __file__, "--child", str(n), "--repeats",
                              str(args.repeats)], capture_output=True, text=True, check=True)
        r = json.loads(res.stdout)
        print(f"{r['systems']:>10,} {r['laws']:>5} {r['rules']:>6} {r['median_s']:>10.4f} "
              f"{r['evals_per_s']:>20,.0f} {r['peak_rss_mib']:>13.0f}")
    print(f"single-inventory assess (3 systems, warm, median of 300): {single_latency():.3f} ms")


if __name__ == "__main__":
    main()
