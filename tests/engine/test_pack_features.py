"""Pack features beyond plain rules: family templates with placeholders, litigation that
blocks enforcement, optional duties, information-only laws, dates and subsets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policyatlas.engine.assess import assess
from policyatlas.errors import UserError
from policyatlas.facts.inventory import Inventory
from policyatlas.rules.loader import load_packs
from tests.conftest import PACK_HEAD

TEMPLATE = """\
schema_version: 1
family: test-family
title: Test family
description: Shared rules for tests.
parameters:
  state: {type: string, description: The member's jurisdiction code.}
  window_days: {type: number, description: Days before an election.}
penalties: [member_penalty]
rules:
  - id: shared-rule
    title: Shared rule
    citation: Template §1
    applies_when:
      all:
        - {fact: system.political_advertising, eq: true}
        - {fact: system.jurisdictions, contains: {param: state}}
    obligations:
      - id: label-content
        category: election_content_disclaimer
        title: Label content within {window_days} days of an election
        text: Label it in {state}.
        citation: Template §1(a)
        penalty: member_penalty
        timing: {frequency: continuous, text: "{window_days} days before the election"}
"""

MEMBER = """\
template: test-family
parameters:
  state:
    description: Jurisdiction.
    values: [{from: 2024-07-01, value: us-ca, reference: {citation: "Test Code §1"}}]
  window_days:
    description: Window.
    values:
      - {from: 2024-07-01, value: 90, reference: {citation: "Test Code §2"}}
      - {from: 2026-01-01, value: 120, reference: {citation: "Test Code §2 (amended)"}}
penalties:
  member_penalty: {text: "Up to $1,000.", citation: "Test Code §3", max_usd: 1000}
"""


def _write(tmp_path: Path, law: str, template: str | None = TEMPLATE) -> Path:
    root = tmp_path / "packs"
    folder = root / "us-ca" / "test-law"
    folder.mkdir(parents=True)
    (folder / "law.yaml").write_text(PACK_HEAD + law, encoding="utf-8")
    if template is not None:
        (root / "_families").mkdir()
        (root / "_families" / "test-family.yaml").write_text(template, encoding="utf-8")
    return root


def _inv(**system) -> Inventory:
    base = {"id": "s", "name": "S", "roles": ["deployer"]}
    return Inventory.model_validate({"organization": {"name": "O"}, "systems": [base | system]})


def test_family_member_uses_template_rules_and_fills_placeholders(tmp_path):
    packs = load_packs([_write(tmp_path, MEMBER)])
    inv = _inv(political_advertising=True, jurisdictions=["CA"])
    (ob,) = assess(inv, dt.date(2025, 6, 1), packs).systems[0].having("in_force")
    assert ob.title == "Label content within 90 days of an election"
    assert ob.text == "Label it in us-ca." and ob.timing.text == "90 days before the election"
    assert ob.penalty.max_usd == 1000
    (later,) = assess(inv, dt.date(2026, 6, 1), packs).systems[0].having("in_force")
    assert later.title == "Label content within 120 days of an election"
    assert assess(_inv(political_advertising=True, jurisdictions=["NY"]), dt.date(2025, 6, 1),
                  packs).systems[0].obligations == []


def test_member_missing_a_template_parameter_is_reported(tmp_path):
    member = MEMBER.replace("  window_days:\n", "  window:\n", 1)
    with pytest.raises(UserError) as exc:
        load_packs([_write(tmp_path, member)])
    text = "\n".join(p.render() for p in exc.value.problems)
    assert "needs parameter 'window_days'" in text


def test_template_error_names_the_template_file_and_line(tmp_path):
    bad = TEMPLATE.replace("system.political_advertising", "system.politcal_advertising")
    with pytest.raises(UserError) as exc:
        load_packs([_write(tmp_path, MEMBER, bad)])
    (p,) = exc.value.problems
    line = next(i for i, ln in enumerate(bad.splitlines(), 1) if "politcal" in ln)
    assert p.file.endswith("_families/test-family.yaml") and p.line == line
    assert "did you mean 'system.political_advertising'?" in p.render()


RULE = """\
rules:
  - id: r
    title: R
    citation: Test Code §2
    applies_when: {fact: system.interacts_with_consumers, eq: true}
    obligations:
      - {id: duty, category: ai_interaction_disclosure, title: Disclose, text: Disclose.,
         citation: "Test Code §3", timing: {frequency: continuous, text: always}}
      - {id: harbour, category: risk_management_program, title: Follow NIST, text: A defence.,
         citation: "Test Code §4", optional: true, timing: {frequency: continuous, text: any}}
"""

LITIGATION = """\
  litigation:
    - case: Doe v. State, No. 1
      court: D. Test
      status: stayed
      blocks_enforcement: true
      effect_from: 2025-01-01
      effect_until: 2025-07-01
      note: enforcement stayed pending appeal
"""


def test_litigation_blocks_duties_while_the_order_is_active(tmp_path):
    packs = load_packs([_write(tmp_path, LITIGATION + RULE, template=None)])
    inv = _inv(interacts_with_consumers=True)
    during = assess(inv, dt.date(2025, 3, 1), packs).systems[0]
    assert {o.status for o in during.obligations} == {"blocked"}
    order = during.obligations[0].court_orders[0]
    assert order.case == "Doe v. State, No. 1" and order.blocks_this
    assert order.effect_until == dt.date(2025, 7, 1)
    after = assess(inv, dt.date(2025, 7, 1), packs).systems[0]
    assert [(o.status, o.optional) for o in after.obligations] == [
        ("in_force", False), ("optional", True)]


PARTIES = """\
  litigation:
    - id: doe-v-state
      case: Doe v. State, No. 1
      court: D. Test
      status: stayed
      blocks_enforcement: true
      order: stay
      scope: parties
      protects: [Doe Corp.]
      effect_from: 2025-01-01
      until_event: 14 days after the court rules on the motion for a preliminary injunction
      note: enforcement against the plaintiff stayed
"""


def test_an_order_for_named_parties_blocks_only_for_them(tmp_path):
    packs = load_packs([_write(tmp_path, PARTIES + RULE, template=None)])
    other = assess(_inv(interacts_with_consumers=True), dt.date(2026, 3, 1), packs).systems[0]
    assert [o.status for o in other.obligations] == ["in_force", "optional"]
    assert not other.obligations[0].court_orders[0].blocks_this
    party = _inv(interacts_with_consumers=True)
    party.organization.litigant_in = ["doe-v-state"]
    mine = assess(party, dt.date(2026, 3, 1), packs).systems[0]
    assert {o.status for o in mine.obligations} == {"blocked"}
    order = mine.obligations[0].court_orders[0]
    assert order.blocks_this and order.protects == ["Doe Corp."] and order.until_event
    # The law as a whole is not blocked: the order protects only its parties.
    from policyatlas.engine.laws import status_on

    assert status_on(packs.get("us-ca/test-law"), dt.date(2026, 3, 1)) == "in_force"


def test_information_only_law_needs_no_rules(tmp_path):
    law = "  effect: restricts_regulation\nrules: []\n"
    packs = load_packs([_write(tmp_path, law, template=None)])
    assert packs.get("us-ca/test-law").rules == []
    with pytest.raises(UserError):
        load_packs([_write(tmp_path / "x", "rules: []\n", template=None)])


@pytest.mark.parametrize(
    ("released", "uses", "expected"),
    [
        ("2021-12-31", ["customer_service"], False),
        ("2022-01-01", ["customer_service"], True),
        ("2022-01-01", ["customer_service", "advertising"], False),
        ("2022-01-01", None, None),
        (None, ["customer_service"], None),
    ],
)
def test_dates_and_subset_of(tmp_path, released, uses, expected):
    rule = """\
rules:
  - id: r
    title: R
    citation: Test Code §2
    applies_when:
      all:
        - {fact: system.first_released, gte: 2022-01-01}
        - {fact: system.uses, subset_of: [customer_service, productivity_internal]}
    obligations:
      - {id: duty, category: recordkeeping, title: Keep, text: Keep., citation: "Test Code §3",
         timing: {frequency: continuous, text: always}}
"""
    packs = load_packs([_write(tmp_path, rule, template=None)])
    s = assess(_inv(first_released=released, uses=uses), dt.date(2025, 1, 1), packs).systems[0]
    got = True if s.having("in_force") else (None if s.undetermined else False)
    assert got is expected
