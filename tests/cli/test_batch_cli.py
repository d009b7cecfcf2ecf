"""`policyatlas batch` through the real command."""

from __future__ import annotations

import datetime as dt
import random

import pyarrow.parquet as pq

from policyatlas.engine.batch import build_plan, facts_table
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.synthetic import inventory_dict
from policyatlas.rules.loader import builtin_packs
from tests.conftest import EXAMPLE


def _input(tmp_path, n=300):
    rng = random.Random(9)
    invs = [Inventory.model_validate(inventory_dict(rng, 1, f"c{k}-")) for k in range(n)]
    plan = build_plan(builtin_packs(), dt.date(2026, 11, 23))
    pq.write_table(facts_table(invs, plan.input_columns()), tmp_path / "in.parquet")
    return tmp_path / "in.parquet"


def test_batch_writes_parquet_and_errors(cli, tmp_path):
    src = _input(tmp_path)
    out = tmp_path / "out.parquet"
    r = cli("batch", str(src), "--as-of", "2026-11-23", "-o", str(out), "--by", "law",
            "--chunk-rows", "100")
    assert r.returncode == 0, r.stderr
    t = pq.read_table(out)
    assert t.num_rows == 300 and "n_in_force" in t.column_names
    assert any(c.startswith("by_law.") for c in t.column_names)
    assert (tmp_path / "out.errors.csv").exists() and "300 systems" in r.stderr


def test_batch_reads_an_inventory(cli, tmp_path):
    out = tmp_path / "o.parquet"
    r = cli("batch", str(EXAMPLE), "--as-of", "2026-11-23", "-o", str(out), "--detail",
            "obligations")
    assert r.returncode == 0, r.stderr
    assert {"system_id", "law_id", "obligation_id", "status"} <= set(pq.read_table(out)
                                                                   .column_names)


def test_bad_arguments_exit_2_without_traceback(cli, tmp_path):
    src = _input(tmp_path, 10)
    for args in (["batch", str(tmp_path / "missing.csv"), "-o", str(tmp_path / "o.parquet")],
                 ["batch", str(src), "-o", str(tmp_path / "o.txt")],
                 ["batch", str(src), "-o", str(tmp_path / "no" / "o.parquet")],
                 ["batch", str(src), "--as-of", "2026-13-45", "-o", str(tmp_path / "o.parquet")],
                 ["batch", str(src), "--master", "spark://x:7077",
                  "-o", str(tmp_path / "o.parquet")]):
        r = cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert ("Traceback" not in r.stderr and "fix" in r.stderr.lower()) or "Error" in r.stderr
