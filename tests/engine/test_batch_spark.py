"""Spark SQL runs the same compiled plan as DuckDB, with identical results (local mode, one
session for the module, tiny inputs)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

pytest.importorskip("pyspark")

from policyatlas.engine.batch import build_plan, duck, encode, facts_table, vector
from policyatlas.engine.batch import spark as sp
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.synthetic import inventory_dict
from policyatlas.rules.loader import BUILTIN_PACKS, load_packs

PACKS = load_packs([BUILTIN_PACKS, Path(__file__).parents[1] / "data" / "packs"])
AS_OF = dt.date(2026, 7, 1)
RNG = random.Random(5)
INVS = [Inventory.model_validate(inventory_dict(RNG, 1, f"k{k}-")) for k in range(200)]


@pytest.fixture(scope="module")
def spark():
    s = sp.session("local[2]")
    yield s
    s.stop()


def _same(a: pa.Table, b: pa.Table) -> None:
    a, b = a.sort_by("system_id"), b.sort_by("system_id")
    assert a.column_names == b.column_names
    for c in a.column_names:
        assert a[c].equals(b[c].cast(a[c].type)), c


def test_spark_equals_duckdb(spark):
    plan = build_plan(PACKS, AS_OF)
    enc, _ = encode(facts_table(INVS, plan.input_columns()), plan)
    arrow = enc.arrow(plan)
    _same(duck.run(plan, arrow, by=("law",), missing=True),
          sp.run(plan, arrow, by=("law",), missing=True, session=spark))
    key = lambda t: sorted(zip(*(t[c].to_pylist() for c in t.column_names), strict=True))  # noqa: E731
    assert key(duck.run(plan, arrow, detail="obligations")) == \
        key(sp.run(plan, arrow, detail="obligations", session=spark))


def test_spark_reads_raw_files_on_the_cluster(spark, tmp_path):
    """The cluster path: Spark encodes raw fact columns itself (sql.encode_sql)."""
    plan = build_plan(PACKS, AS_OF)
    table = facts_table(INVS, plan.input_columns())
    rows = table.to_pylist()
    rows[0]["system.deployment"] = "everywhere"  # an invalid row goes to the errors output
    raw = pa.Table.from_pylist(rows, schema=table.schema)
    pq.write_table(raw, tmp_path / "in.parquet")
    res = sp.run_files(plan, str(tmp_path / "in.parquet"), str(tmp_path / "out"),
                       errors=str(tmp_path / "err"), session=spark)
    assert res == {"rows": 200, "errors": 1}
    enc, errs = encode(raw, plan)
    assert errs.rows == [1]
    _same(vector.counts_table(plan, enc), pq.read_table(tmp_path / "out"))


def test_plan_as_dataframe_expressions_equals_sql_text(spark):
    """The two forms Spark can be given the plan in (docs/batch.md measures them) agree."""
    plan = build_plan(PACKS, AS_OF)
    enc, _ = encode(facts_table(INVS, plan.input_columns()), plan)
    arrow = enc.arrow(plan)
    by = ("law", "category")
    _same(sp.run(plan, arrow, by=by, session=spark),
          sp.run(plan, arrow, by=by, session=spark, plan_as="dataframe"))
    _same(vector.counts_table(plan, enc, by=by, missing=True),
          sp.run(plan, arrow, by=by, missing=True, session=spark, plan_as="dataframe"))
    key = lambda t: sorted(zip(*(t[c].to_pylist() for c in t.column_names), strict=True))  # noqa: E731
    assert key(sp.run(plan, arrow, detail="obligations", session=spark, plan_as="dataframe")) \
        == key(vector.obligations_table(plan, enc))
