"""Dated parameters: the value read is the one in force on the day asked, with its reference."""

from __future__ import annotations

import datetime as dt

from policyatlas.engine.assess import assess
from policyatlas.facts.inventory import Inventory
from policyatlas.rules.loader import load_packs

BODY = """
parameters:
  user_threshold:
    description: Users above which the law applies.
    unit: monthly active users
    values:
      - from: 2024-07-01
        value: 1000000
        reference: {citation: Test Code §1(b), url: "https://example.org/v1"}
      - from: 2026-01-01
        value: 500000
        reference: {citation: Test Code §1(b) as amended, url: "https://example.org/v2"}
rules:
  - id: big-service
    title: Big service
    citation: Test Code §2
    applies_when:
      fact: system.monthly_active_users
      gt: {param: user_threshold}
    obligations:
      - id: report
        category: transparency_report
        title: Report
        text: Publish a report.
        citation: Test Code §3
        timing: {frequency: annual, text: yearly}
      - id: later-duty
        category: recordkeeping
        title: Later duty
        text: Keep records from 2026.
        citation: Test Code §4
        effective_from: 2026-01-01
        timing: {frequency: continuous, text: always}
"""


def _system(users: int) -> Inventory:
    return Inventory.model_validate({"organization": {"name": "O"}, "systems": [
        {"id": "s", "name": "S", "roles": ["operator"], "monthly_active_users": users}]})


def test_value_on_the_day_before_and_the_day_of_a_change(make_pack):
    packs = load_packs([make_pack(BODY)])
    inv = _system(750_000)  # between the old and the new threshold
    before = assess(inv, dt.date(2025, 12, 31), packs).systems[0]
    on = assess(inv, dt.date(2026, 1, 1), packs).systems[0]
    assert before.obligations == []
    assert [o.obligation_id for o in on.having("in_force")] == ["report", "later-duty"]
    (p,) = on.traces[on.obligations[0].trace].parameters
    assert (p.value, p.valid_from, p.read_on, p.citation) == (
        500000, dt.date(2026, 1, 1), dt.date(2026, 1, 1), "Test Code §1(b) as amended")


def test_obligation_start_later_than_rule_is_upcoming(make_pack):
    packs = load_packs([make_pack(BODY)])
    s = assess(_system(2_000_000), dt.date(2025, 6, 1), packs).systems[0]
    assert [o.obligation_id for o in s.having("in_force")] == ["report"]
    assert [(o.obligation_id, o.effective_from) for o in s.having("upcoming")] == [
        ("later-duty", dt.date(2026, 1, 1))]
    (p,) = s.traces[s.obligations[0].trace].parameters
    assert (p.value, p.valid_from) == (1000000, dt.date(2024, 7, 1))


def test_before_law_effective_uses_value_of_first_day(make_pack):
    packs = load_packs([make_pack(BODY)])
    s = assess(_system(2_000_000), dt.date(2024, 1, 1), packs).systems[0]
    assert s.having("in_force") == [] and {o.obligation_id for o in s.having("upcoming")} == {
        "report", "later-duty"}
    assert s.traces[s.obligations[0].trace].evaluated_on == dt.date(2024, 7, 1)
