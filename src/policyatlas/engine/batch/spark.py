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

from policyatlas.engine.batch.plan import EPOCH, MISSING, WORD_BITS, BatchPlan, PNode
from policyatlas.engine.batch.sql import (
    _layers,
    batch_sql,
    encode_sql,
    gap_columns,
    ident,
    kept_columns,
    missing_list,
    node_name,
    result_sql,
)
from policyatlas.facts.catalogue import FACTS

PLAN_FORMS = ("sql", "dataframe")


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


# ---------------------------------------------------------------- the plan as DataFrame expressions


def _leaf_column(plan: BatchPlan, n: PNode) -> Any:
    """``sql._leaf_sql`` as a Column expression (the same tests, the same NULL behaviour)."""
    from functools import reduce

    from pyspark.sql import functions as F

    col, op = n.column, n.op
    assert col is not None
    if op == "known":
        c = F.col(ident(plan.sets[col].word_column(0) if col in plan.sets else col, "spark"))
        return c.isNotNull() if n.value else c.isNull()
    if n.vtype == "set":
        enc = plan.sets[col]
        words = [F.col(ident(enc.word_column(w), "spark")) for w in range(enc.words)]

        def bits(w: Any, m: int) -> Any:
            return w.bitwiseAND(F.lit(m).cast("bigint"))

        if op == "contains":
            b = enc.bit(str(n.value))
            return bits(words[b // WORD_BITS], 1 << (b % WORD_BITS)) != 0
        m = enc.mask(str(x) for x in n.value)
        if op in ("contains_any", "contains_all"):
            parts = [(bits(w, mw) != 0) if op == "contains_any" else (bits(w, mw) == mw)
                     for w, mw in zip(words, m, strict=True) if mw]
            if not parts:
                return F.when(words[0].isNull(), F.lit(None)).otherwise(
                    F.lit(op == "contains_all"))
            return reduce(lambda a, b: (a | b) if op == "contains_any" else (a & b), parts)
        return reduce(lambda a, b: a & b, [bits(w, ~mw) == 0
                                           for w, mw in zip(words, m, strict=True)])
    c = F.col(ident(col, "spark"))
    if n.vtype == "enum":
        values = FACTS[col.partition("[")[0]].values
        if op in ("eq", "ne"):
            code = values.index(n.value) if n.value in values else -2
            return (c == code) if op == "eq" else (c != code)
        codes = [values.index(x) for x in n.value if x in values] or [-2]
        return ~c.isin(codes) if op == "not_in" else c.isin(codes)
    if n.vtype == "date":
        ref: Any = (n.value - EPOCH).days
    elif n.vtype == "bool":
        ref = bool(n.value)
    else:
        ref = F.lit(float(n.value)).cast("double")
    return {"eq": c.__eq__, "ne": c.__ne__, "gt": c.__gt__, "gte": c.__ge__, "lt": c.__lt__,
            "lte": c.__le__}[op](ref)


def rules_frame(plan: BatchPlan, df: Any, missing: bool = False) -> Any:
    """The plan's rules over the encoded DataFrame ``df``, built as DataFrame expressions: one
    projection per depth of the DAG, as ``sql.batch_sql`` does in text (and, with ``missing``,
    the missing facts, from the same SQL fragments as there)."""
    from functools import reduce

    from pyspark.sql import functions as F

    def ref(i: int) -> Any:
        return F.col(node_name(i))

    for layer in _layers(plan):
        exprs = []
        for n in layer:
            if n.is_leaf:
                e = _leaf_column(plan, n)
            elif n.op == "not":
                e = ~ref(n.children[0])
            else:
                e = reduce((lambda a, b: a & b) if n.op == "and" else (lambda a, b: a | b),
                           [ref(c) for c in n.children])
            exprs.append(e.alias(node_name(n.id)))
        df = df.select("*", *exprs)
    kept = [F.col(ident(c, "spark")) for c in kept_columns(plan)]
    if missing:
        def q(name: str) -> str:
            return ident(name, "spark")

        layers, gap = gap_columns(plan, q)
        for exprs in layers:
            df = df.selectExpr("*", *exprs)
        kept.append(F.expr(missing_list(plan, gap, "spark")).alias(MISSING))
    return df.select(*kept, *[ref(r.node).alias(r.key) for r in plan.rules])


def evaluate_frame(spark: Any, plan: BatchPlan, encoded: Any, *, plan_as: str = "sql",
                   detail: str = "counts", by: tuple[str, ...] = (), rules: bool = True,
                   missing: bool = False, view: str | None = None) -> Any:
    """The result DataFrame of ``plan`` over the encoded DataFrame ``encoded``, the plan given
    to Spark as SQL text (``plan_as="sql"``) or as DataFrame expressions (``"dataframe"``)."""
    if plan_as not in PLAN_FORMS:
        raise ValueError(f"plan_as is one of {', '.join(PLAN_FORMS)}")
    name = view or f"pa_enc_{plan.fingerprint}"
    if plan_as == "sql":
        encoded.createOrReplaceTempView(name)
        return spark.sql(batch_sql(plan, name, dialect="spark", detail=detail, by=by,
                                   rules=rules, missing=missing))
    missing = missing and detail == "counts"
    rules_frame(plan, encoded, missing).createOrReplaceTempView(name)
    return spark.sql(result_sql(plan, name, dialect="spark", detail=detail, by=by,
                                rules=rules, missing=missing))


def _to_arrow(df: Any) -> pa.Table:
    if hasattr(df, "toArrow"):
        return df.toArrow()
    return pa.Table.from_pandas(df.toPandas(), preserve_index=False)


def run(plan: BatchPlan, encoded: pa.Table, *, detail: str = "counts", by: tuple[str, ...] = (),
        rules: bool = True, missing: bool = False, session: Any = None,
        plan_as: str = "sql") -> pa.Table:
    spark = session or globals()["session"]()
    view = f"pa_facts_{plan.fingerprint}"
    try:
        out = evaluate_frame(spark, plan, spark.createDataFrame(encoded), plan_as=plan_as,
                             detail=detail, by=by, rules=rules, missing=missing, view=view)
        return _to_arrow(out)
    finally:
        spark.catalog.dropTempView(view)


def run_files(plan: BatchPlan, source: str, out: str, *, errors: str | None = None,
              fmt: str = "parquet", detail: str = "counts", by: tuple[str, ...] = (),
              rules: bool = True, missing: bool = False, session: Any = None,
              mode: str = "overwrite", plan_as: str = "sql") -> dict:
    """Read raw facts at ``source``, evaluate on the cluster, write Parquet to ``out`` (a
    directory of part files) and invalid rows to ``errors``; returns row counts."""
    spark = session or globals()["session"]()
    reader = spark.read
    if fmt == "csv":
        reader = reader.option("header", "true")
    raw = reader.format("json" if fmt == "jsonl" else fmt).load(source)
    absent = [c for c in ["system_id", *plan.input_columns()] if c not in raw.columns]
    if absent:
        raise ValueError(f"facts table lacks columns: {', '.join(absent)}")
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
    result = evaluate_frame(spark, plan, good, plan_as=plan_as, detail=detail, by=by,
                            rules=rules, missing=missing)
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
