"""The batch plan as SQL text, for DuckDB and Spark SQL (one generator, two dialects).

The encoded fact table (``Encoded.arrow``: set facts as BIGINT words ``<fact>#<w>``, enums as
integer codes, dates as day numbers) is read by a stack of projections, one per depth of the
plan's DAG, so that every distinct leaf and definition is one column computed once per row
(``n<id>``); the last projection gives the rule and law columns and the counts. SQL's NULL logic
is Kleene logic, so a NULL (unknown) fact gives the answer ``engine/evaluate.py`` gives.

``encode_sql`` is the encoding itself in SQL, for Spark jobs that read raw fact columns where
the data lives (a cluster), instead of encoding on one machine.
"""

from __future__ import annotations

from policyatlas.engine.batch.plan import (
    EPOCH,
    LITIGANTS,
    MISSING,
    WORD_BITS,
    BatchPlan,
    PNode,
    PObligation,
    SetEncoding,
    case_subsets,
    fact_type,
    is_place_set,
)
from policyatlas.engine.results import STATUSES
from policyatlas.facts.catalogue import FACTS


def ident(name: str, dialect: str = "duckdb") -> str:
    if dialect == "spark":
        return "`" + name.replace("`", "``") + "`"
    return '"' + name.replace('"', '""') + '"'


def lit(v: object) -> str:
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return f"CAST({v} AS BIGINT)"
    if isinstance(v, float):
        return f"CAST({v!r} AS DOUBLE)"
    return "'" + str(v).replace("\\", "\\\\").replace("'", "''") + "'"


def _slit(v: str, dialect: str) -> str:
    s = str(v).replace("'", "''")
    return "'" + (s.replace("\\", "\\\\") if dialect == "spark" else s) + "'"


def node_name(i: int) -> str:
    return f"n{i}"


def _leaf_sql(plan: BatchPlan, n: PNode, q) -> str:
    col, op = n.column, n.op
    assert col is not None
    if op == "known":
        cols = [plan.sets[col].word_column(0)] if col in plan.sets else [col]
        return f"({q(cols[0])} IS {'NOT ' if n.value else ''}NULL)"
    if n.vtype == "set":
        enc = plan.sets[col]
        words = [q(enc.word_column(w)) for w in range(enc.words)]
        if op == "contains":
            b = enc.bit(str(n.value))
            return f"(({words[b // WORD_BITS]} & {lit(1 << (b % WORD_BITS))}) <> 0)"
        m = enc.mask(str(x) for x in n.value)
        if op == "contains_any":
            parts = [f"(({w} & {lit(mw)}) <> 0)" for w, mw in zip(words, m, strict=True) if mw]
            return "(" + " OR ".join(parts) + ")" if parts else \
                f"(CASE WHEN {words[0]} IS NULL THEN NULL ELSE FALSE END)"
        if op == "contains_all":
            parts = [f"(({w} & {lit(mw)}) = {lit(mw)})" for w, mw in zip(words, m, strict=True)
                     if mw]
            return "(" + " AND ".join(parts) + ")" if parts else \
                f"(CASE WHEN {words[0]} IS NULL THEN NULL ELSE TRUE END)"
        parts = [f"(({w} & {lit(~mw)}) = 0)" for w, mw in zip(words, m, strict=True)]
        return "(" + " AND ".join(parts) + ")"
    c = q(col)
    sym = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
    if n.vtype == "enum":
        values = FACTS[col.partition("[")[0]].values
        if op in ("eq", "ne"):
            code = values.index(n.value) if n.value in values else -2
            return f"({c} {sym[op]} {code})"
        codes = [values.index(x) for x in n.value if x in values] or [-2]
        return f"({c} {'NOT ' if op == 'not_in' else ''}IN ({', '.join(map(str, codes))}))"
    if n.vtype == "date":
        return f"({c} {sym[op]} {(n.value - EPOCH).days})"
    if n.vtype == "bool":
        return f"({c} {sym[op]} {lit(bool(n.value))})"
    return f"({c} {sym[op]} {lit(float(n.value))})"


def _node_sql(plan: BatchPlan, n: PNode, q) -> str:
    if n.is_leaf:
        return _leaf_sql(plan, n, q)
    kids = [q(node_name(c)) for c in n.children]
    if n.op == "not":
        return f"(NOT {kids[0]})"
    return "(" + (" AND " if n.op == "and" else " OR ").join(kids) + ")"


def _layers(plan: BatchPlan) -> list[list[PNode]]:
    depth: dict[int, int] = {}
    for n in plan.nodes:
        depth[n.id] = 0 if n.is_leaf else 1 + max(depth[c] for c in n.children)
    out: list[list[PNode]] = [[] for _ in range(max(depth.values(), default=0) + 1)]
    for n in plan.nodes:
        out[depth[n.id]].append(n)
    return out


def _case_condition(plan: BatchPlan, cases: tuple[str, ...], subset: tuple[str, ...], q) -> str:
    enc = plan.sets[LITIGANTS]
    parts = []
    for case in cases:
        b = enc.bit(case)
        has = (f"COALESCE(({q(enc.word_column(b // WORD_BITS))} & "
               f"{lit(1 << (b % WORD_BITS))}) <> 0, FALSE)")
        parts.append(has if case in subset else f"NOT {has}")
    return "(" + " AND ".join(parts) + ")"


def status_sql(plan: BatchPlan, o: PObligation, rule: str, q, dialect: str) -> str:
    """The obligation's status (NULL when its rule is false)."""
    if not o.sensitive:
        known = _slit(o.status, dialect)
    else:
        known = "CASE " + " ".join(
            f"WHEN {_case_condition(plan, o.cases, subset, q)} THEN "
            f"{_slit(o.by_cases[code], dialect)}"
            for code, subset in case_subsets(o.cases)) + " END"
    return f"CASE WHEN {rule} IS NULL THEN 'undetermined' WHEN {rule} THEN {known} END"


def _count_terms(plan: BatchPlan, by: tuple[str, ...], q) -> dict[str, list[str]]:
    terms: dict[str, list[str]] = {f"n_{s}": [] for s in STATUSES}
    for r in plan.rules:
        rule = q(r.key)
        t, u = f"CAST(COALESCE({rule}, FALSE) AS INTEGER)", f"CAST({rule} IS NULL AS INTEGER)"
        owed = [o for o in r.obligations if o.scope == "system"]
        for group in ["", *by]:
            buckets: dict[str, list[PObligation]] = {}
            for o in owed:
                name = "" if not group else \
                    f"by_{group}.{o.law_id if group == 'law' else o.category}."
                buckets.setdefault(name, []).append(o)
            for g, obs in buckets.items():
                def col(s: str, g: str = g) -> str:
                    return f"{g}{s}" if g else f"n_{s}"

                terms.setdefault(col("undetermined"), []).append(f"{len(obs)} * {u}")
                plain: dict[str, int] = {}
                for o in obs:
                    if o.sensitive:
                        for s in sorted(set(o.by_cases)):
                            conds = " OR ".join(_case_condition(plan, o.cases, sub, q)
                                                for code, sub in case_subsets(o.cases)
                                                if o.by_cases[code] == s)
                            terms.setdefault(col(s), []).append(
                                f"CAST(COALESCE({rule}, FALSE) AND ({conds}) AS INTEGER)")
                    else:
                        plain[o.status] = plain.get(o.status, 0) + 1
                for s, k in plain.items():
                    terms.setdefault(col(s), []).append(f"{k} * {t}")
    return terms


def batch_sql(plan: BatchPlan, source: str, *, dialect: str = "duckdb", detail: str = "counts",
              by: tuple[str, ...] = (), rules: bool = True, missing: bool = False) -> str:
    """SQL over the encoded table ``source`` giving the batch result of ``plan``."""
    def q(name: str) -> str:
        return ident(name, dialect)

    sql = f"SELECT * FROM {source}"
    for layer in _layers(plan):
        exprs = ", ".join(f"{_node_sql(plan, n, q)} AS {q(node_name(n.id))}" for n in layer)
        sql = f"SELECT *, {exprs} FROM ({sql}) AS l{layer[0].id}"
    rule_cols = [f"{q(node_name(r.node))} AS {q(r.key)}" for r in plan.rules]
    kept = list(map(q, kept_columns(plan)))
    if missing and detail == "counts":
        sql, gap = missing_layers(plan, sql, q)
        kept.append(f"{missing_list(plan, gap, dialect)} AS {q(MISSING)}")
    sql = f"SELECT {', '.join([*kept, *rule_cols])} FROM ({sql}) AS nodes"
    return result_sql(plan, f"({sql})", dialect=dialect, detail=detail, by=by, rules=rules,
                      missing=missing)



def gap_columns(plan: BatchPlan, q) -> tuple[list[list[str]], dict[int, dict[str, str]]]:
    """Per depth of the DAG, the columns saying, per group node and fact, whether that fact's
    absence leaves the node unknown (``g<node>_<k>``, never NULL): a leaf's fact where the leaf
    is NULL; a group's where the group is NULL and the fact is missing in a child. They read
    the node columns. Returns the layers and, per node, fact -> its expression (a column or a
    leaf test)."""
    index = {c: k for k, c in enumerate(plan.columns)}
    gap: dict[int, dict[str, str]] = {}
    layers = []
    for layer in _layers(plan):
        exprs = []
        for n in layer:
            if n.is_leaf:
                gap[n.id] = {} if n.op == "known" else \
                    {n.column: f"({q(node_name(n.id))} IS NULL)"}
            elif n.op == "not":
                gap[n.id] = gap[n.children[0]]
            else:
                parts: dict[str, list[str]] = {}
                for c in n.children:
                    for col, e in gap[c].items():
                        parts.setdefault(col, []).append(e)
                gap[n.id] = {}
                for col, es in parts.items():
                    name = f"g{n.id}_{index[col]}"
                    exprs.append(f"({q(node_name(n.id))} IS NULL AND ({' OR '.join(es)})) "
                                 f"AS {q(name)}")
                    gap[n.id][col] = q(name)
        if exprs:
            layers.append(exprs)
    return layers, gap


def missing_layers(plan: BatchPlan, sql: str, q) -> tuple[str, dict[int, dict[str, str]]]:
    """``gap_columns`` as projections over ``sql`` (which has every node column)."""
    layers, gap = gap_columns(plan, q)
    for i, exprs in enumerate(layers):
        sql = f"SELECT *, {', '.join(exprs)} FROM ({sql}) AS g{i}"
    return sql, gap


def missing_list(plan: BatchPlan, gap: dict[int, dict[str, str]], dialect: str) -> str:
    """The list of facts (in the plan's column order) missing for some rule."""
    items = []
    for col in plan.columns:
        es = [gap[r.node][col] for r in plan.rules if col in gap[r.node]]
        if es:
            items.append(f"CASE WHEN {' OR '.join(dict.fromkeys(es))} THEN "
                         f"{_slit(col, dialect)} END")
    if dialect == "spark":
        return (f"filter(array({', '.join(items)}), x -> x IS NOT NULL)" if items
                else "CAST(array() AS ARRAY<STRING>)")
    return (f"list_filter([{', '.join(items)}], lambda x: x IS NOT NULL)" if items
            else "CAST([] AS VARCHAR[])")


def kept_columns(plan: BatchPlan) -> list[str]:
    """The input columns the result still reads after the rules: the id and the cases."""
    if LITIGANTS not in plan.sets:
        return ["system_id"]
    enc = plan.sets[LITIGANTS]
    return ["system_id", *(enc.word_column(w) for w in range(enc.words))]


def result_sql(plan: BatchPlan, rules_source: str, *, dialect: str = "duckdb",
               detail: str = "counts", by: tuple[str, ...] = (), rules: bool = True,
               missing: bool = False) -> str:
    """The result (counts or per-obligation rows) from ``rules_source``: a table or subquery
    with ``kept_columns`` and one nullable boolean per rule, named by its key."""
    def q(name: str) -> str:
        return ident(name, dialect)

    sql = f"SELECT * FROM {rules_source} AS rs"
    if detail == "obligations":
        items = []
        for r in plan.rules:
            for o in r.obligations:
                fields = {"law_id": _slit(o.law_id, dialect),
                          "obligation_id": _slit(o.obligation_id, dialect),
                          "scope": _slit(o.scope, dialect),
                          "category": _slit(o.category, dialect),
                          "status": status_sql(plan, o, q(r.key), q, dialect)}
                if dialect == "spark":
                    items.append("named_struct(" + ", ".join(f"'{k}', {v}"
                                                             for k, v in fields.items()) + ")")
                else:
                    items.append("{" + ", ".join(f"'{k}': {v}" for k, v in fields.items()) + "}")
        if not items:
            return ("SELECT CAST(NULL AS VARCHAR(1)) AS system_id, CAST(NULL AS VARCHAR(1)) AS "
                    "law_id WHERE FALSE")
        arr = f"array({', '.join(items)})" if dialect == "spark" else f"[{', '.join(items)}]"
        fn = "explode" if dialect == "spark" else "unnest"
        return (f"SELECT system_id, o.law_id, o.obligation_id, o.scope, o.category, o.status "
                f"FROM (SELECT system_id, {fn}({arr}) AS o FROM ({sql}) AS r) AS x "
                f"WHERE o.status IS NOT NULL")
    by_law: dict[str, list[str]] = {}
    for r in plan.rules:
        by_law.setdefault(r.law_id, []).append(q(r.key))
    out = ["system_id"]
    if rules:
        out += [q(r.key) for r in plan.rules]
    out += [f"({' OR '.join(keys)}) AS {q(law)}" for law, keys in by_law.items()]
    terms = _count_terms(plan, by, q)
    names = [f"n_{s}" for s in STATUSES] + sorted(k for k in terms if not k.startswith("n_"))
    out += [f"CAST({' + '.join(terms[k]) or '0'} AS SMALLINT) AS {q(k)}" for k in names]
    if missing:
        out.append(q(MISSING))
    return f"SELECT {', '.join(out)} FROM ({sql}) AS r"


# ---------------------------------------------------------------- encoding in SQL (Spark)


def _raw_masks(plan: BatchPlan, enc: SetEncoding) -> tuple[dict[str, tuple[int, ...]], bool]:
    """Raw (lower-cased) value -> words, and whether values outside it are errors."""
    if is_place_set(enc.column):
        from policyatlas.facts.jurisdictions import _ALIASES, expand

        return {alias: enc.mask(expand([code])) for alias, code in _ALIASES.items()}, True
    fact = FACTS[enc.column]
    if fact.values:
        return {v.lower(): enc.mask([v]) for v in fact.values}, True
    return {v.lower(): enc.mask([v]) for v in enc.values}, False


def encode_sql(plan: BatchPlan, source: str, dialect: str = "spark") -> str:
    """SQL that turns a raw fact table (sets as arrays of strings, enums as strings, dates as
    dates) into the encoded table ``batch_sql`` reads, with ``_error`` naming the fields whose
    values are invalid (NULL when the row is fine)."""
    def q(name: str) -> str:
        return ident(name, dialect)

    out = ["CAST(system_id AS STRING) AS system_id" if dialect == "spark"
           else "CAST(system_id AS VARCHAR) AS system_id"]
    errors = []
    for col in plan.input_columns():
        c, ftype = q(col), fact_type(col)
        if ftype in ("number", "map"):
            out.append(f"CAST({c} AS DOUBLE) AS {c}")
        elif ftype == "bool":
            out.append(f"CAST({c} AS BOOLEAN) AS {c}")
        elif ftype == "date":
            expr = (f"datediff(CAST({c} AS DATE), DATE '1970-01-01')" if dialect == "spark"
                    else f"(CAST({c} AS DATE) - DATE '1970-01-01')")
            out.append(f"CAST({expr} AS INTEGER) AS {c}")
        elif ftype == "enum":
            values = FACTS[col].values
            case = " ".join(f"WHEN {_slit(v, dialect)} THEN {i}" for i, v in enumerate(values))
            code = f"CASE {c} {case} END"
            out.append(f"CAST({code} AS SMALLINT) AS {c}")
            errors.append(f"CASE WHEN {c} IS NOT NULL AND {code} IS NULL THEN "
                          f"{_slit(col, dialect)} END")
        else:
            enc = plan.sets[col]
            masks, strict = _raw_masks(plan, enc)
            x = "lower(trim(x))"
            for w in range(enc.words):
                b = enc.bit("\0other")
                other = 1 << (b % WORD_BITS) if b // WORD_BITS == w else 0
                pairs = ", ".join(f"{_slit(k, dialect)}, CAST({m[w]} AS BIGINT)"
                                  for k, m in masks.items())
                fallback = 0 if strict else other
                item = (f"coalesce(element_at(map({pairs}), {x}), CAST({fallback} AS BIGINT))"
                        if masks else f"CAST({fallback} AS BIGINT)")
                out.append(f"aggregate({c}, CAST(0 AS BIGINT), (acc, x) -> acc | {item}) "
                           f"AS {q(enc.word_column(w))}")
            if strict:
                known = ", ".join(f"{_slit(k, dialect)}, TRUE" for k in masks)
                errors.append(f"CASE WHEN exists({c}, x -> element_at(map({known}), {x}) IS NULL)"
                              f" THEN {_slit(col, dialect)} END")
    err = f"concat_ws(', ', {', '.join(errors)})" if errors else "''"
    out.append(f"NULLIF({err}, '') AS _error")
    return f"SELECT {', '.join(out)} FROM {source}"
