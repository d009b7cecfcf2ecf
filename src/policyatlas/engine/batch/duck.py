"""The DuckDB executor: the plan's SQL (``sql.batch_sql``) over an encoded Arrow chunk."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from policyatlas.engine.batch.plan import BatchPlan
from policyatlas.engine.batch.sql import batch_sql

_SQL: dict[tuple, str] = {}


def run(plan: BatchPlan, encoded: pa.Table, *, detail: str = "counts", by: tuple[str, ...] = (),
        rules: bool = True, missing: bool = False, connection: Any = None,
        threads: int | None = None) -> pa.Table:
    key = (plan.fingerprint, detail, by, rules, missing)
    sql = _SQL.get(key)
    if sql is None:
        sql = _SQL[key] = batch_sql(plan, "facts", dialect="duckdb", detail=detail, by=by,
                                    rules=rules, missing=missing)
    con = connection or duckdb.connect()
    try:
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        con.register("facts", encoded)
        out = con.sql(sql).to_arrow_table()
        if hasattr(out, "read_all"):
            out = out.read_all()
        return out
    finally:
        con.unregister("facts")
        if connection is None:
            con.close()
