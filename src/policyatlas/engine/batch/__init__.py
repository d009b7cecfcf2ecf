"""Columnar batch evaluation at population scale: the full answer of ``assess()``, per system.

The pieces (each a small module):

* ``plan`` — the compiled batch plan: every distinct leaf and definition once, set facts as
  bit masks, each obligation's status on the date from ``engine/resolve.py``;
* ``facts_table`` — fact tables from inventories or files (Parquet, CSV, JSONL), encoded for
  the plan, with bad rows reported and left out;
* ``vector`` — the numpy executor (the default: the fastest measured, see docs/batch.md);
* ``sql`` — the same plan as SQL text, run by ``duck`` (DuckDB) and ``spark`` (Spark SQL);
* ``job`` — streaming a file in chunks to Parquet, resumable by chunk.

Output (``detail="counts"``): ``system_id``; one nullable boolean per live rule
(``<law id>#<rule id>``) and per law; ``n_in_force``, ``n_upcoming``, ``n_blocked``,
``n_optional``, ``n_undetermined`` — the figures of ``Assessment.counts.by_system`` — and, with
``by=("law", "category")``, the same counts per law and per obligation category; and (unless
``missing=False``) ``missing_facts``: the facts whose absence leaves some rule undetermined (the
union of the assessment's ``undetermined[].missing_facts``), in the plan's column order. With
``detail="obligations"``: one row per (system, obligation that applies or may apply).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from policyatlas.engine.batch.facts_table import Encoded, RowErrors, encode, facts_table
from policyatlas.engine.batch.plan import LITIGANTS, BatchPlan, build_plan, live_rules
from policyatlas.engine.compiled import CompiledRuleSet
from policyatlas.rules.loader import PackSet, builtin_packs

ENGINES = ("numpy", "duckdb", "spark")
DETAILS = ("counts", "obligations")


def required_columns(ruleset: CompiledRuleSet) -> list[str]:
    """The fact columns a batch over this ruleset needs."""
    return build_plan(ruleset.packs, ruleset.as_of).input_columns()


def run_encoded(plan: BatchPlan, enc: Encoded, *, engine: str = "numpy",
                detail: str = "counts", by: tuple[str, ...] = (), rules: bool = True,
                missing: bool = True, connection: Any = None, spark: Any = None) -> pa.Table:
    """Execute ``plan`` on an encoded chunk with the chosen executor."""
    if detail not in DETAILS:
        raise ValueError("detail is 'counts' or 'obligations'")
    if engine == "numpy":
        from policyatlas.engine.batch import vector

        if detail == "obligations":
            return vector.obligations_table(plan, enc)
        return vector.counts_table(plan, enc, rules=rules, by=by, missing=missing)
    if engine == "duckdb":
        from policyatlas.engine.batch import duck

        return duck.run(plan, enc.arrow(plan), detail=detail, by=by, rules=rules,
                        missing=missing, connection=connection)
    if engine == "spark":
        from policyatlas.engine.batch import spark as sp

        return sp.run(plan, enc.arrow(plan), detail=detail, by=by, rules=rules,
                      missing=missing, session=spark)
    raise ValueError(f"engine is one of {', '.join(ENGINES)}")


def evaluate_batch(
    facts: pa.Table | Any,
    as_of: dt.date,
    packs: PackSet | None = None,
    *,
    threads: int | None = None,
    connection: Any = None,
    detail: str = "counts",
    by: tuple[str, ...] = (),
    rules: bool = True,
    missing: bool = True,
    engine: str = "numpy",
    errors: RowErrors | None = None,
) -> pa.Table:
    """Evaluate every rule and resolve every obligation on every row of ``facts`` (an Arrow
    table or pandas DataFrame with ``system_id`` and the columns of :func:`required_columns`;
    ``facts_table`` builds it from inventories).

    Rows with bad values are left out; pass ``errors`` (a ``RowErrors``) to collect them, else
    the first one raises ``ValueError``.
    """
    if detail not in DETAILS:
        raise ValueError("detail is 'counts' or 'obligations'")
    packs = packs or builtin_packs()
    plan = build_plan(packs, as_of)
    if not isinstance(facts, pa.Table):
        facts = pa.Table.from_pandas(facts, preserve_index=False)
    enc, errs = encode(facts, plan)
    if errs and errors is None:
        raise ValueError(f"row {errs.rows[0]}: {errs.fields[0]}: {errs.problems[0]}")
    if errors is not None:
        for i in range(len(errs)):
            errors.add(errs.rows[i], errs.system_ids[i], errs.fields[i], errs.problems[i],
                       errs.fixes[i])
    if threads is not None and connection is not None:
        connection.execute(f"SET threads = {int(threads)}")
    return run_encoded(plan, enc, engine=engine, detail=detail, by=by, rules=rules,
                       missing=missing, connection=connection)


__all__ = ["DETAILS", "ENGINES", "LITIGANTS", "BatchPlan", "RowErrors", "build_plan", "encode",
           "evaluate_batch", "facts_table", "live_rules", "required_columns", "run_encoded"]
