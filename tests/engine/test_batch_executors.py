"""The executors of one batch plan agree: numpy, DuckDB SQL — and the plan's own structure
(every distinct leaf and definition once; set facts as bit masks)."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pyarrow as pa
import pytest

from policyatlas.engine.batch import build_plan, duck, encode, evaluate_batch, facts_table, vector
from policyatlas.engine.compiled import compile_rules, leaves
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.synthetic import inventory_dict
from policyatlas.rules.loader import BUILTIN_PACKS, load_packs

PACKS = load_packs([BUILTIN_PACKS, Path(__file__).parents[1] / "data" / "packs"])
RNG = random.Random(11)
INVS = [Inventory.model_validate(inventory_dict(RNG, 1, f"e{k}-")) for k in range(1500)]


def _rows(t: pa.Table) -> list[tuple]:
    return sorted(zip(*(t[c].to_pylist() for c in t.column_names), strict=True))


@pytest.mark.parametrize("as_of", [dt.date(2025, 12, 31), dt.date(2026, 7, 1)])
def test_duckdb_equals_numpy(as_of):
    plan = build_plan(PACKS, as_of)
    enc, errs = encode(facts_table(INVS, plan.input_columns()), plan)
    assert not errs
    a = vector.counts_table(plan, enc, by=("law", "category"), missing=True)
    b = duck.run(plan, enc.arrow(plan), by=("law", "category"), missing=True)
    assert a.column_names == b.column_names
    assert sum(len(x) for x in a["missing_facts"].to_pylist()) > len(INVS)  # not vacuous
    for c in a.column_names:
        assert a[c].equals(b[c].cast(a[c].type)), c
    a = vector.obligations_table(plan, enc)
    b = duck.run(plan, enc.arrow(plan), detail="obligations")
    assert _rows(a) == _rows(b)


def test_plan_computes_each_distinct_leaf_once():
    as_of = dt.date(2026, 7, 1)
    plan = build_plan(PACKS, as_of)
    ruleset = compile_rules(PACKS, as_of)
    distinct = {(lf.leaf.column, lf.leaf.op, repr(lf.value)) for r in ruleset.rules
                for lf in leaves(r.condition)}
    assert len(plan.leaf_nodes()) <= len(distinct)
    assert len({(n.column, n.op, repr(n.value)) for n in plan.leaf_nodes()}) == \
        len(plan.leaf_nodes())
    groups = [(n.op, n.children) for n in plan.nodes if not n.is_leaf]
    assert len(groups) == len(set(groups))  # a definition used by many rules is one node
    assert all(enc.words >= 1 for enc in plan.sets.values())


def test_bad_rows_are_reported_and_left_out():
    as_of = dt.date(2026, 7, 1)
    plan = build_plan(PACKS, as_of)
    good = facts_table(INVS[:50], plan.input_columns())
    bad = good.to_pylist()
    bad[3]["system.deployment"] = "everywhere"
    bad[7]["system.jurisdictions"] = ["Atlantis"]
    bad[9]["org.annual_gross_revenue_usd"] = float("nan")
    table = pa.Table.from_pylist(bad, schema=good.schema)
    from policyatlas.engine.batch import RowErrors

    errors = RowErrors()
    out = evaluate_batch(table, as_of, PACKS, errors=errors)
    assert sorted(errors.rows) == [4, 8, 10]
    assert set(errors.fields) == {"system.deployment", "system.jurisdictions",
                                  "org.annual_gross_revenue_usd"}
    assert all(errors.fixes)
    assert out.num_rows == 47
    clean = evaluate_batch(good, as_of, PACKS)
    keep = [i for i in range(50) if i not in (3, 7, 9)]
    assert out.to_pylist() == [clean.to_pylist()[i] for i in keep]
    with pytest.raises(ValueError, match="row 4"):
        evaluate_batch(table, as_of, PACKS)
