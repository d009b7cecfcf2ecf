"""Batch (the compiled plan, columnar) and interactive evaluation give identical answers.

Property-based: Hypothesis draws seeds and dates; each seed yields 100 random inventories from
the shared synthetic generator (10,000 in total), whose values cluster on every threshold over
the built-in packs plus a test pack that uses every operator; each rule's true/false/unknown,
and each system's counts of obligations in force, upcoming, blocked, optional and undetermined
(in all, by law and by category) and the facts whose absence leaves a rule undetermined, must
agree between the two executors — on dates before and
after laws start, before a law is signed and while a court order stands (some organisations are
its parties).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyatlas.engine.assess import assess
from policyatlas.engine.batch import evaluate_batch, facts_table, live_rules, required_columns
from policyatlas.engine.compiled import compile_rules
from policyatlas.engine.evaluate import truth
from policyatlas.engine.results import STATUSES
from policyatlas.facts.catalogue import system_facts
from policyatlas.facts.inventory import Inventory
from policyatlas.facts.synthetic import inventory_dict
from policyatlas.rules.loader import BUILTIN_PACKS, load_packs

PACKS = load_packs([BUILTIN_PACKS, Path(__file__).parents[1] / "data" / "packs"])
PER_EXAMPLE = 100
EXAMPLES = 100  # 100 x 100 = 10,000 random inventories

dates = st.sampled_from([dt.date(2022, 12, 31), dt.date(2025, 12, 31), dt.date(2026, 1, 1),
                         dt.date(2026, 5, 13), dt.date(2026, 7, 1), dt.date(2027, 1, 1)])


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                               HealthCheck.large_base_example])
@given(st.integers(0, 2**32 - 1), dates)
def test_batch_equals_single(seed, as_of):
    rng = random.Random(seed)
    invs = [Inventory.model_validate(inventory_dict(rng, 1, f"i{k}-"))
            for k in range(PER_EXAMPLE)]
    ruleset = compile_rules(PACKS, as_of)
    table = evaluate_batch(facts_table(invs, required_columns(ruleset)), as_of, PACKS,
                           by=("law", "category"), missing=True)
    rows = table.to_pylist()
    assert len(rows) == len(invs)
    for inv, row in zip(invs, rows, strict=True):
        facts = system_facts(inv.organization, inv.systems[0])
        sid = inv.systems[0].id
        assert row["system_id"] == sid
        for cr in live_rules(ruleset):
            assert row[cr.key] == truth(cr.condition, facts), (cr.key, inv.systems[0])
        a = assess(inv, as_of, PACKS)
        counts = a.counts.by_system[sid]
        for status in STATUSES:
            assert row[f"n_{status}"] == getattr(counts, status), (status, inv)
        want: Counter = Counter()
        for o in a.systems[0].obligations:
            want[f"by_law.{o.law_id}.{o.status}"] += 1
            want[f"by_category.{o.category}.{o.status}"] += 1
        got = {k: v for k, v in row.items() if k.startswith("by_") and v}
        assert got == dict(want), inv
        gaps = {f for u in a.systems[0].undetermined for f in u.missing_facts}
        assert len(row["missing_facts"]) == len(gaps) and set(row["missing_facts"]) == gaps, \
            (row["missing_facts"], gaps)


def test_per_obligation_rows_equal_the_assessment():
    rng = random.Random(7)
    invs = [Inventory.model_validate(inventory_dict(rng, 1, f"o{k}-")) for k in range(300)]
    for as_of in (dt.date(2026, 7, 1), dt.date(2027, 1, 15)):
        ruleset = compile_rules(PACKS, as_of)
        table = evaluate_batch(facts_table(invs, required_columns(ruleset)), as_of, PACKS,
                               detail="obligations")
        got = sorted((r["system_id"], r["law_id"], r["obligation_id"], r["status"])
                     for r in table.to_pylist())
        want = []  # one system per inventory: its duties and its organisation's, once each
        for inv in invs:
            a = assess(inv, as_of, PACKS)
            sid = inv.systems[0].id
            want += [(sid, o.law_id, o.obligation_id, o.status)
                     for _, o in a.all_obligations()]
        want.sort()
        assert got == want
