"""`policyatlas batch` through the real command."""

from __future__ import annotations

import datetime as dt
import random

import pyarrow.parquet as pq
import pytest

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
                  "-o", str(tmp_path / "o.parquet")],
                 ["batch", "s3a://bucket/systems/", "-o", str(tmp_path / "o.parquet")],
                 ["batch", str(src), "-o", "hdfs:///out/result"]):
        r = cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert ("Traceback" not in r.stderr and "fix" in r.stderr.lower()) or "Error" in r.stderr


def test_batch_gives_each_systems_missing_facts_as_assess_does(cli, tmp_path):
    import json

    from policyatlas.engine.assess import assess
    from policyatlas.facts.load import load_inventory

    day = dt.date(2026, 11, 23)
    src = tmp_path / "inventory.json"  # some facts left unknown, as inventories do
    src.write_text(json.dumps(inventory_dict(random.Random(3), 12, "m"), default=str))
    out = tmp_path / "m.parquet"
    r = cli("batch", str(src), "--as-of", day.isoformat(), "-o", str(out))
    assert r.returncode == 0, r.stderr
    got = {row["system_id"]: set(row["missing_facts"])
           for row in pq.read_table(out).to_pylist()}
    a = assess(load_inventory(src), day)
    want = {s.id: {f for u in s.undetermined for f in u.missing_facts} for s in a.systems}
    assert got == want and any(want.values())
    r = cli("batch", str(src), "--as-of", day.isoformat(), "-o", str(out),
            "--no-missing-facts")
    assert r.returncode == 0 and "missing_facts" not in pq.read_table(out).column_names


def test_spark_engine_reads_and_writes_uris(cli, tmp_path):
    """A cluster job names its data by URI (hdfs://, s3a://): the command hands them to Spark
    as written (here file://, on a local Spark) and the result is the numpy engine's."""
    pytest.importorskip("pyspark")
    src = _input(tmp_path, 40)
    r = cli("batch", src.as_uri(), "--as-of", "2026-11-23", "--engine", "spark", "--master",
            "local[1]", "-o", (tmp_path / "out").as_uri())
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out.errors").is_dir()
    r = cli("batch", str(src), "--as-of", "2026-11-23", "-o", str(tmp_path / "np.parquet"))
    assert r.returncode == 0, r.stderr
    a = pq.read_table(tmp_path / "np.parquet").sort_by("system_id")
    b = pq.read_table(tmp_path / "out").sort_by("system_id")
    assert a.column_names == b.column_names
    assert all(a[c].equals(b[c].cast(a[c].type)) for c in a.column_names)
