"""Condition semantics: all / any / not with three-valued logic, operators, references."""

from __future__ import annotations

import datetime as dt
import itertools
import textwrap

import pytest

from policyatlas.engine.assess import assess
from policyatlas.engine.compiled import compile_rules
from policyatlas.engine.evaluate import explain, truth
from policyatlas.facts.inventory import Inventory
from policyatlas.rules.loader import load_packs

DAY = dt.date(2025, 1, 1)


def inventory(**system) -> Inventory:
    base = {"id": "s", "name": "S", "roles": ["developer"]}
    return Inventory.model_validate({"organization": {"name": "O"}, "systems": [base | system]})


def rule_result(packs, **system) -> bool | None:
    inv = inventory(**system)
    from policyatlas.facts.catalogue import system_facts

    facts = system_facts(inv.organization, inv.systems[0])
    (cr,) = compile_rules(packs, DAY).rules
    assert truth(cr.condition, facts) == explain(cr.condition, facts).result
    return truth(cr.condition, facts)


RULE = """\
rules:
  - id: r
    title: R
    citation: Test Code §2
    applies_when:
{condition}
    obligations:
      - id: o
        category: recordkeeping
        title: Keep records
        text: Keep records.
        citation: Test Code §3
        timing: {{frequency: continuous, text: always}}
"""


def one_rule(make_pack, condition: str):
    cond = textwrap.indent(textwrap.dedent(condition).strip("\n"), " " * 6)
    return load_packs([make_pack(RULE.format(condition=cond))])


# Kleene truth tables: None is "unknown".
VALUES = [True, False, None]


def k_and(a, b):
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def k_or(a, b):
    if a is True or b is True:
        return True
    return None if a is None or b is None else False


@pytest.mark.parametrize(("op", "fn"), [("all", k_and), ("any", k_or)])
def test_all_any_three_valued(make_pack, op, fn):
    cond = f"""          {op}:
            - fact: system.interacts_with_minors
              eq: true
            - fact: system.mental_health_support
              eq: true"""
    packs = one_rule(make_pack, cond)
    for a, b in itertools.product(VALUES, VALUES):
        got = rule_result(packs, interacts_with_minors=a, mental_health_support=b)
        assert got == fn(a, b), (op, a, b)


def test_not_keeps_unknown(make_pack):
    cond = """          not:
            fact: system.interacts_with_minors
            eq: true"""
    packs = one_rule(make_pack, cond)
    assert rule_result(packs, interacts_with_minors=True) is False
    assert rule_result(packs, interacts_with_minors=False) is True
    assert rule_result(packs, interacts_with_minors=None) is None


@pytest.mark.parametrize(
    ("leaf", "system", "expected"),
    [
        ("fact: system.kinds\n            contains: chatbot", {"kinds": ["chatbot"]}, True),
        ("fact: system.kinds\n            contains: chatbot", {"kinds": ["predictive"]}, False),
        ("fact: system.kinds\n            contains_any: [chatbot, recommender]",
         {"kinds": ["recommender"]}, True),
        ("fact: system.kinds\n            contains_all: [chatbot, generative]",
         {"kinds": ["chatbot"]}, False),
        ("fact: system.decision_influence\n            in: [sole, dominant]",
         {"decision_influence": "dominant"}, True),
        ("fact: system.decision_influence\n            not_in: [sole, dominant]",
         {"decision_influence": None}, None),
        ("fact: system.decision_influence\n            ne: sole",
         {"decision_influence": "none"}, True),
        ("fact: system.monthly_active_users\n            gte: 1000", {"monthly_active_users": 1000},
         True),
        ("fact: system.monthly_active_users\n            lt: 1000", {"monthly_active_users": 1000},
         False),
        ("fact: system.monthly_active_users\n            lte: 1000", {}, None),
        ("fact: system.monthly_active_users\n            known: false", {}, True),
        ("fact: system.monthly_active_users_in\n            key: us-ca\n            gt: 10",
         {"monthly_active_users_by_jurisdiction": {"CA": 11}}, True),
        ("fact: system.monthly_active_users_in\n            key: us-ca\n            gt: 10",
         {"monthly_active_users_by_jurisdiction": {"NY": 11}}, None),
        ("fact: system.jurisdictions\n            contains: us-ny",
         {"jurisdictions": ["NYC"]}, True),
    ],
)
def test_leaf_operators(make_pack, leaf, system, expected):
    packs = one_rule(make_pack, leaf.replace("\n            ", "\n"))
    assert rule_result(packs, **system) is expected


def test_definition_reference_and_trace(make_pack):
    body = """
    definitions:
      minors_chatbot:
        title: Chatbot for minors
        citation: Test Code §1(a)
        when:
          all:
            - fact: system.kinds
              contains: chatbot
              cite: Test Code §1(a)(1)
            - fact: system.interacts_with_minors
              eq: true
    rules:
      - id: r
        title: R
        citation: Test Code §2
        applies_when: {ref: minors_chatbot}
        obligations:
          - id: o
            category: minor_protections
            title: Protect minors
            text: Protect minors.
            citation: Test Code §3
            timing: {frequency: continuous, text: always}
    """
    packs = load_packs([make_pack(body)])
    inv = inventory(kinds=["chatbot"], interacts_with_minors=True)
    (system,) = assess(inv, DAY, packs).systems
    (ob,) = system.obligations
    cond = system.traces[ob.trace].condition
    assert cond.kind == "ref" and cond.name == "minors_chatbot" and cond.cite == "Test Code §1(a)"
    leaf = cond.children[0].children[0]
    assert (leaf.fact, leaf.actual, leaf.result, leaf.cite) == (
        "system.kinds", ["chatbot"], True, "Test Code §1(a)(1)")
    missing = assess(inventory(kinds=["chatbot"]), DAY, packs).systems[0].undetermined
    assert missing[0].missing_facts == ["system.interacts_with_minors"]
