"""Spark: the plan given as SQL text or as DataFrame expressions, all laws, local mode.

For each input size and each form of the plan (``spark.evaluate_frame(plan_as=...)``):

* ``plan s``: building the result DataFrame and planning it on the driver (parse or build,
  analyse, optimise, physical plan: ``queryExecution().executedPlan()``) — what the form
  changes;
* ``run s``: the whole cluster path without the final write — Spark reads the raw Parquet fact
  table, encodes it in SQL (``sql.encode_sql``), evaluates the plan and consumes every row
  (the ``noop`` sink), plan included.

Medians of ``--repeats`` in one session (``--master``, default ``local[2]``), after one warm-up
run per form. The input is the synthetic fact table of ``bench_batch.py`` (seed 42).

    python benchmarks/bench_spark.py [--sizes 100000 1000000] [--repeats 3] [--missing]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from bench_batch import AS_OF, make_input


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="*", default=[100_000, 1_000_000])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--master", default="local[2]")
    ap.add_argument("--missing", action="store_true", help="with each system's missing facts")
    ap.add_argument("--data", type=Path, default=Path("/tmp/policyatlas-bench"))
    args = ap.parse_args()

    from policyatlas.engine.batch import build_plan
    from policyatlas.engine.batch import spark as sp
    from policyatlas.engine.batch.sql import encode_sql
    from policyatlas.rules.loader import builtin_packs

    plan = build_plan(builtin_packs(), AS_OF)
    spark = sp.session(args.master)
    args.data.mkdir(parents=True, exist_ok=True)
    print(f"all laws: {len(plan.laws)} laws, {len(plan.rules)} rules, {len(plan.nodes)} plan "
          f"nodes; Spark {spark.version}, master {args.master}; median of {args.repeats}"
          f"{'; with missing facts' if args.missing else ''}")
    print(f"{'systems':>11} {'plan given as':<24} {'plan s':>8} {'run s':>8} {'load':>6}")
    for n in args.sizes:
        path = make_input(n, args.data)
        spark.read.parquet(str(path)).createOrReplaceTempView("pa_raw")
        for form in sp.PLAN_FORMS:
            def once(form: str = form) -> tuple[float, float]:
                t0 = time.perf_counter()
                enc = spark.sql(encode_sql(plan, "pa_raw", dialect="spark"))
                good = enc.where("_error IS NULL").drop("_error")
                out = sp.evaluate_frame(spark, plan, good, plan_as=form, view="pa_enc",
                                        missing=args.missing)
                out._jdf.queryExecution().executedPlan()
                planned = time.perf_counter() - t0
                out.write.format("noop").mode("overwrite").save()
                return planned, time.perf_counter() - t0

            once()
            runs = [once() for _ in range(args.repeats)]
            label = "SQL text" if form == "sql" else "DataFrame expressions"
            print(f"{n:>11,} {label:<24} {statistics.median(r[0] for r in runs):>8.2f} "
                  f"{statistics.median(r[1] for r in runs):>8.2f} {os.getloadavg()[0]:>6.2f}",
                  flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
