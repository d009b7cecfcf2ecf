"""Batch at population scale: evaluation, whole job and peak memory, 10^4 ... 10^7 systems.

For each size, in a fresh process (so that peak RSS is that size's alone):

* ``eval s``: the compiled plan of all laws (numpy executor) over the encoded table already in
  memory — truth values per law, statuses, counts and missing facts per system (median of
  ``--repeats``);
* ``job s``: the whole job, ``run_job``: read Parquet in chunks -> validate and encode ->
  evaluate -> write Parquet (median of ``--repeats``; one run at 10^7);
* ``peak RSS``: of the job process alone (``peak.py``: VmHWM, not ``ru_maxrss``, which a child
  inherits from the parent that generated the input), input generated beforehand.

Inputs are synthetic fact tables (seed 42, ``policyatlas.facts.synthetic``) written to
``--data`` once. The load average is printed with the table (other work on the machine skews
the figures).

    python benchmarks/bench_batch.py                       # 10^4 ... 10^7
    python benchmarks/bench_batch.py --sizes 1000000 --repeats 3

First, the cost of building the fact table from inventory objects (``facts_table``, the
catalogue's readers; ``--inventories``, one system each).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from peak import peak_rss_mib

AS_OF = dt.date(2026, 11, 23)
PIECE = 1_000_000


def make_input(n: int, data: Path) -> Path:
    import pyarrow.parquet as pq

    from policyatlas.engine.batch import build_plan
    from policyatlas.facts.synthetic import facts_table
    from policyatlas.rules.loader import builtin_packs

    plan = build_plan(builtin_packs(), AS_OF)
    path = data / f"systems-{n}-{plan.fingerprint}.parquet"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    writer = None
    for k, start in enumerate(range(0, n, PIECE)):  # pieces of 10^6: bounded memory
        t = facts_table(min(PIECE, n - start), plan.input_columns(), seed=42 + k)
        if start:
            import pyarrow as pa

            ids = pa.array([f"s{start + i}" for i in range(t.num_rows)])
            t = t.set_column(0, "system_id", ids)
        if writer is None:
            writer = pq.ParquetWriter(tmp, t.schema)
        writer.write_table(t, row_group_size=262_144)
    writer.close()
    os.replace(tmp, path)
    return path


def child_eval(path: Path, repeats: int) -> dict:
    import pyarrow.parquet as pq

    from policyatlas.engine.batch import build_plan, encode, vector
    from policyatlas.rules.loader import builtin_packs

    plan = build_plan(builtin_packs(), AS_OF)
    enc, _ = encode(pq.read_table(path), plan)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = vector.counts_table(plan, enc, rules=False, missing=True)
        times.append(time.perf_counter() - t0)
    assert out.num_rows == enc.n
    return {"eval_s": statistics.median(times), "laws": len(plan.laws),
            "rules": len(plan.rules), "nodes": len(plan.nodes),
            "leaves": len(plan.leaf_nodes())}


def child_job(path: Path, out: Path) -> dict:
    from policyatlas.engine.batch.job import run_job
    from policyatlas.rules.loader import builtin_packs

    packs = builtin_packs()
    t0 = time.perf_counter()
    res = run_job(path, out, AS_OF, packs, errors_path=out.with_suffix(".errors.csv"),
                  resume=False)
    return {"job_s": time.perf_counter() - t0, "rows": res.rows,
            "rss_mib": peak_rss_mib()}


def inventory_table(n: int, repeats: int) -> float:
    """Seconds per system to build the fact table from ``n`` inventory objects (median)."""
    from policyatlas.engine.batch import build_plan, facts_table
    from policyatlas.facts.synthetic import inventories
    from policyatlas.rules.loader import builtin_packs

    columns = build_plan(builtin_packs(), AS_OF).input_columns()
    invs = inventories(n, seed=7)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        table = facts_table(invs, columns)
        times.append(time.perf_counter() - t0)
    assert table.num_rows == n
    return statistics.median(times) / n


def run_child(*args: str) -> dict:
    res = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True,
                         check=True)
    return json.loads(res.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*",
                    default=[10_000, 100_000, 1_000_000, 10_000_000])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--data", type=Path, default=Path("/tmp/policyatlas-bench"))
    ap.add_argument("--inventories", type=int, default=20_000,
                    help="inventory objects for the fact-table figure (0: skip it)")
    ap.add_argument("--child-eval", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--child-job", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child_eval:
        print(json.dumps(child_eval(args.child_eval, args.repeats)))
        return
    if args.child_job:
        print(json.dumps(child_job(args.child_job, args.data / "out.parquet")))
        return
    args.data.mkdir(parents=True, exist_ok=True)
    if args.inventories:
        per = inventory_table(args.inventories, args.repeats)
        print(f"fact table from {args.inventories:,} inventory objects (facts_table): "
              f"{per * 1e6:.1f} µs per system, median of {args.repeats}")
    print(f"{'systems':>11} {'laws':>5} {'rules':>6} {'nodes':>6} {'eval s':>8} "
          f"{'systems/s (eval)':>17} {'job s':>8} {'peak RSS MiB (job)':>19} {'load':>6}")
    for n in args.sizes:
        path = make_input(n, args.data)
        big = n >= 5_000_000
        ev = run_child("--child-eval", str(path), "--repeats", str(args.repeats)) \
            if not big else {"eval_s": float("nan"), "laws": 0, "rules": 0, "nodes": 0}
        jobs = [run_child("--child-job", str(path), "--data", str(args.data))
                for _ in range(1 if big else args.repeats)]
        job_s = statistics.median(j["job_s"] for j in jobs)
        rss = statistics.median(j["rss_mib"] for j in jobs)
        rate = n / ev["eval_s"] if ev["eval_s"] == ev["eval_s"] else float("nan")
        print(f"{n:>11,} {ev['laws']:>5} {ev['rules']:>6} {ev['nodes']:>6} "
              f"{ev['eval_s']:>8.3f} {rate:>17,.0f} {job_s:>8.2f} {rss:>19.0f} "
              f"{os.getloadavg()[0]:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
