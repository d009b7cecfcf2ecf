"""The Spark executor: the same plan, as Spark SQL text, on a local or cluster session.

Two entry points:

* :func:`run` — an encoded Arrow chunk (from ``facts_table.encode``) through ``sql.batch_sql``;
  what the equivalence tests compare with DuckDB and numpy.
* :func:`run_files` — past one machine: Spark reads the raw fact table where it lives
  (Parquet, CSV or JSON), encodes it with ``sql.encode_sql`` (rows with invalid values go to
  the errors output), evaluates and writes Parquet, all inside the cluster.

The plan is given to Spark as SQL text rather than built as DataFrame expressions: both reach
the same Catalyst plan, and the text is generated once by the same code that serves DuckDB
(docs/batch.md has the measurement).
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from policyatlas.engine.batch.plan import BatchPlan
from policyatlas.engine.batch.sql import batch_sql, encode_sql, ident


def session(master: str | None = None, app: str = "policyatlas-batch",
            conf: dict[str, str] | None = None) -> Any:
    """A Spark session (``local[2]`` unless ``master`` names a cluster)."""
    from pyspark.sql import SparkSession

    b = (SparkSession.builder.master(master or "local[2]").appName(app)
         .config("spark.sql.execution.arrow.pyspark.enabled", "true")
         .config("spark.sql.shuffle.partitions", "4")
         .config("spark.ui.enabled", "false")
         # A Project over local (driver) rows would be evaluated, interpreted, by the optimizer
         # itself: 60 s for the plan's ~800 columns on 2,000 rows. Executors do it in codegen.
         .config("spark.sql.optimizer.excludedRules",
                 "org.apache.spark.sql.catalyst.optimizer.ConvertToLocalRelation"))
    for k, v in (conf or {}).items():
        b = b.config(k, v)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _to_arrow(df: Any) -> pa.Table:
    if hasattr(df, "toArrow"):
        return df.toArrow()
    return pa.Table.from_pandas(df.toPandas(), preserve_index=False)


def run(plan: BatchPlan, encoded: pa.Table, *, detail: str = "counts", by: tuple[str, ...] = (),
        rules: bool = True, session: Any = None) -> pa.Table:
    spark = session or globals()["session"]()
    df = spark.createDataFrame(encoded)
    view = f"pa_facts_{plan.fingerprint}"
    df.createOrReplaceTempView(view)
    try:
        out = spark.sql(batch_sql(plan, view, dialect="spark", detail=detail, by=by,
                                  rules=rules))
        return _to_arrow(out)
    finally:
        spark.catalog.dropTempView(view)


def run_files(plan: BatchPlan, source: str, out: str, *, errors: str | None = None,
              fmt: str = "parquet", detail: str = "counts", by: tuple[str, ...] = (),
              rules: bool = True, session: Any = None, mode: str = "overwrite") -> dict:
    """Read raw facts at ``source``, evaluate on the cluster, write Parquet to ``out`` (a
    directory of part files) and invalid rows to ``errors``; returns row counts."""
    spark = session or globals()["session"]()
    reader = spark.read
    if fmt == "csv":
        reader = reader.option("header", "true")
    raw = reader.format("json" if fmt == "jsonl" else fmt).load(source)
    missing = [c for c in ["system_id", *plan.input_columns()] if c not in raw.columns]
    if missing:
        raise ValueError(f"facts table lacks columns: {', '.join(missing)}")
    if fmt == "csv":  # sets written as 'a;b' (and '[]' for the empty set)
        from policyatlas.engine.batch.plan import fact_type

        cols = []
        for c in raw.columns:
            if c in plan.sets:
                q = ident(c, "spark")
                cols.append(f"CASE WHEN {q} IS NULL THEN NULL ELSE filter(transform(split("
                            f"regexp_replace({q}, '^\\\\[|\\\\]$', ''), ';'), x -> trim(x)), "
                            f"x -> x <> '') END AS {q}")
            elif c in plan.input_columns() and fact_type(c) == "bool":
                cols.append(f"CAST(lower(trim({ident(c, 'spark')})) IN ('true', 't', 'yes', '1')"
                            f" AS BOOLEAN) AS {ident(c, 'spark')}")
            else:
                cols.append(ident(c, "spark"))
        raw = raw.selectExpr(*cols)
    view = f"pa_raw_{plan.fingerprint}"
    raw.createOrReplaceTempView(view)
    enc = spark.sql(encode_sql(plan, view, dialect="spark"))
    enc.cache()
    bad = enc.where("_error IS NOT NULL")
    good = enc.where("_error IS NULL").drop("_error")
    good_view = f"pa_enc_{plan.fingerprint}"
    good.createOrReplaceTempView(good_view)
    result = spark.sql(batch_sql(plan, good_view, dialect="spark", detail=detail, by=by,
                                 rules=rules))
    result.write.mode(mode).parquet(out)
    n_bad = bad.count()
    if errors:
        bad.selectExpr("CAST(NULL AS BIGINT) AS row", "system_id", "_error AS field",
                       "'invalid value' AS problem",
                       "'see docs/facts.md for the allowed values' AS fix") \
            .write.mode(mode).parquet(errors)
    n = enc.count()
    enc.unpersist()
    return {"rows": n, "errors": n_bad}
