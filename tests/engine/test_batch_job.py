"""Streaming batch jobs: chunks, files of every format, errors per row, resume by chunk."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from policyatlas.engine.batch import build_plan, evaluate_batch, facts_table
from policyatlas.engine.batch.job import run_job
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.synthetic import inventory_dict
from policyatlas.rules.loader import builtin_packs

AS_OF = dt.date(2026, 11, 23)
RNG = random.Random(3)
INVS = [Inventory.model_validate(inventory_dict(RNG, 1, f"j{k}-")) for k in range(500)]


@pytest.fixture(scope="module")
def table() -> pa.Table:
    return facts_table(INVS, build_plan(builtin_packs(), AS_OF).input_columns())


def _csv(table: pa.Table, path: Path) -> None:
    cols = {}
    for name in table.column_names:
        col = table[name]
        if pa.types.is_list(col.type):
            col = pa.array([None if v is None else ";".join(v) or "[]" for v in col.to_pylist()],
                           pa.string())
        cols[name] = col
    pcsv.write_csv(pa.table(cols), path)


@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl"])
def test_formats_give_the_in_memory_answer(table, tmp_path, fmt):
    src = tmp_path / f"in.{fmt}"
    if fmt == "parquet":
        pq.write_table(table, src)
    elif fmt == "csv":
        _csv(table, src)
    else:
        src.write_text("".join(json.dumps(r, default=str) + "\n" for r in table.to_pylist()))
    out = tmp_path / "out.parquet"
    res = run_job(src, out, AS_OF, builtin_packs(), errors_path=tmp_path / "e.csv",
                  chunk_rows=128)
    assert (res.rows, res.errors, res.chunks) == (500, 0, 4)
    want = evaluate_batch(table, AS_OF)
    assert pq.read_table(out).to_pylist() == want.to_pylist()
    assert not (tmp_path / "out.parquet.parts").exists()


def test_bad_rows_go_to_the_errors_file(table, tmp_path):
    rows = table.to_pylist()
    rows[200]["system.training_status"] = "halfway"
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), tmp_path / "in.parquet")
    res = run_job(tmp_path / "in.parquet", tmp_path / "out.parquet", AS_OF, builtin_packs(),
                  errors_path=tmp_path / "e.csv", chunk_rows=128)
    assert res.errors == 1
    err = pcsv.read_csv(tmp_path / "e.csv").to_pylist()
    assert err[0]["row"] == 201 and err[0]["field"] == "system.training_status"
    assert "halfway" in err[0]["problem"] and err[0]["fix"]
    assert pq.read_table(tmp_path / "out.parquet").num_rows == 499


def test_resume_skips_finished_chunks(table, tmp_path):
    src, out = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pq.write_table(table, src)

    class Stop(Exception):
        pass

    def crash(done: int, total: int | None) -> None:
        if done >= 256:
            raise Stop

    with pytest.raises(Stop):
        run_job(src, out, AS_OF, builtin_packs(), chunk_rows=128, progress=crash)
    assert not out.exists()  # nothing partial under the output's name
    manifest = json.loads((tmp_path / "out.parquet.parts" / "manifest.json").read_text())
    assert sorted(manifest["chunks"]) == ["0", "1"]
    res = run_job(src, out, AS_OF, builtin_packs(), chunk_rows=128)
    assert res.skipped == 2 and res.rows == 500
    fresh = tmp_path / "fresh.parquet"
    run_job(src, fresh, AS_OF, builtin_packs(), chunk_rows=128)
    assert pq.read_table(out).equals(pq.read_table(fresh))
