"""Batch (DuckDB, columnar) and interactive evaluation give identical answers.

Property-based: Hypothesis draws seeds and dates; each seed yields 100 random inventories from
the shared synthetic generator (10,000 in total), whose values cluster on every threshold over
the built-in packs plus a test pack that uses every operator; each rule's true/false/unknown
must agree between the two executors.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyatlas.engine.batch import evaluate_batch, facts_table
from policyatlas.engine.compiled import compile_rules
from policyatlas.engine.evaluate import truth
from policyatlas.facts.catalogue import system_facts
from policyatlas.facts.inventory import Inventory
from policyatlas.rules.loader import BUILTIN_PACKS, load_packs
from policyatlas.synthetic import inventory_dict

PACKS = load_packs([BUILTIN_PACKS, Path(__file__).parents[1] / "data" / "packs"])
PER_EXAMPLE = 100
EXAMPLES = 100  # 100 x 100 = 10,000 random inventories

dates = st.sampled_from([dt.date(2022, 12, 31), dt.date(2025, 12, 31), dt.date(2026, 1, 1),
                         dt.date(2027, 1, 1)])


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                               HealthCheck.large_base_example])
@given(st.integers(0, 2**32 - 1), dates)
def test_batch_equals_single(seed, as_of):
    rng = random.Random(seed)
    invs = [Inventory.model_validate(inventory_dict(rng, 1, f"i{k}-"))
            for k in range(PER_EXAMPLE)]
    ruleset = compile_rules(PACKS, as_of)
    table = evaluate_batch(facts_table(invs, ruleset.columns()), as_of, PACKS, threads=1)
    rows = table.to_pylist()
    assert len(rows) == len(invs)
    for inv, row in zip(invs, rows, strict=True):
        facts = system_facts(inv.organization, inv.systems[0])
        assert row["system_id"] == inv.systems[0].id
        for cr in ruleset.rules:
            assert row[cr.key] == truth(cr.condition, facts), (cr.key, inv.systems[0])
