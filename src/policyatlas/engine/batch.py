"""Columnar batch evaluation: Arrow in, Arrow out, with DuckDB as the executor.

Each compiled rule becomes one SQL boolean expression over the fact columns. SQL's NULL logic is
Kleene logic, so a NULL (unknown) fact gives the same answer as ``engine/evaluate.py``.
Each obligation's status is the one ``assess()`` gives, compiled into SQL from the same
resolver (``engine/resolve.py``): the rule's truth value picks undetermined (unknown) or the
obligation's status on the date (in force, upcoming, blocked, optional), and laws not yet
signed on the date are not evaluated.

The output has one row per system: ``system_id``; one nullable boolean column per rule
(``<law id>#<rule id>``) and per law (true if any of its rules applies); and the counts of
system-scoped obligations by status, ``n_in_force``, ``n_upcoming``, ``n_blocked``,
``n_optional`` and ``n_undetermined`` — the figures of ``Assessment.counts.by_system``. With
``detail="obligations"`` it is one row per (system, obligation that applies or may apply):
``system_id``, ``law_id``, ``obligation_id``, ``scope``, ``status``.
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
    CompiledRule,
    CompiledRuleSet,
    CRef,
    compile_rules,
)
from policyatlas.engine.results import STATUSES
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


LITIGANTS = "org.litigant_in"


def _signed(cr: CompiledRule, as_of: dt.date) -> bool:
    signed = cr.law.meta.dates.signed
    return signed is None or as_of >= signed


def live_rules(ruleset: CompiledRuleSet) -> list[CompiledRule]:
    """The rules ``assess()`` evaluates on the ruleset's date (laws signed by then)."""
    return [r for r in ruleset.rules if _signed(r, ruleset.as_of)]


def _statuses(cr: CompiledRule, as_of: dt.date) -> list[tuple[str, str, str | dict[str, str]]]:
    """(obligation id, scope, status) for each obligation of the rule that has not ended, when
    the rule applies: one status, or — where an order protects only its parties — the status
    by case id (``{"": plain, case: theirs}``)."""
    from policyatlas.engine.resolve import party_sensitive, static_status

    out: list[tuple[str, str, str | dict[str, str]]] = []
    cases = party_sensitive(cr.law)
    for ob in cr.loaded.rule.obligations:
        plain = static_status(cr.law, cr.loaded, ob, as_of)
        if plain is None:
            continue
        theirs = {case: st for case in cases
                  if (st := static_status(cr.law, cr.loaded, ob, as_of, [case])) != plain}
        out.append((ob.id, ob.scope, {"": plain, **theirs} if theirs else plain))
    return out


def _known_sql(status: str | dict[str, str]) -> str:
    if isinstance(status, str):
        return _lit(status)
    expr = _lit(status[""])
    for case, theirs in status.items():
        if case:
            expr = (f"CASE WHEN list_contains({ident(LITIGANTS)}, {_lit(case)}) "
                    f"THEN {_lit(theirs)} ELSE {expr} END")
    return expr


def _status_sql(cr: CompiledRule, as_of: dt.date) -> list[tuple[str, str, str]]:
    """(obligation id, scope, SQL expression of its status; NULL when the rule is false)."""
    rule = ident(cr.key)
    return [(ob, scope, f"CASE WHEN {rule} IS NULL THEN 'undetermined' WHEN {rule} THEN "
                        f"{_known_sql(status)} END")
            for ob, scope, status in _statuses(cr, as_of)]


def _count_terms(rules: list[CompiledRule], as_of: dt.date) -> dict[str, list[str]]:
    """SQL terms whose sum is each status's count of system-scoped obligations: a rule adds
    its number of obligations of a status when it is true, and all of them when unknown."""
    terms: dict[str, list[str]] = {st: [] for st in STATUSES}
    for r in rules:
        rule = ident(r.key)
        owed = [st for _, scope, st in _statuses(r, as_of) if scope == "system"]
        if not owed:
            continue
        terms["undetermined"].append(f"{len(owed)} * ({rule} IS NULL)::INTEGER")
        plain = [st for st in owed if isinstance(st, str)]
        for st in STATUSES:
            k = plain.count(st)
            if k:
                terms[st].append(f"{k} * COALESCE({rule}::INTEGER, 0)")
        for st in owed:
            if isinstance(st, dict):
                expr = f"CASE WHEN {rule} THEN {_known_sql(st)} END"
                for possible in set(st.values()):
                    terms[possible].append(f"COALESCE(({expr} = {_lit(possible)})::INTEGER, 0)")
    return terms


def required_columns(ruleset: CompiledRuleSet) -> list[str]:
    """The fact columns a batch over this ruleset needs."""
    cols = ruleset.columns()
    from policyatlas.engine.resolve import party_sensitive

    if any(party_sensitive(r.law) for r in live_rules(ruleset)) and LITIGANTS not in cols:
        cols.append(LITIGANTS)
    return cols


def batch_sql(ruleset: CompiledRuleSet, source: str = "facts", detail: str = "counts") -> str:
    rules = live_rules(ruleset)
    cols = ["system_id"] + ([ident(LITIGANTS)] if LITIGANTS in required_columns(ruleset)
                             else [])
    by_law: dict[str, list[str]] = {}
    for r in rules:
        cols.append(f"{to_sql(r.condition)} AS {ident(r.key)}")
        by_law.setdefault(r.loaded.law_id, []).append(ident(r.key))
    inner = f"SELECT {', '.join(cols)} FROM {source}"
    if detail == "obligations":
        statuses = [(r.loaded.law_id, ob, scope, expr) for r in rules
                    for ob, scope, expr in _status_sql(r, ruleset.as_of)]
        if not statuses:
            return ("SELECT NULL::VARCHAR AS system_id, NULL::VARCHAR AS law_id, "
                    "NULL::VARCHAR AS obligation_id, NULL::VARCHAR AS scope, "
                    "NULL::VARCHAR AS status WHERE FALSE")
        items = ", ".join(f"{{'law_id': {_lit(law)}, 'obligation_id': {_lit(ob)}, "
                          f"'scope': {_lit(scope)}, 'status': {expr}}}"
                          for law, ob, scope, expr in statuses)
        return (f"SELECT system_id, o.law_id, o.obligation_id, o.scope, o.status FROM "
                f"(SELECT system_id, unnest([{items}]) AS o FROM ({inner})) "
                f"WHERE o.status IS NOT NULL")
    laws = [f"({' OR '.join(keys)}) AS {ident(law)}" for law, keys in by_law.items()]
    keys = [ident(r.key) for r in rules]
    counts = [f"({' + '.join(terms) or '0'}) AS {ident('n_' + st)}"
              for st, terms in _count_terms(rules, ruleset.as_of).items()]
    return f"SELECT {', '.join(['system_id', *keys, *laws, *counts])} FROM ({inner})"


def evaluate_batch(
    facts: pa.Table | Any,
    as_of: dt.date,
    packs: PackSet | None = None,
    *,
    threads: int | None = None,
    connection: duckdb.DuckDBPyConnection | None = None,
    detail: str = "counts",
) -> pa.Table:
    """Evaluate every rule and resolve every obligation on every row of ``facts`` (an Arrow
    table or pandas DataFrame).

    ``facts`` needs a ``system_id`` column and the fact columns of :func:`required_columns`
    (``facts_table`` builds them from inventories).
    """
    if detail not in ("counts", "obligations"):
        raise ValueError("detail is 'counts' or 'obligations'")
    packs = packs or builtin_packs()
    ruleset = compile_rules(packs, as_of)
    missing = [c for c in ["system_id", *required_columns(ruleset)]
               if c not in facts.column_names] if isinstance(facts, pa.Table) else []
    if missing:
        raise ValueError(f"facts table lacks columns: {', '.join(missing)}")
    con = connection or duckdb.connect()
    try:
        if threads is not None:
            con.execute(f"SET threads = {int(threads)}")
        con.register("facts", facts)
        return con.sql(batch_sql(ruleset, detail=detail)).to_arrow_table()
    finally:
        con.unregister("facts")
        if connection is None:
            con.close()
