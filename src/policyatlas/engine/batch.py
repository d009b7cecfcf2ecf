"""Columnar batch evaluation: Arrow in, Arrow out, with DuckDB as the executor.

Each compiled rule becomes one SQL boolean expression over the fact columns. SQL's NULL logic is
Kleene logic, so a NULL (unknown) fact gives the same answer as ``engine/evaluate.py``.
The output has one row per system: ``system_id``, one nullable boolean column per rule
(``<law id>#<rule id>``) and one per law (true if any of its rules applies).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import duckdb
import pyarrow as pa

from policyatlas.engine.compiled import (
    CGroup,
    CLeaf,
    CNode,
    CompiledRuleSet,
    CRef,
    compile_rules,
)
from policyatlas.facts.catalogue import FACTS, system_facts
from policyatlas.facts.inventory import Inventory
from policyatlas.rules.loader import PackSet, builtin_packs

_ARROW_TYPES = {"number": pa.float64(), "bool": pa.bool_(), "enum": pa.string(),
                "set": pa.list_(pa.string()), "map": pa.float64(),
                "date": pa.date32()}  # fmt: skip


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(v: Any) -> str:
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int | float):
        return f"CAST({float(v)!r} AS DOUBLE)"
    if isinstance(v, dt.date):
        return f"DATE '{v.isoformat()}'"
    return "'" + str(v).replace("'", "''") + "'"


def _list(values: Iterable[Any]) -> str:
    return "[" + ", ".join(_lit(v) for v in values) + "]"


_CMP = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


def to_sql(node: CNode) -> str:
    if isinstance(node, CRef):
        return to_sql(node.child)
    if isinstance(node, CGroup):
        parts = [to_sql(c) for c in node.children]
        if node.op == "not":
            return f"(NOT {parts[0]})"
        return "(" + (" AND " if node.op == "all" else " OR ").join(parts) + ")"
    assert isinstance(node, CLeaf)
    col, op, v = ident(node.leaf.column), node.leaf.op, node.value
    if op == "known":
        return f"({col} IS {'NOT ' if v else ''}NULL)"
    if op in _CMP:
        return f"({col} {_CMP[op]} {_lit(v)})"
    if op in ("in", "not_in"):
        inner = ", ".join(_lit(x) for x in v)
        return f"({col} {'NOT ' if op == 'not_in' else ''}IN ({inner}))"
    if op == "contains":
        return f"list_contains({col}, {_lit(v)})"
    if op == "subset_of":  # every element of the fact is in the list (NULL stays NULL)
        return f"list_has_all({_list(v)}, {col})"
    fn = "list_has_any" if op == "contains_any" else "list_has_all"
    return f"{fn}({col}, {_list(v)})"


def facts_table(inventories: Iterable[Inventory], columns: list[str]) -> pa.Table:
    """Flatten inventories into one row per system with the given fact columns."""
    ids: list[str] = []
    data: dict[str, list[Any]] = {c: [] for c in columns}
    for inv in inventories:
        for s in inv.systems:
            ids.append(s.id)
            facts = system_facts(inv.organization, s)
            for c in columns:
                name, _, key = c.partition("[")
                v = facts[name]
                if key:
                    v = v.get(key.rstrip("]"))
                data[c].append(v)
    arrays = {"system_id": pa.array(ids, pa.string())}
    for c in columns:
        arrays[c] = pa.array(data[c], _ARROW_TYPES[FACTS[c.partition("[")[0]].type])
    return pa.table(arrays)


def batch_sql(ruleset: CompiledRuleSet, source: str = "facts") -> str:
    cols = ["system_id"]
    by_law: dict[str, list[str]] = {}
    for r in ruleset.rules:
        expr = to_sql(r.condition)
        cols.append(f"{expr} AS {ident(r.key)}")
        by_law.setdefault(r.loaded.law_id, []).append(ident(r.key))
    inner = ", ".join(cols)
    laws = [f"({' OR '.join(keys)}) AS {ident(law)}" for law, keys in by_law.items()]
    outer = ", ".join(["*", *laws])
    return f"SELECT {outer} FROM (SELECT {inner} FROM {source})"


def evaluate_batch(
    facts: pa.Table | Any,
    as_of: dt.date,
    packs: PackSet | None = None,
    *,
    threads: int | None = None,
    connection: duckdb.DuckDBPyConnection | None = None,
) -> pa.Table:
    """Evaluate every rule on every row of ``facts`` (an Arrow table or pandas DataFrame).

    ``facts`` needs a ``system_id`` column and the fact columns of
    :meth:`CompiledRuleSet.columns` (``facts_table`` builds them from inventories).
    """
    packs = packs or builtin_packs()
    ruleset = compile_rules(packs, as_of)
    missing = [c for c in ["system_id", *ruleset.columns()] if c not in facts.column_names
               ] if isinstance(facts, pa.Table) else []
    if missing:
        raise ValueError(f"facts table lacks columns: {', '.join(missing)}")
    con = connection or duckdb.connect()
    try:
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        con.register("facts", facts)
        return con.sql(batch_sql(ruleset)).to_arrow_table()
    finally:
        con.unregister("facts")
        if connection is None:
            con.close()
